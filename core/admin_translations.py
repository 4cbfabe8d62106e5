"""What the admin shows of a translation's state (core.translation_state), for every model
that tracks it: a list column and filter, and on the change form, per language, the original
beside the translation: for a stale field the words changed in the original since it was
translated, with a "mark as up to date" button; for a missing one the original's text.
"""

from django.contrib import admin
from django.http import HttpResponse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .compare import html_text, word_diff
from .language_policy import LANGUAGE_CODES, RICH_TEXT_FIELDS
from .translation_exchange import export_po
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


def _lines(html):
    """Escaped text with its paragraphs (one a line) kept apart."""
    return mark_safe(str(html).replace("\n", "<br>"))


def _label(obj, field):
    return obj._meta.get_field(field).verbose_name


def _stale_rows(obj, code):
    """Per stale field: what changed in the original since the translation was made (words
    marked), the translation as it is, and the original as it was then."""
    original = original_language(obj)
    sources = (obj.translation_state or {}).get("sources", {}).get(code, {})
    for field in stale_fields(obj, code):
        then = _text(field, sources.get(field, {}).get("text", ""))
        now = _text(field, getattr(obj, f"{field}_{original}"))
        old, new = word_diff(then, now)
        yield format_html(
            '<div class="translation-stale-field" data-field="{}"><h4>{} ({})</h4>'
            '<p>{}</p><div lang="{}" class="translation-diff">{}</div>'
            '<p>{}</p><div lang="{}">{}</div>'
            '<details><summary>{}</summary><div lang="{}">{}</div></details></div>',
            field, _label(obj, field), STATUS_NAMES[STALE],
            _("What changed in the original since it was translated:"), original, _lines(new),
            _("Current translation:"), code,
            _lines(escape(_text(field, getattr(obj, f"{field}_{code}")))),
            _("The original as it was when translated"), original, _lines(old),
        )


def _missing_rows(obj, code):
    """Per missing field: the original's text, to translate."""
    original = original_language(obj)
    state = (obj.translation_state or {}).get("languages", {}).get(code, {})
    for field in state.get("missing", []):
        yield format_html(
            '<div class="translation-missing-field" data-field="{}"><h4>{} ({})</h4>'
            '<p>{}</p><div lang="{}">{}</div></div>',
            field, _label(obj, field), STATUS_NAMES[MISSING], _("The original:"), original,
            _lines(escape(_text(field, getattr(obj, f"{field}_{original}")))),
        )


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

    @admin.display(description=_("translations to do"))
    def translation_review(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        parts = []
        for code in LANGUAGE_CODES:
            rows = [*_stale_rows(obj, code), *_missing_rows(obj, code)]
            if not rows:
                continue
            button = ""
            if stale_fields(obj, code):
                button = format_html(
                    '<button type="submit" name="{}" value="{}" class="button">{}</button>',
                    CHECKED, code, _("Save and mark this translation as up to date"),
                )
            parts.append(format_html(
                '<section class="translation-review" data-language="{}"><h3>{}</h3>{}{}</section>',
                code, get_language_info(code)["name_translated"], mark_safe("".join(rows)),
                button,
            ))
        return mark_safe("".join(parts)) if parts else _("None: every translation is up to date.")

    def save_model(self, request, obj, form, change):
        checked = request.POST.get(CHECKED)
        if checked in LANGUAGE_CODES and tracked_fields(type(obj)):
            obj.mark_translation_current(checked)
        super().save_model(request, obj, form, change)


def export_action(language):
    """An admin action exporting the selected items to translate into `language`, as a PO
    file (core.translation_exchange)."""

    def export(modeladmin, request, queryset):
        response = HttpResponse(
            export_po(queryset.order_by("pk"), language),
            content_type="text/x-gettext-translation; charset=utf-8",
        )
        name = f"{queryset.model._meta.model_name}-{language}.po"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    export.__name__ = f"export_for_translation_{language}"
    name = get_language_info(language)["name_translated"]
    export.short_description = _("Export for translation into %(language)s (PO file)") % {
        "language": name
    }
    return export


class TranslationExportMixin:
    """Adds one export action per language to the admin of an exchanged model."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            for code in LANGUAGE_CODES:
                action = export_action(code)
                actions[action.__name__] = (action, action.__name__, action.short_description)
        return actions
