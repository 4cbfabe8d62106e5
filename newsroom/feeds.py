"""RSS 2.0 and Atom feeds of the latest public releases: per language (the URL's prefix), and
narrowed to one theme, one country or one kind.

Items come from `NewsRelease.objects.published()` only; titles and summaries are in the feed's
language, falling back like the pages do, and link to the page in that language.

Titles, datelines and leads are plain text, but feed readers take RSS titles and descriptions
and Atom summaries as HTML: those are HTML-escaped, so a lead reading `5 < 10 & rising` or
`<script>` shows as written and is never markup. Atom titles are declared as text and go as
they are. No rich text (the body) goes into the feeds.
"""

from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import cache_tags
from core.i18n import translated
from organisation.context_processors import site_organisation

from .facets import public_facets
from .fragments import themes_prefetch
from .models import NewsRelease

FEED_LENGTH = 30


@dataclass(frozen=True)
class FeedScope:
    """What one feed covers: the request's host (for entry ids), whose releases (the
    organisation's acronym and name, in the feed's language), and a filter or none."""

    host: str
    organisation: str
    organisation_name: str
    label: str = ""
    filter_name: str = ""
    filter_value: str = ""
    lookup: dict = field(default_factory=dict)


class ReleaseFeed(Feed):
    """RSS 2.0: the latest public releases in the active language, optionally filtered."""

    # RSS readers render titles as HTML; Atom's <title> is text (see atom()).
    titles_are_html = True

    def as_title(self, text):
        return escape(text) if self.titles_are_html else text

    def get_object(self, request, **kwargs):
        # From the content cache the header uses: no query once cached.
        organisation = site_organisation(request)
        return FeedScope(
            host=request.get_host().split(":")[0],
            # A reader subscribed to several organisations' feeds tells them apart by name.
            # (Before the organisation's facts are entered, the titles go without.)
            organisation=translated(organisation, "acronym").value if organisation else "",
            organisation_name=translated(organisation, "name").value if organisation else "",
            **self.get_filter(**kwargs),
        )

    def get_filter(self):
        return {}

    def title(self, scope):
        parts = [scope.organisation, _("News releases"), scope.label]
        return self.as_title(" – ".join(str(part) for part in parts if part))

    def description(self, scope):
        values = {"organisation": scope.organisation_name, "filter": str(scope.label)}
        if scope.organisation_name and scope.label:
            text = _("The latest news releases of %(organisation)s (%(filter)s), newest first.")
        elif scope.organisation_name:
            text = _("The latest news releases of %(organisation)s, newest first.")
        elif scope.label:
            text = _("The latest news releases (%(filter)s), newest first.")
        else:
            text = _("The latest news releases, newest first.")
        return self.as_title(text % values)

    subtitle = description

    def link(self, scope):
        url = reverse("newsroom:list")
        if scope.filter_name:
            url += "?" + urlencode({scope.filter_name: scope.filter_value})
        return url

    def items(self, scope):
        releases = list(
            NewsRelease.objects.published()
            .filter(**scope.lookup)
            # The columns an entry shows (every language of them), and the themes' names:
            # building 30 whole releases and their whole themes was most of a feed's time.
            .only(
                "slug", "published_at", "updated_at", "corrected_at", "original_language",
                "title", "dateline", "lead",
            )
            .prefetch_related(themes_prefetch())
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )
        cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
        cache_tags.add_releases(releases)
        language = get_language()
        for release in releases:
            # Stable across slug edits, distinct per language: one entry per feed language.
            release.feed_guid = f"tag:{scope.host},2025:news-release/{release.pk}/{language}"
        return releases

    def item_title(self, item):
        return self.as_title(translated(item, "title").value)

    def item_description(self, item):
        """The dateline and the lead, as the page starts, as HTML (RSS description, Atom
        summary)."""
        dateline = translated(item, "dateline").value
        lead = translated(item, "lead").value
        return escape(f"{dateline} – {lead}" if dateline else lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # Atom's <updated>; RSS 2.0 has no such element. A corrected release is dated by its
        # latest correction, the change its readers are told about.
        return item.corrected_at or item.updated_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_guid(self, item):
        return item.feed_guid

    item_guid_is_permalink = False


class ThemeFeed(ReleaseFeed):
    def get_filter(self, slug):
        # Only what a public release has gets a feed (newsroom.facets).
        name = dict(public_facets().themes).get(slug)
        if name is None:
            raise Http404
        return {
            "label": name,
            "filter_name": "theme",
            "filter_value": slug,
            "lookup": {"themes__slug": slug},
        }


class CountryFeed(ReleaseFeed):
    def get_filter(self, code):
        code = code.upper()
        name = dict(public_facets().countries).get(code)
        if name is None:
            raise Http404
        return {
            "label": name,
            "filter_name": "country",
            "filter_value": code,
            # Stored as comma-separated two-letter codes: a code can only match a whole code.
            "lookup": {"countries__contains": code},
        }


class KindFeed(ReleaseFeed):
    def get_filter(self, kind):
        if kind not in public_facets().kinds:
            raise Http404
        return {
            "label": NewsRelease.Kind(kind).label,
            "filter_name": "kind",
            "filter_value": kind,
            "lookup": {"kind": kind},
        }


def atom(feed_class):
    """The same feed in Atom 1.0."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "titles_are_html": False},
    )
