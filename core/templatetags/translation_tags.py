"""The notice a public page shows when its translation lags behind the original."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override

from core.translation_state import STALE, original_changed_at, original_language, status_of

register = template.Library()


@register.simple_tag
def stale_translation(item):
    """None, or what the notice says when `item`'s translation into the active language is
    out of date: a link to the original, named in its language, and when it changed.
    Read from the item's stored state: no query."""
    language = (get_language() or "")[:2]
    if item is None or status_of(item, language) != STALE:
        return None
    original = original_language(item)
    with override(original):
        url = item.get_absolute_url()
    name = get_language_info(original)["name_local"]
    return {
        "code": original,
        # The original's language named in that language, and marked as such.
        "link": format_html(
            '<a href="{}" hreflang="{}" lang="{}">{}</a>', url, original, original, name
        ),
        "changed_at": original_changed_at(item) or item.updated_at,
    }
