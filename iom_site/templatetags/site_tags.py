"""Template tags shared by every page: translated values with their language, and the
same page in the other languages (switcher, hreflang, canonical)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, override

from iom_site.i18n import translated as resolve_translated

register = template.Library()


@register.simple_tag
def translated(obj, field):
    """`{% translated release "title" as title %}` → title.value, title.lang, title.is_fallback."""
    return resolve_translated(obj, field)


def _url_in(context, code):
    obj = context.get("alternate_object") or context.get("object")
    if obj is not None and hasattr(obj, "get_absolute_url"):
        with override(code):
            return obj.get_absolute_url()
    request = context["request"]
    return translate_url(request.path, code)


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """One entry per language: code, name, path and absolute URL of this page in it."""
    request = context["request"]
    current = get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        path = _url_in(context, code)
        alternates.append(
            {
                "code": code,
                "name": name,
                "path": path,
                "url": request.build_absolute_uri(path),
                "is_current": code == current,
            }
        )
    return alternates
