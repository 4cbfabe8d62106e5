"""sitemap.xml (an index of sections, hreflang alternates, x-default) and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from iom_site.sitemaps import ReleaseSitemap
from organisation.models import Page
from tests.factories import (
    make_draft_release,
    make_office,
    make_person,
    make_position,
    make_published_release,
    make_scheduled_release,
    make_unit,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def make_page(**fields):
    values = dict(title_en="Who we are", slug_en="who-we-are", status=Page.Status.PUBLISHED)
    values.update(fields)
    return Page.objects.create(**values)


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def section_urls(client):
    """The URL of every sitemap (every page of every section) the index lists."""
    index = get_xml(client, reverse("sitemap"))
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]


def sitemap_entries(client):
    """{location: {hreflang: href}} over the whole sitemap."""
    entries = {}
    for url in section_urls(client):
        parts = urlsplit(url)
        root = get_xml(client, f"{parts.path}?{parts.query}" if parts.query else parts.path)
        for node in root.findall("sm:url", NS):
            location = node.findtext("sm:loc", namespaces=NS)
            assert location not in entries, f"{location} listed twice"
            entries[location] = {
                link.get("hreflang"): link.get("href") for link in node.findall("xhtml:link", NS)
            }
    return entries


def url_in(language, obj=None, name=None):
    with override(language):
        path = obj.get_absolute_url() if obj is not None else reverse(name)
    return f"http://testserver{path}"


def make_site():
    """One public item of every kind, and a draft and a scheduled release."""
    unit = make_unit()
    make_position(unit=unit, person=make_person())
    make_office()
    return {
        "page": make_page(slug_fr="qui-sommes-nous", title_fr="Qui sommes-nous"),
        "unit": unit,
        "person": make_person(),
        "release": make_published_release(),
        "draft": make_draft_release(),
        "scheduled": make_scheduled_release(),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_sitemap_lists_every_public_page_in_every_language(client, language):
    """Home, structure, where we work, news, media contacts and every public item, per language."""
    site = make_site()
    locations = set(sitemap_entries(client))
    names = [
        "home",
        "organisation:structure",
        "organisation:where_we_work",
        "newsroom:list",
        "newsroom:media_contacts",
    ]
    for name in names:
        assert url_in(language, name=name) in locations
    for key in ("page", "unit", "person", "release"):
        assert url_in(language, site[key]) in locations


def test_drafts_and_scheduled_releases_are_not_in_the_sitemap(client):
    """Neither a draft nor a scheduled release appears, in any language, nor a draft page."""
    site = make_site()
    draft_page = make_page(slug_en="secret-plan", status=Page.Status.DRAFT)
    listed = {url for alts in sitemap_entries(client).values() for url in alts.values()}
    for obj in (site["draft"], site["scheduled"], draft_page):
        for language in LANGUAGES:
            assert url_in(language, obj) not in listed


def test_translated_slugs_are_used(client):
    """A page's French entry uses its French slug, and its alternates do too."""
    make_page(slug_fr="qui-sommes-nous", title_fr="Qui sommes-nous")
    entries = sitemap_entries(client)
    french = [loc for loc in entries if "qui-sommes-nous" in loc]
    assert len(french) == 1 and french[0].startswith("http://testserver/fr/")
    assert entries[french[0]]["en"].endswith("/en/who-we-are/")


def test_hreflang_alternates_are_reciprocal(client):
    """Every URL lists itself and its siblings, and each sibling lists the very same set."""
    make_site()
    entries = sitemap_entries(client)
    assert entries
    for location, alternates in entries.items():
        assert set(alternates) == {"en", "fr", "es", "x-default"}, location
        assert location in alternates.values()
        for language in LANGUAGES:
            assert entries[alternates[language]] == alternates


def test_x_default_is_the_english_page(client):
    """x-default points at the English URL, not at an unprefixed one."""
    make_site()
    for alternates in sitemap_entries(client).values():
        assert alternates["x-default"] == alternates["en"]
        assert urlsplit(alternates["x-default"]).path.startswith("/en/")


def test_every_sitemap_url_answers_200(client):
    """Each location of the sitemap, x-default included, is a page that exists."""
    make_site()
    entries = sitemap_entries(client)
    paths = {urlsplit(url).path for alts in entries.values() for url in alts.values()}
    for path in sorted(paths):
        assert client.get(path).status_code == 200, path


# 23:30 UTC on 31 December is already 1 January in the site's time zone (Europe/Zurich).
@time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False)
def test_releases_carry_lastmod(client):
    """A release's entry has a lastmod naming the instant of its last change, with its offset,
    also at the hour when the site's local date is not the UTC date."""
    release = make_published_release()
    root = get_xml(client, reverse("sitemap_section", kwargs={"section": "news"}))
    lastmods = [node.findtext("sm:lastmod", namespaces=NS) for node in root.findall("sm:url", NS)]
    assert len(lastmods) == 3
    assert len(set(lastmods)) == 1
    assert lastmods[0] == "2027-01-01T00:30:00+01:00"
    assert datetime.fromisoformat(lastmods[0]) == release.updated_at.replace(microsecond=0)


def test_index_lastmod_is_a_datetime_with_offset(client):
    """The index gives each section's latest change as a W3C datetime with its offset."""
    make_published_release()
    root = get_xml(client, reverse("sitemap"))
    sections = root.findall("sm:sitemap", NS)
    lastmods = [node.findtext("sm:lastmod", namespaces=NS) for node in sections]
    dated = [value for value in lastmods if value]
    assert dated
    assert all(datetime.fromisoformat(value).utcoffset() is not None for value in dated)


def test_releases_are_paged_with_the_index(client, monkeypatch):
    """Past the section limit, the index lists ?p=2 and the pages hold every release once."""
    monkeypatch.setattr(ReleaseSitemap, "limit", 2 * len(LANGUAGES))
    releases = [make_published_release() for _ in range(5)]
    news_pages = [url for url in section_urls(client) if "sitemap-news" in url]
    assert [urlsplit(url).query for url in news_pages] == ["", "p=2", "p=3"]
    locations = [loc for loc in sitemap_entries(client) if "/release-" in loc]
    assert sorted(locations) == sorted(url_in(lang, r) for r in releases for lang in LANGUAGES)


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-news.xml?p=99", "/sitemap-news.xml?p=x"]
)
def test_unknown_section_or_page_is_404(client, url):
    """A section that does not exist or a page past the end answers 404."""
    make_published_release()
    assert client.get(url).status_code == 404


def count_sitemap_queries(client):
    with CaptureQueriesContext(connection) as queries:
        sitemap_entries(client)
    return len(queries.captured_queries)


def test_sitemap_queries_do_not_grow_with_content(client):
    """The whole sitemap runs no more queries for 30 releases and pages than for 1 of each
    (fewer: the header's organisation and menu, read the first time, are not purged by
    saving releases, pages that are not in the menu, units and people)."""
    make_published_release()
    make_page()
    one = count_sitemap_queries(client)
    for n in range(29):
        make_published_release()
        make_page(slug_en=f"page-{n}")
        make_unit()
        make_person()
    assert count_sitemap_queries(client) <= one


def test_robots_txt_points_to_the_sitemap(client):
    """robots.txt names the sitemap's absolute URL."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()


def test_robots_txt_keeps_crawlers_out_of_admin_and_previews(client):
    """robots.txt disallows the admin and the release preview in every language."""
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    for language in LANGUAGES:
        with override(language):
            preview = reverse("newsroom:preview", kwargs={"pk": 7})
        assert f"Disallow: {preview.removesuffix('7/')}" in lines


def test_a_sitemap_section_is_built_once_until_the_content_changes(client):
    """A second request for a section is served from the content cache (only the content
    version is read); a new release shows in it at once."""
    first = make_published_release()
    url = reverse("sitemap_section", kwargs={"section": "news"})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        root = get_xml(client, url)
    assert len(queries) == 1
    assert len(root.findall("sm:url", NS)) == 3
    second = make_published_release()
    locations = [node.findtext("sm:loc", namespaces=NS) for node in get_xml(client, url)]
    assert any(second.slug in loc for loc in locations)
    assert any(first.slug in loc for loc in locations)


def test_odd_sitemap_queries_are_not_kept(client):
    """Only the page parameter is part of a kept sitemap; other parameters build it anew."""
    make_published_release()
    url = reverse("sitemap_section", kwargs={"section": "news"})
    client.get(url + "?x=1")
    with CaptureQueriesContext(connection) as queries:
        client.get(url + "?x=1")
    assert len(queries) > 1
