import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.feeds import FEED_LENGTH
from newsroom.models import NewsRelease
from tests.factories import (
    make_draft_release,
    make_organisation,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import elements

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ATOM = "{http://www.w3.org/2005/Atom}"
FORMATS = ["rss", "atom"]


def feed_url(language, fmt, scope="feed", **kwargs):
    with override(language):
        return reverse(f"newsroom:{scope}_{fmt}", kwargs=kwargs)


def get_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def entries(root):
    """(title, link) of every item of an RSS or Atom document, in order."""
    if root.tag == "rss":
        return [(i.findtext("title"), i.findtext("link")) for i in root.iter("item")]
    return [
        (e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"))
        for e in root.iter(f"{ATOM}entry")
    ]


def test_rss_feed_is_valid_xml_in_its_language(client):
    """The French RSS feed parses as RSS 2.0 and declares the French language."""
    make_published_release(title_fr="Communiqué")
    root = get_feed(client, feed_url("fr", "rss"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("channel/language") == "fr"


def test_atom_feed_is_valid_xml_in_its_language(client):
    """The Spanish Atom feed parses as Atom and declares the Spanish language."""
    make_published_release(title_es="Comunicado")
    root = get_feed(client, feed_url("es", "atom"))
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"


@pytest.mark.parametrize("fmt", FORMATS)
def test_items_are_in_the_feed_language_and_link_to_its_page(client, fmt):
    """Items carry the French title and link to the release's French URL."""
    release = make_published_release(title_en="Report", title_fr="Rapport")
    with override("fr"):
        french_url = release.get_absolute_url()
    [(title, link)] = entries(get_feed(client, feed_url("fr", fmt)))
    assert title == "Rapport"
    assert link == f"http://testserver{french_url}"


def test_untranslated_item_falls_back_to_another_language(client):
    """A release with no Spanish title shows its original title, never an empty one."""
    make_published_release(title_en="Only in English", original_language="en")
    [(title, _link)] = entries(get_feed(client, feed_url("es", "rss")))
    assert title == "Only in English"


def test_items_are_newest_first_and_limited(client):
    """The feed lists the latest FEED_LENGTH releases, newest first."""
    releases = [make_published_release() for _ in range(FEED_LENGTH + 2)]
    newest_first = sorted(releases, key=lambda r: r.published_at, reverse=True)
    titles = [title for title, _link in entries(get_feed(client, feed_url("en", "rss")))]
    assert titles == [r.title_en for r in newest_first[:FEED_LENGTH]]


def test_items_carry_date_guid_and_theme_categories(client):
    """An RSS item has a publication date, a unique non-permalink guid and its themes."""
    theme = make_theme(name_en="Migration health")
    release = make_published_release()
    release.themes.add(theme)
    make_published_release()
    items = list(get_feed(client, feed_url("en", "rss")).iter("item"))
    assert all(item.findtext("pubDate") for item in items)
    guids = [item.find("guid") for item in items]
    assert len({g.text for g in guids}) == 2
    assert all(g.get("isPermaLink") == "false" for g in guids)
    categories = [c.text for item in items for c in item.findall("category")]
    assert categories == ["Migration health"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_theme_feed_lists_only_that_theme(client, fmt):
    """A theme's feed holds the releases of that theme only."""
    theme = make_theme(slug="health")
    kept = make_published_release(title_en="Health release")
    kept.themes.add(theme)
    make_published_release(title_en="Other release")
    root = get_feed(client, feed_url("en", fmt, "theme_feed", slug="health"))
    assert [title for title, _link in entries(root)] == ["Health release"]


def test_country_feed_lists_only_that_country(client):
    """A country's feed holds the releases naming that country only."""
    make_published_release(title_en="Swiss release", countries=["CH", "FR"])
    make_published_release(title_en="Other release", countries=["ES"])
    root = get_feed(client, feed_url("en", "rss", "country_feed", code="ch"))
    assert [title for title, _link in entries(root)] == ["Swiss release"]


def test_kind_feed_lists_only_that_kind(client):
    """A kind's feed holds the releases of that kind only."""
    make_published_release(title_en="A story", kind=NewsRelease.Kind.STORY)
    make_published_release(title_en="A release", kind=NewsRelease.Kind.PRESS_RELEASE)
    root = get_feed(client, feed_url("en", "atom", "kind_feed", kind="story"))
    assert [title for title, _link in entries(root)] == ["A story"]


@pytest.mark.parametrize(
    "scope, kwargs",
    [
        ("theme_feed", {"slug": "no-such-theme"}),
        ("country_feed", {"code": "ZZ"}),
        ("country_feed", {"code": "\x00é"}),
        ("kind_feed", {"kind": "gossip"}),
    ],
)
def test_unknown_filter_answers_404(client, scope, kwargs):
    """A feed for a theme, country or kind that does not exist is a 404, not an empty feed."""
    assert client.get(feed_url("en", "rss", scope, **kwargs)).status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "scope, kwargs",
    [
        ("feed", {}),
        ("theme_feed", {"slug": "health"}),
        ("country_feed", {"code": "CH"}),
        ("kind_feed", {"kind": "story"}),
    ],
)
def test_drafts_and_scheduled_releases_are_in_no_feed(client, language, fmt, scope, kwargs):
    """Every feed, in every language and format, shows the public release and no other."""
    theme = make_theme(slug="health")
    fields = {"kind": NewsRelease.Kind.STORY, "countries": ["CH"]}
    public = make_published_release(title_en="Public", **fields)
    draft = make_draft_release(title_en="Draft", **fields)
    scheduled = make_scheduled_release(title_en="Scheduled", **fields)
    for release in (public, draft, scheduled):
        release.themes.add(theme)
    root = get_feed(client, feed_url(language, fmt, scope, **kwargs))
    assert [title for title, _link in entries(root)] == ["Public"]


@pytest.mark.parametrize("scope, kwargs", [("feed", {}), ("theme_feed", {"slug": "health"})])
def test_feed_queries_do_not_grow_with_items(client, scope, kwargs):
    """A feed of one item and a feed of FEED_LENGTH items run the same number of queries
    (each counted with the cache empty: adding releases need not purge what the feed also
    remembers, such as the organisation's name)."""
    theme = make_theme(slug="health")
    url = feed_url("en", "rss", scope, **kwargs)

    def count_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            get_feed(client, url)
        return len(queries)

    make_published_release().themes.add(theme, make_theme())
    one = count_queries()
    for _ in range(FEED_LENGTH):
        make_published_release().themes.add(theme, make_theme())
    assert count_queries() == one


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_advertises_the_language_feeds(client, language):
    """The page head links to the RSS and Atom feeds of the page's language."""
    html = client.get(f"/{language}/").content.decode()
    rss, atom = feed_url(language, "rss"), feed_url(language, "atom")
    links = [
        (link.attrs["type"], link.attrs["href"])
        for link in elements(html, "link", rel="alternate", type=True, title=re.compile("."))
    ]
    assert ("application/rss+xml", rss) in links
    assert ("application/atom+xml", atom) in links


FEED_TITLES = {
    # language: (organisation acronym, "News releases", theme name, organisation name)
    "en": ("IOM", "News releases", "Migration health", "International Organization for Migration"),
    "fr": ("OIM", "Communiqués", "Santé et migration",
           "Organisation internationale pour les migrations"),
    "es": ("OIM", "Comunicados", "Salud y migración",
           "Organización Internacional para las Migraciones"),
}


def feed_heading(root, fmt):
    """The feed's (title, description): RSS channel title and description, Atom title and
    subtitle."""
    if fmt == "rss":
        return root.findtext("channel/title"), root.findtext("channel/description")
    return root.findtext(f"{ATOM}title"), root.findtext(f"{ATOM}subtitle")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_feed_titles_name_the_organisation_and_the_filter(client, language, fmt):
    """A reader subscribed to several organisations' feeds can tell whose each one is, and
    which filter it follows, in the feed's language."""
    make_organisation()
    theme = make_theme(
        slug="health", name_en="Migration health", name_fr="Santé et migration",
        name_es="Salud y migración",
    )
    make_published_release(title_en="Health release").themes.add(theme)
    acronym, releases, theme_name, organisation_name = FEED_TITLES[language]

    title, description = feed_heading(get_feed(client, feed_url(language, fmt)), fmt)
    assert title == f"{acronym} – {releases}"
    assert organisation_name in description

    root = get_feed(client, feed_url(language, fmt, "theme_feed", slug="health"))
    title, description = feed_heading(root, fmt)
    assert title == f"{acronym} – {releases} – {theme_name}"
    assert organisation_name in description and theme_name in description


def test_feed_titles_without_organisation_facts_are_still_whole(client):
    make_published_release(title_en="A release")
    title, description = feed_heading(get_feed(client, feed_url("en", "rss")), "rss")
    assert (title, description) == ("News releases", "The latest news releases, newest first.")
