"""Search on the public newsroom list: the `q` field, its highlights, bad input, SQL budget,
and the feeds a filtered list advertises."""


import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.search import MAX_QUERY_LENGTH
from tests.factories import (
    make_draft_release,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import all_text, element, elements, links
from tests.newsroom.pages import listed_titles as titles

pytestmark = pytest.mark.django_db


def list_url(language="en"):
    with override(language):
        return reverse("newsroom:list")


def test_list_form_has_a_labelled_search_field(client):
    """The list's GET form offers a search box with its label."""
    html = client.get(list_url()).content.decode()
    assert elements(html, "label", for_="id_q")
    assert elements(html, "input", type="search", name="q", id="id_q")


def test_search_narrows_the_list(client):
    """?q= lists only the releases matching the words."""
    make_published_release(title_en="Cyclone response")
    make_published_release(title_en="Annual report")
    assert titles(client.get(list_url(), {"q": "cyclone"})) == ["Cyclone response"]


def test_search_combines_with_the_filters(client):
    """?q= and ?theme= together keep only releases matching both."""
    theme = make_theme(slug="health")
    make_published_release(title_en="Cyclone response").themes.add(theme)
    make_published_release(title_en="Cyclone relief")
    make_published_release(title_en="Health report").themes.add(theme)
    response = client.get(list_url(), {"q": "cyclone", "theme": "health"})
    assert titles(response) == ["Cyclone response"]


def test_page_links_keep_the_search(client):
    """Pagination links of a search carry `q` so page 2 is still the search."""
    for _ in range(21):
        make_published_release(title_en="Cyclone response")
    html = client.get(list_url(), {"q": "cyclone"}).content.decode()
    assert [link for link in links(html) if link.endswith("q=cyclone&page=2")]


def test_results_mark_the_matched_words(client):
    """The title and passage of a result show the searched word in <mark>."""
    make_published_release(title_en="Cyclone response", lead_en="After the cyclone, help.")
    html = client.get(list_url(), {"q": "cyclone"}).content.decode()
    item = element(html, "article", class_="release-item")
    assert element(item, "a").text == "Cyclone response"
    assert element(element(item, "a"), "mark").text == "Cyclone"
    assert elements(element(item, "p", class_="search-headline"), "mark", text="cyclone")


def test_results_escape_markup_in_the_text(client):
    """Markup inside a matching title or lead is shown as text, not run."""
    make_published_release(
        title_en="<script>alert(1)</script> cyclone", lead_en='<img src=x onerror="alert(2)">'
    )
    html = client.get(list_url(), {"q": "cyclone"}).content.decode()
    assert elements(html, "a", text="<script>alert(1)</script> cyclone")
    assert not [script for script in elements(html, "script") if "alert" in script.content]
    assert not elements(html, "img", src="x")
    assert not elements(html, onerror=True)


@pytest.mark.clock
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_never_shows_drafts_or_scheduled_releases(client, language):
    """In every language, searching the list finds the public release only."""
    text = {f"title_{language}": "Cyclone embargo"}
    make_draft_release(**text)
    make_scheduled_release(**text)
    public = make_published_release(**text)
    response = client.get(list_url(language), {"q": "embargo"})
    assert [r.pk for r in response.context["page"].object_list] == [public.pk]


@pytest.mark.parametrize(
    "query, message_part",
    [
        ("x" * 10_000, str(MAX_QUERY_LENGTH)),
        ("&|!():*", ""),
        ("\x00", ""),
        ("cyclone\x00", ""),
    ],
)
def test_bad_search_is_answered_with_a_message(client, query, message_part):
    """Too long, wordless or NUL-holding searches answer 200 with a message, list unfiltered."""
    make_published_release(title_en="Cyclone response")
    make_published_release(title_en="Annual report")
    response = client.get(list_url(), {"q": query})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["page"].paginator.count == 2
    html = response.content.decode()
    assert message_part in element(html, id="q-error").text


@pytest.mark.parametrize("query", ["ｃｙｃｌｏｎｅ", "cyclone\u200b", "🙂 cyclone", "'cyclone:*'"])
def test_odd_unicode_and_operators_still_search(client, query):
    """Full-width letters, zero-width spaces, emoji and tsquery syntax still find the word."""
    make_published_release(title_en="Cyclone response")
    response = client.get(list_url(), {"q": query})
    assert response.status_code == 200
    assert titles(response) == ["Cyclone response"]


def count_queries(client, params):
    # With an empty cache: every query the page can run is counted (core.content_cache).
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(), params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_search_query_count_does_not_grow_with_results(client):
    """A search listing 20 matches runs as many queries as one listing a single match."""
    params = {"q": "cyclone", "theme": "health"}
    theme = make_theme(slug="health")
    make_published_release(title_en="Cyclone").themes.add(theme, make_theme())
    client.get(list_url(), params)
    one = count_queries(client, params)
    for _ in range(25):
        make_published_release(title_en="Cyclone").themes.add(theme, make_theme())
    assert count_queries(client, params) == one


@pytest.mark.parametrize(
    "params, feed, kwargs",
    [
        ({"theme": "health"}, "theme_feed", {"slug": "health"}),
        ({"country": "CH"}, "country_feed", {"code": "CH"}),
        ({"kind": "story"}, "kind_feed", {"kind": "story"}),
    ],
)
def test_filtered_list_advertises_its_feeds(client, params, feed, kwargs):
    """A list filtered by theme, country or kind links to that filter's RSS and Atom feeds."""
    release = make_published_release(kind="story", countries=["CH"])
    release.themes.add(make_theme(slug="health"))
    html = client.get(list_url("fr"), params).content.decode()
    with override("fr"):
        rss = reverse(f"newsroom:{feed}_rss", kwargs=kwargs)
        atom = reverse(f"newsroom:{feed}_atom", kwargs=kwargs)
    assert element(html, "link", type="application/rss+xml", href=rss).attrs["title"]
    assert elements(html, "link", href=atom)


def test_unfiltered_list_advertises_only_the_language_feeds(client):
    """Without a filter, the list's head has no theme, country or kind feed."""
    html = client.get(list_url()).content.decode()
    feeds = [feed.attrs["href"] for feed in elements(html, "link", rel="alternate", type=True)]
    assert feeds
    assert [href for href in feeds if "/feed/theme/" in href or "/feed/kind/" in href] == []
    assert "/feed/theme/" not in all_text(html) and "/feed/kind/" not in all_text(html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["senegal", "SENEGAL", "sénégal"])
def test_list_search_forgives_accents_and_case(client, language, typed):
    """The list's search box finds "Sénégal" typed without accents or in capitals, in every
    language, and marks the word as written."""
    release = make_published_release(**{f"title_{language}": "Santé au Sénégal"})
    make_published_release(**{f"title_{language}": "Autre chose"})
    response = client.get(list_url(language), {"q": typed})
    assert titles(response) == [getattr(release, f"title_{language}")]
    assert [mark.text for mark in elements(response, "mark")][:1] == ["Sénégal"]
