"""The sitemap of both apps, in every language, with hreflang alternates.

`/sitemap.xml` is an index of sections; each section lists every public page once per
language, with `<xhtml:link rel="alternate">` to the same page in each language and an
`x-default` pointing at the English page (Django's own x-default is the unprefixed URL, which
does not exist here). Every location comes from `override(language): obj.get_absolute_url()`,
so translated paths and slugs are right.

Each section runs a fixed number of queries, and the releases section pages its items in the
database rather than loading every release for every page of the sitemap.
"""

import functools
import hashlib
import math
from functools import cache

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, override

from core import cache_tags, content_cache
from core.language_policy import LANGUAGE_CODES
from newsroom.models import NewsRelease
from organisation.models import Page, Person, Unit

SLUG_PLACEHOLDER = "slug-placeholder"


class MultilingualSitemap(Sitemap):
    i18n = True
    alternates = True

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's URLs, plus an x-default alternate: the page in the default language."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            alternates = {a["lang_code"]: a["location"] for a in url["alternates"]}
            if settings.LANGUAGE_CODE in alternates:
                url["alternates"].append(
                    {"location": alternates[settings.LANGUAGE_CODE], "lang_code": "x-default"}
                )
        return urls


class StaticViewSitemap(MultilingualSitemap):
    """The pages that are views rather than rows: home, structure, newsroom…"""

    def items(self):
        return [
            "home",
            "organisation:structure",
            "organisation:where_we_work",
            "newsroom:list",
            "newsroom:media_contacts",
        ]

    def location(self, name):
        return reverse(name)


def last_change(*moments):
    """The latest of these times (None ignored), to the second: templates/sitemap.xml writes it
    as a W3C datetime with its offset, one instant whatever the time zone."""
    latest = max(filter(None, moments), default=None)
    return latest.replace(microsecond=0) if latest else None


class PageSitemap(MultilingualSitemap):
    """Published institutional pages, at their translated slugs."""

    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page):
        return last_change(page.updated_at, page.published_at)


class UnitSitemap(MultilingualSitemap):
    def items(self):
        return Unit.objects.only("slug").order_by("pk")


class PersonSitemap(MultilingualSitemap):
    def items(self):
        return Person.objects.only("slug").order_by("pk")


class LanguageExpandedReleases:
    """The public releases as (release, language) pairs, sliced in the database: a sitemap page
    loads its own releases only, whatever the total."""

    def __init__(self, releases, languages):
        self.releases = releases
        self.languages = languages

    def count(self):
        return self.releases.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("LanguageExpandedReleases only supports slices")
        per_release = len(self.languages)
        first, stop = index.start or 0, index.stop
        releases = self.releases[first // per_release : math.ceil(stop / per_release)]
        pairs = [(release, code) for release in releases for code in self.languages]
        offset = first - (first // per_release) * per_release
        return pairs[offset : offset + stop - first]


@cache
def _detail_path(language):
    with override(language):
        return reverse("newsroom:detail", kwargs={"slug": SLUG_PLACEHOLDER})


class ReleaseSitemap(MultilingualSitemap):
    """Public releases, newest first; each page holds whole releases in every language."""

    limit = 3000 * len(LANGUAGE_CODES)

    def items(self):
        return (
            NewsRelease.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def _items(self):
        return LanguageExpandedReleases(self.items(), self._languages())

    def location(self, release):
        # One reverse() per language, not one per URL: a sitemap page holds thousands.
        return _detail_path(get_language()).replace(SLUG_PLACEHOLDER, release.slug)

    def lastmod(self, release):
        return last_change(release.updated_at, release.published_at)

    def get_latest_lastmod(self):
        latest = NewsRelease.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return last_change(*latest.values())


SITEMAPS = {
    "site": StaticViewSitemap,
    "pages": PageSitemap,
    "structure": UnitSitemap,
    "people": PersonSitemap,
    "news": ReleaseSitemap,
}


class _NotKept(Exception):
    def __init__(self, response):
        self.response = response


def kept_until_content_changes(view):
    """The sitemaps are outside the language prefixes that the page cache covers, and a news
    section costs about a second to build at 2,000 releases (every location with its
    alternates): each answer is kept in the content cache, under the content's version, so it
    is built again only after a change or at the next scheduled publication. Only 200s are
    kept, and only for the `p` (page) parameter, so odd addresses cannot fill the cache."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or set(request.GET) - {"p"}:
            return view(request, *args, **kwargs)

        def build():
            # Any of these sections may be on the page (the index names them all). A news
            # section is rebuilt when a release comes, goes, moves or changes its address
            # (`releases`), not for an edit of its text: a section costs about a second at
            # 2,000 releases, and rebuilding it on every correction would cost more than
            # the rest of the site. A release's <lastmod> then lags its last text edit by at
            # most CONTENT_CACHE_SECONDS (10 minutes), which is nothing to a search engine.
            cache_tags.add(
                cache_tags.RELEASES, cache_tags.PAGES, cache_tags.UNITS, cache_tags.PEOPLE,
            )
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200:
                raise _NotKept(response)
            return response.status_code, dict(response.items()), response.content

        address = f"{content_cache.site_address(request)}{request.get_full_path()}"
        name = "sitemap:" + hashlib.sha256(address.encode()).hexdigest()
        try:
            status, headers, content = content_cache.remember(name, build)
        except _NotKept as refused:
            return refused.response
        return HttpResponse(content, status=status, headers=headers)

    return wrapper
