"""What the admin shows of a translation's state (iom_site.translation_state), for every model
that tracks it: a list column and filter, and on the change form, per language whose
translation is out of date, the original's current text beside the translation with the words
changed since it was translated, and a "mark as up to date" button.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .core.compare import html_text, word_diff
from .language_policy import LANGUAGE_CODES, RICH_TEXT_FIELDS
from .translation_state import (
    MISSING,
    ORIGINAL,
    STALE,
    STATUS_NAMES,
    original_language,
    stale_fields,
    status_of,
    tracked_fields,
)

CHECKED = "_translation_checked"
MARKS = {ORIGINAL: "•", MISSING: "–", STALE: "!", "complete": "✓"}


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            (f"{code}:{status}", f"{code}: {STATUS_NAMES[status]}")
            for code in LANGUAGE_CODES
            for status in (MISSING, STALE, "complete")
        ]

    def queryset(self, request, queryset):
        code, _sep, status = (self.value() or "").partition(":")
        if code not in LANGUAGE_CODES or status not in (MISSING, STALE, "complete"):
            return queryset
        return queryset.filter(**{f"translation_state__languages__{code}__status": status})


def _text(field, value):
    return html_text(value) if field in RICH_TEXT_FIELDS else value or ""


class TranslationStateAdminMixin:
    """For the admin of a model with `TracksTranslations`."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if "translation_review" in readonly else [*readonly, "translation_review"]

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        return format_html_join(
            " ",
            '<span class="translation-{}" title="{}">{} {}</span>',
            (
                (status, STATUS_NAMES[status], code, MARKS[status])
                for code in LANGUAGE_CODES
                for status in [status_of(obj, code)]
            ),
        )

    @admin.display(description=_("translations out of date"))
    def translation_review(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        original = original_language(obj)
        sources = (obj.translation_state or {}).get("sources", {})
        labels = {f.name: f.verbose_name for f in obj._meta.fields}
        parts = []
        for code in LANGUAGE_CODES:
            fields = stale_fields(obj, code)
            if not fields:
                continue
            rows = []
            for field in fields:
                then = _text(field, sources.get(code, {}).get(field, {}).get("text", ""))
                now = _text(field, getattr(obj, f"{field}_{original}"))
                old, new = word_diff(then, now)
                rows.append(format_html(
                    '<div class="translation-stale-field" data-field="{}"><h4>{}</h4>'
                    '<p>{}</p><div lang="{}" class="translation-diff">{}</div>'
                    '<p>{}</p><div lang="{}">{}</div>'
                    '<details><summary>{}</summary><div lang="{}">{}</div></details></div>',
                    field, labels.get(field, field),
                    _("What changed in the original since it was translated:"),
                    original, new,
                    _("Current translation:"), code, _text(field, getattr(obj, f"{field}_{code}")),
                    _("The original as it was when translated"), original, old,
                ))
            parts.append(format_html(
                '<section class="translation-review" data-language="{}"><h3>{}</h3>{}'
                '<button type="submit" name="{}" value="{}" class="button">{}</button></section>',
                code, get_language_info(code)["name_translated"], mark_safe("".join(rows)),
                CHECKED, code,
                _("Save and mark this translation as up to date"),
            ))
        return mark_safe("".join(parts)) if parts else _("None: every translation is up to date.")

    def save_model(self, request, obj, form, change):
        checked = request.POST.get(CHECKED)
        if checked in LANGUAGE_CODES and tracked_fields(type(obj)):
            obj.mark_translation_current(checked)
        super().save_model(request, obj, form, change)
