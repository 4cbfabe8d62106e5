"""The light edition (iom_site.lite): every release, the list and the home as text under 15 KB,
in every language, linked to the full pages and back, public releases only, cached and purged
like the rest."""

import base64
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.models import Correction, NewsRelease
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_published_release,
    make_scheduled_release,
)
from tests.html import element, elements, links, text_of
from tests.i18n import url_in

pytestmark = pytest.mark.django_db

LIMIT = 15 * 1024


def _pages(language, release):
    return {
        "home": url_in(language, "lite:home"),
        "list": url_in(language, "lite:list"),
        "release": url_in(language, "lite:release", slug=release.slug),
    }


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_light_page_is_text_under_15_kb(client, language):
    """Home, list and the demo's releases in each language: under 15 KB, no image, no script,
    no stylesheet or font to fetch, only the inline CSS, which the page's CSP allows by hash."""
    for release in NewsRelease.objects.published():
        for url in _pages(language, release).values():
            response = client.get(url)
            assert response.status_code == 200, url
            assert len(response.content) < LIMIT, (url, len(response.content))
            assert not elements(response, "img"), url
            assert not elements(response, "script"), url
            assert not elements(response, "link", rel="stylesheet"), url
            assert not elements(response, "picture"), url
            style = element(response, "style").text
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in response["Content-Security-Policy"], url
            assert "@font-face" not in style
            assert element(response, "html").attrs["lang"] == language


def test_a_release_reads_as_text_with_its_contacts_and_corrections(client):
    release = make_published_release(
        title_en="Floods in the valley",
        lead_en="Thousands moved to safety.",
        body_en='<p>First paragraph.</p><figure><img src="/media/x.jpg" alt="x"></figure>'
        '<p>See <a href="https://example.org/report">the report</a>.</p>',
    )
    attach_contact(release, make_contact(name="Ana Pérez", email="ana@example.org"))
    Correction.objects.create(release=release, note_en="The number of people was corrected.")
    release.refresh_from_db()
    release.corrected_at = Correction.objects.get().created_at
    release.save()
    response = client.get(url_in("en", "lite:release", slug=release.slug))
    assert element(response, "h1").text == "Floods in the valley"
    text = text_of(response)
    assert "Thousands moved to safety." in text
    assert "First paragraph." in text
    assert "Ana Pérez" in text
    assert "The number of people was corrected." in text
    assert "Corrected on" in text
    assert element(response, "a", href="https://example.org/report")
    assert element(response, "a", href="mailto:ana@example.org")
    assert not elements(response, "img")
    assert not elements(response, "figure")


def test_light_and_full_pages_link_to_each_other(client):
    release = make_published_release()
    lite = client.get(url_in("fr", "lite:release", slug=release.slug))
    full_url = url_in("fr", "newsroom:detail", slug=release.slug)
    assert element(lite, "link", rel="canonical").attrs["href"] == full_url
    assert full_url in links(lite)
    for code in LANGUAGES:
        if code != "fr":
            assert url_in(code, "lite:release", slug=release.slug) in links(lite)
    assert url_in("fr", "newsroom:list") in links(client.get(url_in("fr", "lite:list")))
    assert element(lite, "a", href=full_url).text == "Version complète de cette page"
    full = client.get(full_url)
    assert url_in("fr", "lite:release", slug=release.slug) in links(full)
    assert url_in("fr", "lite:home") in links(client.get(url_in("fr", "home")))


def test_a_fallback_title_carries_its_language(client):
    release = make_published_release(title_en="Only in English", title_fr="", title_es="")
    response = client.get(url_in("fr", "lite:release", slug=release.slug))
    assert element(response, "h1").attrs["lang"] == "en"
    item = element(client.get(url_in("fr", "lite:list")), "a", text="Only in English")
    assert item.attrs["lang"] == "en"


def test_only_public_releases_appear(client):
    public = make_published_release(title_en="Public one")
    draft = make_draft_release(title_en="Draft one")
    scheduled = make_scheduled_release(title_en="Scheduled one")
    withdrawn = make_published_release(title_en="Withdrawn one")
    NewsRelease.objects.filter(pk=withdrawn.pk).update(status=NewsRelease.Status.WITHDRAWN)
    for url in (url_in("en", "lite:home"), url_in("en", "lite:list")):
        text = text_of(client.get(url))
        assert public.title_en in text
        for hidden in (draft, scheduled, withdrawn):
            assert hidden.title_en not in text
    for hidden in (draft, scheduled, withdrawn):
        assert client.get(url_in("en", "lite:release", slug=hidden.slug)).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "999", "1%00"])
def test_a_list_page_that_does_not_exist_answers_404(client, page):
    make_published_release()
    response = client.get(url_in("en", "lite:list"), {"page": page})
    assert response.status_code == 404


def test_the_list_runs_the_same_queries_whatever_its_length(client, settings):
    """Twenty releases or one: the same number of queries."""
    make_published_release()
    client.get(url_in("en", "lite:list"))  # the count is kept after the first request
    with CaptureQueriesContext(connection) as one:
        client.get(url_in("en", "lite:list"))
    for _ in range(25):
        make_published_release()
    client.get(url_in("en", "lite:list"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url_in("en", "lite:list"))
    assert len(elements(response, "li")) == 20
    assert len(many) == len(one)
    second = client.get(url_in("en", "lite:list"), {"page": 2})
    assert len(elements(second, "li")) == 6


@pytest.mark.clock
def test_a_change_reaches_the_cached_light_pages_at_once(client, settings):
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    release = make_published_release(title_en="Old title")
    urls = _pages("en", release).values()
    for url in urls:
        assert "Old title" in text_of(client.get(url))
        assert client.get(url).from_page_cache
    release.title_en = "New title"
    release.save()
    for url in urls:
        text = text_of(client.get(url))
        assert "New title" in text and "Old title" not in text
    NewsRelease.objects.filter(pk=release.pk).update(status=NewsRelease.Status.DRAFT)
    assert client.get(url_in("en", "lite:release", slug=release.slug)).status_code == 404
    assert "New title" not in text_of(client.get(url_in("en", "lite:list")))
