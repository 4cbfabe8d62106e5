"""Public pages put together from a cached frame and the page's own parts.

What every public page of a language shares (the head's links to styles and feeds, the
header, the menu, the footer: `base.html`) is rendered once per language and address, as
`page_shell.html`: base.html with a marked place for each part that differs from page to
page: the frame. It is cached until the organisation or the menu changes (core.content_cache), so a
page the page cache does not serve (an editor browsing the site, a search, the first visit
after a change) renders only its own parts, which the newsroom caches too (newsroom.fragments):

- `title`, `meta`, `description`, `head_extra`, `content`: the page's blocks, given as a dict
  or rendered from a template that extends `page_parts.html` (`render_parts`);
- `alternate_links`, `switcher`: the page in the other languages, made for each request;
- `menu`: the cached menu (cached with the frame too) with the current page's entry marked.

The result is the page base.html would give (tests/iom_site/test_page_shell.py compares them).
"""

import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from . import cache_tags, content_cache

# Between the blocks of a page rendered with page_parts.html. Only the last part (the
# content) may hold a comment of the content's own; the other parts hold escaped text only.
PART = "<!--page-part-->"
PART_NAMES = ("title", "meta", "description", "head_extra", "content")
_PLACE = re.compile(r"<!--page:(\w+)-->")


class NamedAddress:
    """A page's address by URL name, reversed in each language for the language links (a
    reverse per language costs less than translating the request's path)."""

    def __init__(self, url_name):
        self.url_name = url_name

    def get_absolute_url(self):
        return reverse(self.url_name)


def _frame(request):
    """The cached frame of the request's language and address, ([text, place, text, ...], the
    main menu's HTML): cached together, one cache read for both."""
    from .templatetags.site_tags import menu_html

    def render():
        # The header and footer show the organisation; the menu is cached with its own tag.
        cache_tags.add(cache_tags.ORGANISATION, cache_tags.MENU)
        html = render_to_string("page_shell.html", {"page_shell": True}, request)
        return _PLACE.split(html), menu_html()

    name = content_cache.name_for("page-frame-and-menu", content_cache.site_address(request))
    return content_cache.remember(name, render)


def render_parts(request, template_name, context):
    """The parts of a page whose template extends `page_parts.html`."""
    html = render_to_string(template_name, context, request)
    return dict(zip(PART_NAMES, html.split(PART, len(PART_NAMES) - 1), strict=True))


def language_links(request, address=None, filter_query=""):
    """The places of the page in the other languages: the head's links and the switcher.
    A page cached per language and address may cache them with its parts."""
    from .templatetags.site_tags import alternate_links, alternates_of, language_switcher

    alternates = alternates_of(request, address, filter_query)
    return {
        "alternate_links": alternate_links(alternates),
        "switcher": language_switcher(alternates),
    }


def page_response(request, parts, address=None, filter_query=""):
    """The whole page: the frame with `parts` in their places. `address` gives the page's
    URL in each language (an object with get_absolute_url; otherwise the request's path),
    `filter_query` the list filters carried across languages; `parts["status"]`, if any, the
    response's status."""
    from .templatetags.site_tags import mark_current

    pieces, menu = _frame(request)
    places = {**parts, "menu": mark_current(menu, request)}
    if "switcher" in parts:
        pass  # cached with the page's parts
    elif isinstance(address, NamedAddress):
        # The same for every request of this language, address and filters: cached.
        name = content_cache.name_for(
            "language-links", content_cache.site_address(request), address.url_name, filter_query
        )
        places.update(
            content_cache.remember(name, lambda: language_links(request, address, filter_query))
        )
    else:
        places.update(language_links(request, address, filter_query))
    # Texts at even positions, place names at odd ones (re.split with one group).
    html = "".join(
        piece if index % 2 == 0 else places.get(piece, "")
        for index, piece in enumerate(pieces)
    )
    return HttpResponse(html, status=parts.get("status", 200))
