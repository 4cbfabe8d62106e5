"""Links never break: every address a release, page, person or unit ever had answers 301 to the
one it has now, in the visitor's language.

A model with a public slug inherits `KeepsOldSlugs`. Whatever writes it (the admin, the
importer, a command, the shell, a service, `QuerySet.update()`, `bulk_update`: the write path,
core.write_path), the slug it had before becomes a `SlugRedirect` pointing at the
object itself, never at the next slug, so a chain of renames resolves in one hop. The stored
slugs are known from the row as loaded, so a save that does not rename costs no extra query.

`SlugRedirect.language` is "" for an untranslated slug (one column serves every language:
releases, people, units) and the language code of the column for a slug translated by
modeltranslation ("fr" for `Page.slug_fr`).

- Taking a slug deletes any redirect with that slug (same type, same language): renaming back
  removes the redirect, so the current address never loops on itself.
- While a slug redirects to one object, another object of the same type cannot take it:
  `validate_unique` (run by model forms and `full_clean`) says so on the field. A translated slug
  is checked against old slugs in every language, because pages answer a slug in any language.
  The importer refuses such a record in the same way (`moved_slugs`).
- Deleting an object deletes its old slugs: its addresses are then free again.
- A raw save (django-reversion restoring a revision, `loaddata` over an existing row) is
  followed too. Only raw SQL leaves no redirect.

The public views look here only when a slug finds nothing (`moved_permanently`): the normal
path costs no query more.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES

from .models import SlugRedirect
from .tracking import stored_values

SLUG = "slug"


@cache
def slug_columns(model):
    """{language: column} of the model's slug: {"": "slug"}, or {"en": "slug_en", ...}."""
    names = {field.attname for field in model._meta.concrete_fields}
    translated = {code: f"{SLUG}_{code}" for code in AVAILABLE_LANGUAGES}
    return translated if all(column in names for column in translated.values()) else {"": SLUG}


def _redirects(model):
    return SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model))


class KeepsOldSlugs(models.Model):
    """Keeps the slugs an object had as redirects to it (see the module's docstring)."""

    class Meta:
        abstract = True

    def _slug_changes(self):
        """[(language, old slug or None, new slug or None)] for each slug column changed."""
        columns = slug_columns(type(self))
        stored = stored_values(self, list(columns.values())) or {}
        current = {c: self.__dict__[c] for c in columns.values() if c in self.__dict__}
        return _changes(columns, stored, current, None)

    def validate_unique(self, exclude=None):
        errors = {}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column, message in self._old_slug_conflicts(exclude or ()).items():
            errors.setdefault(column, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _old_slug_conflicts(self, exclude):
        """{column: error} for each slug this object is taking that leads to another object."""
        columns = slug_columns(type(self))
        changed = {}
        for language, _old, new in self._slug_changes():
            if new and columns[language] not in exclude:
                changed[columns[language]] = new
        if not changed:
            return {}
        rows = _redirects(type(self)).filter(old_slug__in=set(changed.values()))
        if "" in columns:
            rows = rows.filter(language="")
        if self.pk is not None:
            rows = rows.exclude(object_id=self.pk)
        owners_by_slug = dict(rows.values_list("old_slug", "object_id"))
        if not owners_by_slug:
            return {}
        owners = type(self)._base_manager.in_bulk(set(owners_by_slug.values()))
        conflicts = {}
        for column, slug in changed.items():
            owner = owners.get(owners_by_slug.get(slug))
            if owner is not None:
                conflicts[column] = ValidationError(
                    _(
                        "“%(slug)s” is an old address of “%(owner)s” and still leads there: "
                        "choose another slug."
                    ),
                    code="old_slug",
                    params={"slug": slug, "owner": owner},
                )
        return conflicts


def _changes(columns, before, after, changed):
    changes = []
    for language, column in columns.items():
        if column not in after or (changed is not None and column not in changed):
            continue
        old, new = before.get(column) or None, after[column] or None
        if old != new:
            changes.append((language, old, new))
    return changes


def record_slug_changes(obj, before, after, changed):
    """The write path's step after `obj` was written: `before` and `after` hold its columns'
    values ({column: value}), `changed` the columns it changed (None: a new row, whose every
    slug is taken)."""
    changes = _changes(slug_columns(type(obj)), before, after, changed)
    if changes:
        _record(obj, changes)


def slugs_taken(model, objs):
    """New rows written together (`bulk_create`) take their slugs: no redirect keeps them."""
    for language, column in slug_columns(model).items():
        slugs = [obj.__dict__[column] for obj in objs if obj.__dict__.get(column)]
        for start in range(0, len(slugs), 500):
            _redirects(model).filter(
                language=language, old_slug__in=slugs[start:start + 500]
            ).delete()


def _record(obj, changes):
    redirects = _redirects(type(obj))
    for language, old, new in changes:
        if new:
            # Renaming back (or a write that skipped validation taking another's old slug):
            # the current slug must not redirect anywhere.
            redirects.filter(language=language, old_slug=new).delete()
        if old:
            redirects.update_or_create(
                content_type=ContentType.objects.get_for_model(obj),
                language=language,
                old_slug=old,
                defaults={"object_id": obj.pk},
            )


def forget_old_slugs(instance):
    """After a delete: the object's old addresses lead nowhere and are free for others."""
    _redirects(type(instance)).filter(object_id=instance.pk).delete()


def moved_slugs(model):
    """{old slug: current slug} of an untranslated slug, for checking many slugs at once."""
    current = model._base_manager.filter(pk=OuterRef("object_id")).values(SLUG)[:1]
    return dict(
        _redirects(model)
        .filter(language="")
        .annotate(current=Subquery(current))
        .exclude(current=None)
        .values_list("old_slug", "current")
    )


def moved_permanently(request, queryset, slug, address=None):
    """A 301 to the current address of the object of `queryset` that had `slug`, in the
    request's language and keeping its query string; Http404 if there is none. `address`
    (object -> URL; its `get_absolute_url` by default) names another of its addresses: a
    download under the page's, say.

    For a translated slug, an old slug of the visitor's language wins over one of another
    language (the page view also accepts a slug in any language)."""
    language = get_language()
    languages = list(slug_columns(queryset.model))
    if languages != [""]:
        languages.sort(key=lambda code: code != language)
    rows = _redirects(queryset.model).filter(old_slug=slug, language__in=languages)
    targets = dict(rows.values_list("language", "object_id"))
    objects = queryset.in_bulk(set(targets.values())) if targets else {}
    for code in languages:
        obj = objects.get(targets.get(code))
        if obj is None:
            continue
        with override(language):
            url = address(obj) if address else obj.get_absolute_url()
        # Only raw SQL can leave an object's current slug redirecting: never answer a
        # redirect to the same address.
        if url == request.path:
            continue
        if request.GET:
            url = f"{url}?{request.GET.urlencode()}"
        return HttpResponsePermanentRedirect(url)
    raise Http404
