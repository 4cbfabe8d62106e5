"""One write path for the content: every model a public page shows runs the same steps,
whatever writes it — the admin, a service, a command, an import, a revision restore, a
translation import, `save()`, `QuerySet.update()`, `bulk_create`, `bulk_update`, `delete()` or
`QuerySet.delete()`.

The steps, in this order:

1. rich text is sanitised (core.sanitize);
2. the version moves on by one (`Versioned`), unless the writer set one itself (an import
   carrying versions across sites) or wrote only bookkeeping the editors never change
   (renditions, the translation state);
3. the state of each translation is worked out again (`TracksTranslations`);
   -- the row is written --
4. a slug given up becomes a redirect to the object (`KeepsOldSlugs`);
5. files no row names any more leave storage once the write commits (`OwnsFiles`);
6. the cache tags of what changed are purged (core.purge_rules), in the write's
   transaction, and the front caches are told once it commits;
7. a publishable object whose status or public time changed is told, with the values it had
   before (`Publishable.publication_written`): releases end the journalist links of an
   embargo they left.

A delete runs 4-6 for what goes (cascades included: Django sends a signal per deleted row).
What changed since a row was loaded is told by django-model-utils' `FieldTracker`, watching
only the columns these steps compare. A write that runs no `save()` (`update()`,
`bulk_create`, `bulk_update`) runs the same steps on the rows it writes, judged by the
columns it writes. Raw saves (loaddata, a revision's children put back) are followed too: they
are sanitised, keep their old slugs and purge, and bring their own version, translation state
and files.

Revisions and the activity log are where a person acts (services, the admin): they record who
did what; nothing the public sees depends on them.
"""
from functools import cache

from django.db import models, transaction
from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.signals import post_delete, post_save, pre_save

from core import purge_rules
from core.content_cache import purge
from core.language_policy import RICH_TEXT_FIELDS
from core.sanitize import sanitize_html, sanitize_translated_fields
from core.translation_state import TracksTranslations, changed_texts, tracked_columns

from . import tracking
from .media import OwnsFiles, file_columns, release_files
from .publishing import PUBLICATION_TIMING, Publishable
from .redirects import (
    KeepsOldSlugs,
    forget_old_slugs,
    record_slug_changes,
    slug_columns,
    slugs_taken,
)
from .versioning import Versioned

VERSION = "version"


@cache
def watched_columns(model):
    """The columns whose stored value a step compares with the one being written."""
    columns = set(purge_rules.watched_columns(model))
    if issubclass(model, KeepsOldSlugs):
        columns.update(slug_columns(model).values())
    if issubclass(model, OwnsFiles):
        columns.update(file_columns(model))
    if issubclass(model, TracksTranslations):
        columns.update(tracked_columns(model))
    if issubclass(model, Versioned):
        columns.add(VERSION)
    if issubclass(model, Publishable):
        columns.update(PUBLICATION_TIMING)
    return columns


@cache
def _column_names(model):
    return {field.attname for field in model._meta.concrete_fields}


def content_models(all_models):
    return [model for model in all_models if issubclass(model, ContentModel)]


def cover(app_config, rules, watched=None):
    """Put the content models of `app_config` on the write path, purging by `rules` (see
    core.purge_rules.declare). Called from the app's ready(): after modeltranslation added the
    translated columns (a tracker made with the class would not see them)."""
    purge_rules.declare(app_config, rules, watched)
    for model in content_models(app_config.get_models()):
        tracker = tracking.ContentTracker(fields=watched_columns(model))
        model.add_to_class("tracker", tracker)
        # What class_prepared runs for a tracker declared in the class body.
        tracker.finalize_class(model)
        uid = f"write-path-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


# --- What a write changes -------------------------------------------------------------------


def stored_values(instance):
    """{column: value the row holds now} of the watched columns; None for a new row."""
    return tracking.stored_values(instance, watched_columns(type(instance)))


def _comparable(value):
    return str(getattr(value, "name", value) or "") if value is not None else ""


def changed_columns(model, before, after, written=None):
    """Watched columns whose value differs between `before` and `after` ({column: value}),
    among `written` (None: all)."""
    return {
        column for column in watched_columns(model)
        if column in before and column in after
        and (written is None or column in written)
        and _comparable(before[column]) != _comparable(after[column])
    }


def sanitize_rich_text(instance):
    sanitize_translated_fields(instance, *RICH_TEXT_FIELDS)


def sanitize_values(values):
    """The values an `update()` writes, their rich text (every language's column) sanitised."""
    return {
        name: sanitize_html(value)
        if isinstance(value, str) and name.rsplit("_", 1)[0] in RICH_TEXT_FIELDS else value
        for name, value in values.items()
    }


def _current(instance, columns):
    return {column: instance.__dict__[column] for column in columns if column in instance.__dict__}


def _bumps_version(model, written):
    """Whether writing `written` (column names; None: every column) moves the version on: it
    does unless only bookkeeping the editors never change is written."""
    if written is None:
        return True
    fields = {f.attname: f for f in model._meta.concrete_fields}
    fields.update({f.name: f for f in model._meta.concrete_fields})
    return any(fields[name].editable for name in written if name in fields)


def with_bookkeeping(model, update_fields):
    """`save(update_fields=...)` writes what the steps derive from those fields too."""
    fields = set(update_fields)
    if issubclass(model, Versioned) and _bumps_version(model, fields):
        fields |= {VERSION, "updated_at"}
    if issubclass(model, TracksTranslations) and fields & set(tracked_columns(model)):
        fields.add("translation_state")
    return fields


# --- save() ---------------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    sanitize_rich_text(instance)
    if raw:
        # Only the old slugs need the stored row: the rest is brought along as written.
        keeps_slugs = isinstance(instance, KeepsOldSlugs)
        instance._write_before = stored_values(instance) if keeps_slugs else None
        return
    before = stored_values(instance)
    instance._write_before = before
    if issubclass(sender, Versioned) and before is not None and _bumps_version(
        sender, update_fields
    ) and instance.version == before.get(VERSION, instance.version):
        instance.version = F(VERSION) + 1
    if isinstance(instance, TracksTranslations):
        after = _current(instance, tracked_columns(sender))
        instance.update_translation_state(
            None if before is None else changed_texts(before, after)
        )


def _after_save(sender, instance, created=False, raw=False, update_fields=None, using=None,
                **kwargs):
    if isinstance(getattr(instance, VERSION, None), Combinable):
        instance.refresh_from_db(fields=[VERSION])
    before = instance.__dict__.pop("_write_before", None)
    after = _current(instance, watched_columns(sender))
    changed = None
    if before is not None and not created:
        changed = changed_columns(sender, before, after, update_fields)
    if isinstance(instance, KeepsOldSlugs):
        record_slug_changes(instance, before or {}, after, changed)
    if isinstance(instance, OwnsFiles) and not raw and changed:
        release_files(sender, before, changed, using)
    purge(*purge_rules.tags_for(sender, instance.pk, instance, _base_names(sender, changed)))
    if not raw and changed:
        _publication_step(instance, before, changed)


def _publication_step(obj, before, changed):
    if isinstance(obj, Publishable) and changed & set(PUBLICATION_TIMING):
        obj.publication_written({column: before.get(column) for column in PUBLICATION_TIMING})


def _after_delete(sender, instance, using=None, **kwargs):
    if isinstance(instance, KeepsOldSlugs):
        forget_old_slugs(instance)
    if isinstance(instance, OwnsFiles):
        columns = file_columns(sender)
        # The names stored, not an unsaved file assigned before the delete.
        stored = tracking.stored_values(instance, columns) or _current(instance, columns)
        release_files(sender, stored, set(columns), using)
    purge(*purge_rules.tags_for(sender, instance.pk, instance, None))


def _base_names(model, columns):
    return None if columns is None else purge_rules.base_names(model, columns)


# --- Writes that run no save() --------------------------------------------------------------


class ContentQuerySet(models.QuerySet):
    """Bulk writes run the write path's steps on the rows they write (see the module)."""

    def update(self, **values):
        model = self.model
        values = sanitize_values(values)
        if issubclass(model, Versioned) and VERSION not in values and _bumps_version(
            model, values
        ):
            values[VERSION] = F(VERSION) + 1
        with transaction.atomic(using=self.db, savepoint=False):
            before = {row.pk: row for row in model._base_manager.using(self.db).filter(
                pk__in=models.Subquery(self.values("pk"))
            )}
            updated = super().update(**values)
            _rows_written(model, before, set(values), self.db)
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            sanitize_rich_text(obj)
            if isinstance(obj, TracksTranslations):
                obj.update_translation_state(None)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            if issubclass(self.model, KeepsOldSlugs):
                slugs_taken(self.model, created)
            purge(*purge_rules.tags_for_rows(self.model, created, None))
        for obj in created:
            obj.tracker.set_saved_fields()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        model = self.model
        objs = list(objs)
        fields = set(fields)
        columns = {model._meta.get_field(name).attname for name in fields}
        befores = {}
        for obj in objs:
            sanitize_rich_text(obj)
            before = befores[obj.pk] = stored_values(obj) or {}
            if isinstance(obj, TracksTranslations):
                after = _current(obj, tracked_columns(model))
                obj.update_translation_state(
                    changed_texts({c: before[c] for c in columns if c in before}, after)
                )
        if issubclass(model, TracksTranslations) and columns & set(tracked_columns(model)):
            fields.add("translation_state")
        if issubclass(model, Versioned) and VERSION not in fields and _bumps_version(
            model, columns
        ):
            fields.add(VERSION)
            for obj in objs:
                obj.version = F(VERSION) + 1
        with transaction.atomic(using=self.db, savepoint=False):
            updated = super().bulk_update(objs, fields, *args, **kwargs)
            if VERSION in fields:
                versions = dict(model._base_manager.using(self.db).filter(
                    pk__in=[obj.pk for obj in objs]
                ).values_list("pk", VERSION))
                for obj in objs:
                    obj.version = versions.get(obj.pk)
            changed = set()
            for obj in objs:
                after = _current(obj, watched_columns(model))
                written = changed_columns(model, befores[obj.pk], after, columns)
                changed |= written
                _after_row_written(model, obj, befores[obj.pk], after, written, self.db)
                obj.tracker.set_saved_fields()
            purge(*purge_rules.tags_for_rows(model, objs, _base_names(model, columns)))
        return updated


def _rows_written(model, before, written, using):
    """After `update()`: the steps that follow a write, for each row it wrote."""
    after_rows = model._base_manager.using(using).in_bulk(list(before))
    for pk, old in before.items():
        new = after_rows.get(pk)
        if new is None:
            continue
        old_values = _current(old, watched_columns(model))
        new_values = _current(new, watched_columns(model))
        changed = changed_columns(model, old_values, new_values, written)
        texts = tracked_columns(model)
        if isinstance(new, TracksTranslations) and changed & set(texts):
            new.update_translation_state(changed_texts(old_values, _current(new, texts)))
            model._base_manager.using(using).filter(pk=pk).update(
                translation_state=new.translation_state
            )
        _after_row_written(model, new, old_values, new_values, changed, using)
    purge(*purge_rules.tags_for_rows(model, list(after_rows.values()),
                                     _base_names(model, written)))


def _after_row_written(model, obj, before, after, changed, using):
    if isinstance(obj, KeepsOldSlugs):
        record_slug_changes(obj, before, after, changed)
    if isinstance(obj, OwnsFiles) and changed:
        release_files(model, before, changed, using)
    if changed:
        _publication_step(obj, before, changed)


class ContentModel(models.Model):
    """Base of every content model: its writes take the one write path (see the module)."""

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = with_bookkeeping(type(self), kwargs["update_fields"])
        # The row and what the steps write after it (redirects, purges) commit together.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    def get_deferred_fields(self):
        # The same set as Django's, from the column names listed once per model: the tracker
        # asks for it on every read and write of a watched column.
        return _column_names(type(self)).difference(self.__dict__)
