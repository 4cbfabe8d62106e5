"""Tags for showing content safely: translated text marked with its language, and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from core.i18n import translated

register = template.Library()


def language_name(code):
    """The language's name in the visitor's language ("anglais" on a French page)."""
    return get_language_info(code)["name_translated"]


@register.simple_tag
def tr(obj, field):
    """`{% tr unit "name" %}`: the text in the visitor's language, or the fallback text marked
    with its `lang` and the language's name beside it, so a reader knows what they see."""
    value = translated(obj, field)
    if not value.is_fallback:
        return value.value
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-badge">({})</small>',
        value.lang,
        value.value,
        language_name(value.lang),
    )


@register.filter
def fallback_languages(values):
    """The languages, other than the visitor's, that a page's translated values came from."""
    return sorted({value.lang for value in values if value and value.is_fallback})


@register.filter
def json_ld(data):
    """A `<script type="application/ld+json">` block, escaped as Django's `json_script` does
    (`<`, `>` and `&` as \\u escapes), so no text can close the script element."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_json_script_escapes)),
    )
