"""What a translator may change in the admin: translated text, and nothing else.

One rule for every admin and inline, written once: a person who may change a model but not
add to it (the Translators role of `manage.py setup_roles`) sees every field read-only except
the translated text fields registered with modeltranslation. Slugs stay read-only even where
they are translated (renaming one moves a public address), and so does everything that is not
translated text: contact details, images, kinds, relations, original language, order, status
and times. Django leaves read-only fields out of the form it saves, so a POST that carries
them changes nothing.

Editors hold the add permission and are not limited here; superusers hold every permission.
"""

from itertools import chain

from django.contrib.auth import get_permission_codename
from django.db import models
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields


def _translated_field_names(model):
    """The names of the model's fields registered with modeltranslation (originals)."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def untranslatable_fields(model):
    """Names of the model's form fields a translator must not change, in the model's order.

    The originals of translated fields are left out: modeltranslation's admin never shows
    them, it shows their per-language columns (`title_en`, `slug_fr`…) instead.
    """
    translated = _translated_field_names(model)
    opts = model._meta
    names = []
    for field in sorted(chain(opts.concrete_fields, opts.private_fields, opts.many_to_many)):
        if not field.editable or field is opts.auto_field or hasattr(field, "translated_field"):
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # edited through its own inline (contacts of a release), never the form
        if field.name in translated:
            if isinstance(field, models.SlugField):
                names += get_translation_fields(field.name)
            continue
        names.append(field.name)
    return names


class TranslatedTextOnlyMixin:
    """For a ModelAdmin or an inline: without the model's add permission, only translated text
    (slugs excepted) can be changed. Put it first among the admin's bases."""

    def translates_only(self, request):
        opts = self.opts
        return not request.user.has_perm(
            f"{opts.app_label}.{get_permission_codename('add', opts)}"
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.translates_only(request):
            return readonly
        excluded = set(self.get_exclude(request, obj) or ())
        return readonly + [
            name
            for name in untranslatable_fields(self.model)
            if name not in readonly and name not in excluded
        ]

    def get_prepopulated_fields(self, request, obj=None):
        # The admin would look for a read-only slug among the form's inputs and fail.
        prepopulated = super().get_prepopulated_fields(request, obj)
        readonly = set(self.get_readonly_fields(request, obj))
        return {name: sources for name, sources in prepopulated.items() if name not in readonly}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets or self.fields or not self.translates_only(request):
            return fieldsets
        # Built from the form, the fieldsets put every read-only field after the inputs; the
        # translator gets the fields in the order editors see them (the model's order).
        opts = self.model._meta
        rank = {
            field.name: field.creation_counter
            for field in chain(opts.concrete_fields, opts.private_fields, opts.many_to_many)
        }
        last = max(rank.values(), default=0) + 1

        def in_model_order(names):
            return sorted(names, key=lambda name: rank.get(name, last))

        return [
            (name, {**options, "fields": in_model_order(options["fields"])})
            for name, options in fieldsets
        ]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self.translates_only(request):
            # The list's editable columns are orders, never text: translators edit forms.
            changelist.list_editable = ()
        return changelist
