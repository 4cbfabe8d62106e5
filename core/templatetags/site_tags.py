"""Template tags shared by every page: translated values with their language, and the
same page in the other languages (switcher, hreflang, canonical)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.encoding import iri_to_uri
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, override

from core import cache_tags, content_cache
from core.i18n import translated as resolve_translated

register = template.Library()


@register.simple_tag
def translated(obj, field):
    """`{% translated release "title" as title %}` → title.value, title.lang, title.is_fallback."""
    return resolve_translated(obj, field)


def _url_in(request, obj, code):
    if obj is not None and hasattr(obj, "get_absolute_url"):
        with override(code):
            return obj.get_absolute_url()
    path = request.path
    translated = translate_url(path, code)
    current_prefix = f"/{get_language()}/"
    if translated == path and path.startswith(current_prefix):
        # An address Django cannot resolve (a 404): the same address under the other
        # prefix, so the visitor at least reads the 404 page in the language chosen.
        translated = f"/{code}/{path.removeprefix(current_prefix)}"
    return translated


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The page in every language (see `alternates_of`): its `alternate_object` or `object`,
    with the list filters of `filter_query`."""
    return alternates_of(
        context["request"],
        context.get("alternate_object") or context.get("object"),
        context.get("filter_query", ""),
    )


def alternates_of(request, obj=None, filter_query=""):
    """One entry per language: code, name, path and absolute URL of this page in it (of
    `obj` when it has an address, otherwise of the request's path).

    The name is the language's own ("Español", not "Espagnol"): a reader looks for their
    language in it, and the link is marked with that language's `lang`.
    """
    current = get_language()
    # A filtered list stays filtered in the other language: its view passes its valid
    # filters as `filter_query` (never the raw query string). Canonical URLs leave it out.
    query = f"?{filter_query}" if filter_query else ""
    alternates = []
    for code, _name in settings.LANGUAGES:
        # Percent-encoded: a path from the request may hold characters HTML cannot carry raw
        # (controls, bidi marks) when a visitor typed an odd address.
        path = iri_to_uri(_url_in(request, obj, code))
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


# The parts of every page that are the same on all pages of a language: rendered once per
# language and cached until what they show changes (core.content_cache), rather than
# rendered on every page that the page cache does not serve.


@register.simple_tag(takes_context=True)
def main_menu_nav(context):
    return menu_for(context["request"])


def menu_html():
    """The main menu of the current language, cached until the menu changes."""
    # The template reads the entries itself (organisation_tags): this package imports no app.
    def render():
        return render_to_string("includes/main_menu.html")

    return content_cache.remember(f"menu-nav:{get_language()}", render)


def mark_current(menu, request):
    """`menu` with its entry for the page being shown marked `aria-current`."""
    # Entries link to the URLs the menu was rendered with, escaped the same way.
    link = f'<a href="{escape(request.path)}">'
    return mark_safe(menu.replace(link, link.replace(">", ' aria-current="page">')))


def menu_for(request):
    """The main menu, its entry for the page being shown marked `aria-current`."""
    return mark_current(menu_html(), request)


@register.simple_tag
def language_switcher(alternates):
    """The header's list of the page's languages, each named and marked in its own."""
    return format_html(
        "<ul>{}\n      </ul>",
        format_html_join(
            "",
            '\n        <li><a href="{}" hreflang="{}" lang="{}"{}>{}</a></li>',
            (
                (alt["path"], alt["code"], alt["code"],
                 mark_safe(' aria-current="true"') if alt["is_current"] else "", alt["name"])
                for alt in alternates
            ),
        ),
    )


@register.simple_tag
def alternate_links(alternates):
    """The head's canonical and hreflang links (x-default: the first language)."""
    links = []
    for alt in alternates:
        if alt["is_current"]:
            links.append(format_html('<link rel="canonical" href="{}">\n', alt["url"]))
        links.append(
            format_html('<link rel="alternate" hreflang="{}" href="{}">\n', alt["code"], alt["url"])
        )
    if alternates:
        links.append(
            format_html(
                '<link rel="alternate" hreflang="x-default" href="{}">\n', alternates[0]["url"]
            )
        )
    return mark_safe("".join(links))


@register.simple_tag(takes_context=True)
def site_footer(context):
    def render():
        cache_tags.add(cache_tags.ORGANISATION)
        return render_to_string(
            "includes/footer.html", {"site_organisation": context.get("site_organisation")}
        )

    return mark_safe(content_cache.remember(f"footer:{get_language()}", render))
