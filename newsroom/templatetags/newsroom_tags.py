"""Template tags for the newsroom list: search highlights and the feeds of a filtered list."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsroom import search

register = template.Library()

FEED_FILTERS = {"theme": "slug", "country": "code", "kind": "kind"}
FEED_FORMATS = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@register.simple_tag
def search_title(release, query):
    """The release's title with the searched words in <mark>, escaped."""
    return search.title_html(release, query, get_language())


@register.simple_tag
def search_headline(release, query):
    """The passage of the release that matched the search, words in <mark>, escaped."""
    return search.headline_html(release, query, get_language())


@register.simple_tag
def filtered_feeds(form):
    """RSS and Atom feeds for the theme, country or kind the list's `form` filters by."""
    filters = form.active_filters
    feeds = []
    for name, argument in FEED_FILTERS.items():
        if name not in filters:
            continue
        label = dict(form.fields[name].choices).get(filters[name], filters[name])
        for fmt, content_type in FEED_FORMATS.items():
            feeds.append(
                {
                    "type": content_type,
                    "title": _("News releases (%(format)s): %(filter)s")
                    % {"format": "RSS" if fmt == "rss" else "Atom", "filter": label},
                    "url": reverse(f"newsroom:{name}_feed_{fmt}", kwargs={argument: filters[name]}),
                }
            )
    return feeds
