"""Template tags shared by every page: translated values with their language, and the
same page in the other languages (switcher, hreflang, canonical)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.encoding import iri_to_uri
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, override

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
    path = context["request"].path
    translated = translate_url(path, code)
    current_prefix = f"/{get_language()}/"
    if translated == path and path.startswith(current_prefix):
        # An address Django cannot resolve (a 404): the same address under the other
        # prefix, so the visitor at least reads the 404 page in the language chosen.
        translated = f"/{code}/{path.removeprefix(current_prefix)}"
    return translated


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """One entry per language: code, name, path and absolute URL of this page in it.

    The name is the language's own ("Español", not "Espagnol"): a reader looks for their
    language in it, and the link is marked with that language's `lang`.
    """
    request = context["request"]
    current = get_language()
    # A filtered list stays filtered in the other language: its view passes its valid
    # filters as `filter_query` (never the raw query string). Canonical URLs leave it out.
    query = f"?{context['filter_query']}" if context.get("filter_query") else ""
    alternates = []
    for code, _name in settings.LANGUAGES:
        # Percent-encoded: a path from the request may hold characters HTML cannot carry raw
        # (controls, bidi marks) when a visitor typed an odd address.
        path = iri_to_uri(_url_in(context, code))
        alternates.append(
            {
                "code": code,
                "name": capfirst(get_language_info(code)["name_local"]),
                "path": path + query,
                "url": request.build_absolute_uri(path),
                "is_current": code == current,
            }
        )
    return alternates
