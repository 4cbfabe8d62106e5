"""Revisions of what editors change, kept by django-reversion: every write path (admin,
import, command, restore, publish action) saves inside `revision()`, so each save leaves one
revision with who, when, from where and why.

The apps say which models keep revisions (`register`, from their AppConfig.ready, once
modeltranslation has added the per-language columns that a revision must hold). This module
reads a revision back (`snapshot`) and puts an object back as a revision held it (`restore`);
the apps' services add what is theirs (the activity row, who may change the publication)."""

from contextlib import contextmanager

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from reversion.models import Revision, Version

from .admin_roles import untranslatable_fields
from .models import RevisionSource
from .publishing import PUBLICATION_FIELDS, Publishable, may_publish

# Model → the reverse relations its revisions carry along (a release's ordered contacts).
_FOLLOW = {}


@contextmanager
def revision(user=None, comment="", source=""):
    """Record every registered object saved inside as one revision. Nested blocks join the
    outer one (reversion's own rule): the outermost block names the source."""
    outermost = not reversion.is_active()
    with reversion.create_revision():
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        if outermost and source:
            reversion.add_meta(RevisionSource, source=source[:100])
        yield


def register(model, follow=()):
    """Keep revisions of `model`, each holding the objects of the reverse relations in
    `follow` too (their accessor names, e.g. "releasecontact_set")."""
    reversion.register(model, follow=follow)
    _FOLLOW[model] = tuple(follow)
    return model


def is_registered(model):
    return model in _FOLLOW


def versions_of(obj):
    """The object's versions, newest first, with who made each revision and from where."""
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision__user", "revision__source")
        .order_by("-revision__date_created", "-pk")
    )


def translated_fields(model):
    """{field name: {language: column}} for the model's translated fields, in model order."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    names = [f.name for f in model._meta.fields if f.name in options.all_fields]
    return {
        name: {f.language: f.name for f in sorted(options.all_fields[name], key=_by_language)}
        for name in names
    }


def _by_language(field):
    codes = [code for code, _name in settings.LANGUAGES]
    return codes.index(field.language) if field.language in codes else len(codes)


def followed(model):
    """(label, child model, foreign key to the parent) for each relation revisions carry."""
    for name in _FOLLOW.get(model, ()):
        relation = next(r for r in model._meta.related_objects if r.get_accessor_name() == name)
        child = relation.related_model
        yield child._meta.verbose_name_plural, child, relation.field


def _ordering_key(model):
    """Sort children as their model orders them (a release's contacts by `order`)."""
    ordering = [name for name in (model._meta.ordering or ["pk"]) if isinstance(name, str)]

    def key(child):
        values = []
        for name in ordering:
            attr = name.lstrip("-")
            value = getattr(child, "pk" if attr == "pk" else attr, None)
            values.append((value is None, value))
        return values

    return key, any(name.startswith("-") for name in ordering[:1])


class Snapshot:
    """An object as one revision holds it: an unsaved instance with every column, the ids of
    its many-to-many relations, and the followed children as they were then."""

    def __init__(self, version, revision_versions=None):
        self.version = version
        self.revision = version.revision
        self.model = version.content_type.model_class()
        values = version.field_dict
        many = {f.attname for f in self.model._meta.many_to_many}
        self.many_to_many = {name: list(values[name]) for name in many if name in values}
        self.fields = {name: value for name, value in values.items() if name not in many}
        self.object = self.model(**self.fields)
        if revision_versions is None:
            revision_versions = list(self.revision.version_set.select_related("content_type"))
        self.children = []
        for label, child_model, foreign_key in followed(self.model):
            kids = [
                Snapshot(v, revision_versions)
                for v in revision_versions
                if v.content_type.model_class() is child_model
                and v.field_dict.get(foreign_key.attname) == self.object.pk
            ]
            key, reverse = _ordering_key(child_model)
            kids.sort(key=lambda s: key(s.object), reverse=reverse)
            self.children.append((label, child_model, foreign_key, kids))


class RestoreError(Exception):
    """The revision cannot be put back as it is (a slug now taken, a unit since deleted)."""


def publication_kept(model, user):
    """The publication fields a restore by `user` must leave as they are now: all of them for
    a publishable model unless the user holds its publish permission (a restore with no
    person, from a command, leaves them too)."""
    if not issubclass(model, Publishable) or may_publish(user, model):
        return set()
    return set(PUBLICATION_FIELDS)


# Several revisions may be saved within a minute: each is named to the second.
REVISION_TIME_FORMAT = "j F Y, H:i:s"


def restore_comment(revision_):
    when = date_format(localtime(revision_.date_created), REVISION_TIME_FORMAT)
    who = revision_.user.get_username() if revision_.user else _("unknown")
    return _("Restored revision of %(date)s by %(user)s") % {"date": when, "user": who}


def primary_version(version_or_revision, models_):
    """The version to restore: the one given, or the revision's version of the first of
    `models_` it holds."""
    if isinstance(version_or_revision, Version):
        return version_or_revision
    if isinstance(version_or_revision, Revision):
        versions = list(version_or_revision.version_set.select_related("content_type"))
        for model in models_:
            for version in versions:
                if version.content_type.model_class() is model:
                    return version
    raise RestoreError(_("This revision holds nothing that can be restored here."))


def restore(version, *, user, source, keep=()):
    """Put the object back as `version` holds it, as a new revision; returns the object.

    Every column comes back except the primary key, automatic times, the version (bumped, so
    forms opened before become stale) and the columns in `keep` (with `publication_kept`:
    the publication state). Many-to-many links and followed children (in order) come back
    too, as far as `user` may write them (`ChildRestore`: a translator brings back the text
    of a person's positions, never their dates, and nobody deletes or adds a row of a kind
    they may not); links to objects deleted since are dropped, and a child pointing at a
    deleted object is left out.
    """
    model = version.content_type.model_class()
    wanted = Snapshot(version)
    obj = model._base_manager.select_for_update().filter(pk=wanted.object.pk).first()
    if obj is None:
        raise RestoreError(_("This object no longer exists."))
    keep = set(keep) | publication_kept(model, user)
    for field in _restored_fields(model):
        if field.attname not in wanted.fields or field.name in keep or field.attname in keep:
            continue
        value = wanted.fields[field.attname]
        if field.is_relation and value is not None and not _exists(field.related_model, value):
            if not field.null:
                raise RestoreError(
                    _("“%(field)s” of this revision no longer exists.")
                    % {"field": field.verbose_name}
                )
            value = None
        setattr(obj, field.attname, value)
    try:
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as error:
        raise RestoreError(" ".join(error.messages)) from None
    with revision(user=user, comment=restore_comment(version.revision), source=source):
        ChildRestore(user).run(obj.pk, wanted.children)
        for name, ids in wanted.many_to_many.items():
            if name in keep:
                continue
            related = model._meta.get_field(name).related_model
            present = set(related._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
            getattr(obj, name).set([pk for pk in ids if pk in present])
        if any(f.name == "updated_by" for f in model._meta.concrete_fields):
            obj.updated_by = user if getattr(user, "is_authenticated", False) else None
        obj.save()
        obj.refresh_from_db()
        _record_saved_version(obj)
    return obj


def _restored_fields(model):
    """The columns a restore may put back: not the key, the per-language originals, times or
    bookkeeping the save works out again from the restored text (the version, who saved,
    the state of a translation)."""
    base_names = set(translated_fields(model))
    return [
        field
        for field in model._meta.concrete_fields
        if not (
            field.primary_key
            or field.name in base_names
            or field.name in ("version", "updated_by", "translation_state")
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        )
    ]


def _exists(model, pk):
    return model._base_manager.filter(pk=pk).exists()


def _may(user, model, action):
    opts = model._meta
    return user is None or user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def left_as_is(version, user):
    """What a restore of `version` by `user` will leave as it is among the followed
    children, one sentence per row, without changing anything (the confirmation page)."""
    wanted = Snapshot(version)
    restore_ = ChildRestore(user, dry_run=True)
    restore_.run(wanted.object.pk, wanted.children)
    return restore_.left


class ChildRestore:
    """Make a parent's followed children the revision's, as far as the person may, row by row:
    a row added since goes only for someone holding the child model's delete permission, a
    row deleted since comes back only with its add permission, and a row that is there both
    times takes the revision's columns with the change permission — only its translated
    text (slugs excepted) without the add permission, the translator's limit in the admin
    (core.admin_roles). What is left as it is is said in `left`, one sentence a row.

    Restoring what one may rather than refusing the whole restore is what the admin's form
    does too: the person changes what they may and sees the rest read-only; `left` tells
    them, on the confirmation page and after the restore, what stays."""

    def __init__(self, user, dry_run=False):
        self.user = user
        self.dry_run = dry_run
        self.left = []

    def run(self, parent_pk, children):
        for _label, child_model, foreign_key, kids in children:
            self._children(parent_pk, child_model, foreign_key, kids)

    def _note(self, message, model, row):
        self.left.append(
            message % {"object": str(row), "model": model._meta.verbose_name}
        )

    def _children(self, parent_pk, model, foreign_key, kids):
        manager = model._base_manager
        wanted_pks = [kid.object.pk for kid in kids]
        added_since = list(
            manager.filter(**{foreign_key.name: parent_pk}).exclude(pk__in=wanted_pks)
        )
        if added_since:
            if _may(self.user, model, "delete"):
                if not self.dry_run:
                    manager.filter(pk__in=[row.pk for row in added_since]).delete()
            else:
                for row in added_since:
                    self._note(
                        _("“%(object)s” (%(model)s), added since, stays: you may not delete it."),
                        model, row,
                    )
        current = manager.in_bulk(wanted_pks)
        for kid in kids:
            if self._points_at_deleted(kid, model, foreign_key):
                continue
            row = current.get(kid.object.pk)
            if row is None and not self._add(kid, model):
                continue  # nor do its own children
            if row is not None:
                self._change(kid, model, row)
            self.run(kid.object.pk, kid.children)

    @staticmethod
    def _points_at_deleted(kid, model, foreign_key):
        return any(
            f.is_relation
            and f is not foreign_key
            and kid.fields.get(f.attname) is not None
            and not _exists(f.related_model, kid.fields[f.attname])
            for f in model._meta.concrete_fields
        )

    def _add(self, kid, model):
        if not _may(self.user, model, "add"):
            self._note(
                _("“%(object)s” (%(model)s), deleted since, does not come back: "
                  "you may not add it."),
                model, kid.object,
            )
            return False
        self._save(kid.object, adding=True)
        if not self.dry_run:
            for name, ids in kid.many_to_many.items():
                getattr(kid.object, name).set(ids)
        return True

    def _change(self, kid, model, row):
        differs = [
            field for field in _restored_fields(model)
            if field.attname in kid.fields
            and getattr(row, field.attname) != kid.fields[field.attname]
        ]
        if not _may(self.user, model, "change"):
            if differs:
                self._note(
                    _("“%(object)s” (%(model)s) stays as it is: you may not change it."),
                    model, row,
                )
            return
        if _may(self.user, model, "add"):
            self._save(kid.object, adding=False)
            if not self.dry_run:
                for name, ids in kid.many_to_many.items():
                    getattr(kid.object, name).set(ids)
            return
        # The translator's limit: translated text only; the row's place, dates and children
        # are structure, and stay.
        text_only = _text_columns(model)
        if any(field.attname not in text_only for field in differs):
            self._note(
                _("“%(object)s” (%(model)s): only its translated text comes back; "
                  "you may not change the rest."),
                model, row,
            )
        for field in differs:
            if field.attname in text_only:
                setattr(row, field.attname, kid.fields[field.attname])
        if any(field.attname in text_only for field in differs):
            self._save(row, adding=False)

    def _save(self, row, *, adding):
        row._state.adding = adding
        try:
            row.validate_unique()
            row.validate_constraints()
        except ValidationError as error:
            if self.dry_run:
                return
            raise RestoreError(" ".join(error.messages)) from None
        if not self.dry_run:
            row.save()


def _text_columns(model):
    """The per-language columns of the model's translated text, slugs excepted: what a
    translator may write (core.admin_roles)."""
    kept = set(untranslatable_fields(model))
    return {
        column
        for columns in translated_fields(model).values()
        for column in columns.values()
        if column not in kept
    }


def text_of(field, value):
    """A column's value as a person reads it, for comparing two revisions."""
    if value is None or value == "":
        return ""
    if isinstance(value, (list, tuple)) or getattr(field, "multiple", False):
        return "\n".join(_one_text(field, item) for item in value)
    return _one_text(field, value)


def _one_text(field, value):
    if field.choices:
        labels = dict(field.get_choices(include_blank=False))
        return str(labels.get(_choice_key(value), value))
    if isinstance(field, models.DateTimeField):
        return date_format(localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return date_format(value, "DATE_FORMAT")
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


def _choice_key(value):
    return getattr(value, "code", value)


def save_new_version(obj, *, user=None, source="", comment=""):
    """Save a `Versioned` object as one revision (the save moves its version on), naming who
    saved it (the stale-save refusal of any form opened before this write names them)."""
    with revision(user=user, comment=comment, source=source):
        obj.updated_by = user if getattr(user, "is_authenticated", False) else None
        obj.save()
        _record_saved_version(obj)


def _record_saved_version(obj):
    """The revision took the object at its save, when `version` was still the expression
    that moves it on (core.write_path), which no revision can be read back with:
    take it again, as saved."""
    if reversion.is_registered(type(obj)):
        reversion.add_to_revision(obj)
