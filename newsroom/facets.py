"""What the newsroom's filters and filtered feeds offer: the kinds, themes and countries that
at least one public release has, and the oldest public release's date.

A theme used only by drafts, a country named only on an embargoed release, a kind nothing
public has: none is offered in the list's filters, and their feeds answer 404 (a filter naming
one is ignored like any other unknown value). Worked out with two queries and remembered until
the content changes or a scheduled release goes public (core.content_cache); named in the
request's language from what is remembered.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Min, OuterRef
from django.utils.translation import get_language, override
from django_countries import countries as all_countries

from core import cache_tags, content_cache

from .models import NewsRelease, Theme


@functools.cache
def country_choices(language):
    """(code, name) of every country, named and sorted in `language`: the same for every
    request, and translating and sorting 250 names each time was a measurable part of the list."""
    with override(language):
        return tuple((code, str(name)) for code, name in all_countries)


@dataclass(frozen=True)
class Facets:
    first_published: datetime | None
    kinds: frozenset  # kind values
    themes: tuple  # (slug, name), in the language and the themes' order
    countries: tuple  # (code, name), in the language, sorted by name


def _public_values():
    """What the public releases have, in no language: two queries."""
    cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
    rows = (
        NewsRelease.objects.published()
        .order_by()
        .values("kind", "countries")
        .annotate(first=Min("published_at"))
    )
    kinds, codes, firsts = set(), set(), []
    for row in rows:
        kinds.add(row["kind"])
        # Stored as comma-separated two-letter codes.
        codes.update(code for code in (row["countries"] or "").split(",") if code)
        firsts.append(row["first"])
    public_with_theme = NewsRelease.objects.published().filter(themes=OuterRef("pk"))
    # Whole theme rows (every language's name): named below in the language of the request.
    themes = list(Theme.objects.filter(Exists(public_with_theme)).only("slug", "name"))
    return min(firsts, default=None), frozenset(kinds), frozenset(codes), themes


def public_facets():
    """The facets of what the public can see, named in the active language."""
    first, kinds, codes, themes = content_cache.remember("newsroom:facets", _public_values)
    return Facets(
        first_published=first,
        kinds=kinds,
        themes=tuple((theme.slug, theme.name) for theme in themes),
        countries=tuple(
            choice for choice in country_choices(get_language()) if choice[0] in codes
        ),
    )
