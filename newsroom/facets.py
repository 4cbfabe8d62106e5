"""What the newsroom's filters and filtered feeds offer: the kinds, themes, countries and
years (in the site's time zone) that at least one public release has, and the oldest public
release's date.

A theme used only by drafts, a country named only on an embargoed release, a kind nothing
public has, a year without a public release: none is offered in the list's filters, a list
filtered by one answers 404 like any other unknown value, and their feeds answer 404.
Worked out with three queries and remembered until the content changes or a scheduled
release goes public (core.content_cache); named in the request's language from what is
remembered.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, Min, OuterRef
from django.db.models.functions import ExtractYear
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
    years: tuple = ()  # newest first


def _public_values():
    """What the public releases have, in no language: three queries."""
    cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
    public = NewsRelease.objects.published().order_by()
    # Apart rather than grouped by kind and countries together: that made one row (and one
    # date read) per combination, hundreds of them, the costliest part of a list put together
    # from nothing; by kind and year (in the site's time zone, as the year filter reads it)
    # it is a few dozen rows, and the years offered come with the kinds.
    firsts = {}
    years = set()
    for kind, year, first in public.values_list(
        "kind", ExtractYear("published_at")
    ).annotate(first=Min("published_at")):
        firsts[kind] = min(first, firsts.get(kind, first))
        years.add(year)
    codes = set()
    for countries in public.values_list("countries", flat=True).distinct():
        # Stored as comma-separated two-letter codes.
        codes.update(code for code in (countries or "").split(",") if code)
    public_with_theme = NewsRelease.objects.published().filter(themes=OuterRef("pk"))
    # Whole theme rows (every language's name): named below in the language of the request.
    themes = list(Theme.objects.filter(Exists(public_with_theme)).only("slug", "name"))
    first = min(firsts.values(), default=None)
    return first, frozenset(firsts), tuple(sorted(years, reverse=True)), frozenset(codes), themes


def public_facets():
    """The facets of what the public can see, named in the active language."""
    first, kinds, years, codes, themes = content_cache.remember(
        "newsroom:public-facets", _public_values
    )
    return Facets(
        first_published=first,
        kinds=kinds,
        years=years,
        themes=tuple((theme.slug, theme.name) for theme in themes),
        countries=tuple(
            choice for choice in country_choices(get_language()) if choice[0] in codes
        ),
    )
