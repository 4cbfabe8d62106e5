"""The public newsroom list: order, pagination, filters, bad input, and its SQL budget."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom.models import NewsRelease
from tests.factories import make_draft_release, make_published_release, make_theme
from tests.html import all_text, element, elements, links, text_of
from tests.i18n import url_in
from tests.newsroom.pages import listed_titles as titles

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ZURICH = ZoneInfo("Europe/Zurich")
LIST = "/en/news/"


def test_list_shows_newest_first(client):
    """Releases are listed by public time, newest first."""
    old = make_published_release(published_at=timezone.now() - timedelta(days=3))
    new = make_published_release(published_at=timezone.now() - timedelta(days=1))
    assert titles(client.get(LIST)) == [new.title_en, old.title_en]


def test_list_is_paginated_by_twenty(client):
    """Twenty releases a page; the rest on the next page."""
    for _ in range(25):
        make_published_release()
    assert len(titles(client.get(LIST))) == 20
    assert len(titles(client.get(LIST, {"page": 2}))) == 5


def test_item_shows_kind_dateline_date_and_lead(client):
    """Each item carries its kind, dateline, date in the page's language and lead."""
    make_published_release(
        kind=NewsRelease.Kind.BRIEFING_NOTE,
        dateline_fr="Suisse",
        lead_fr="Le chapeau.",
        title_fr="Titre",
        published_at=datetime(2017, 6, 20, 10, tzinfo=ZURICH),
    )
    html = client.get(url_in("fr", "newsroom:list")).content.decode()
    item = element(html, "article", class_="release-item")
    meta = element(item, "p", class_="release-meta")
    assert element(meta, "span", text="Suisse")
    assert element(meta, "time").text == "20 juin 2017"
    assert "Suisse – 20 juin 2017" in meta.text
    assert element(item, "p", class_="release-lead").text == "Le chapeau."
    assert elements(html, "option", value="briefing-note")


def test_untranslated_title_is_marked_with_its_language(client):
    """A release without a French title shows its original title with `lang` and a badge."""
    make_published_release(title_en="Only in English", original_language="en")
    html = client.get(url_in("fr", "newsroom:list")).content.decode()
    assert element(html, "a", text="Only in English").attrs["lang"] == "en"
    assert elements(html, "span", class_="lang-badge")


def test_filter_by_kind(client):
    """`kind` keeps only releases of that kind."""
    story = make_published_release(kind=NewsRelease.Kind.STORY)
    make_published_release(kind=NewsRelease.Kind.PRESS_RELEASE)
    assert titles(client.get(LIST, {"kind": "story"})) == [story.title_en]


def test_filter_by_theme(client):
    """`theme` (a slug) keeps only releases with that theme."""
    theme = make_theme(slug="migration-health")
    tagged = make_published_release()
    tagged.themes.add(theme, make_theme())
    make_published_release()
    assert titles(client.get(LIST, {"theme": "migration-health"})) == [tagged.title_en]


def test_filter_by_country(client):
    """`country` (ISO code) keeps only releases naming that country."""
    swiss = make_published_release(countries=["FR", "CH"])
    make_published_release(countries=["CA", "HK"])  # "CA,HK" must not match "AH" or "CH".
    assert titles(client.get(LIST, {"country": "CH"})) == [swiss.title_en]


def test_filter_by_year_in_site_time_zone(client):
    """`year` counts in Europe/Zurich: 31 December 23:30 UTC is already next year there."""
    new_year = make_published_release(
        published_at=datetime(2016, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    make_published_release(published_at=datetime(2016, 6, 1, tzinfo=ZURICH))
    assert titles(client.get(LIST, {"year": "2017"})) == [new_year.title_en]


def test_filters_combine(client):
    """Several filters apply together."""
    theme = make_theme(slug="governance")
    match = make_published_release(kind="story", countries=["CH"])
    match.themes.add(theme)
    other_kind = make_published_release(kind="statement", countries=["CH"])
    other_kind.themes.add(theme)
    make_published_release(kind="story", countries=["FR"]).themes.add(theme)
    response = client.get(LIST, {"kind": "story", "theme": "governance", "country": "CH"})
    assert titles(response) == [match.title_en]


def test_page_links_keep_the_filters(client):
    """The next-page link carries the active filters."""
    for _ in range(21):
        make_published_release(kind="story")
    html = client.get(LIST, {"kind": "story"}).content.decode()
    assert "?kind=story&page=2" in links(html)


def test_second_page_of_a_filter_stays_filtered(client):
    """Page 2 of a filtered list holds only matching releases."""
    for _ in range(21):
        make_published_release(kind="story")
    for _ in range(5):
        make_published_release(kind="statement")
    response = client.get(LIST, {"kind": "story", "page": "2"})
    assert len(titles(response)) == 1
    assert response.context["page"].paginator.count == 21


def test_filter_form_has_labels(client):
    """Every filter select has a label tied to it."""
    html = client.get(LIST).content.decode()
    for name in ("kind", "theme", "country", "year"):
        assert elements(html, "label", for_=f"id_{name}")
        assert elements(html, "select", id=f"id_{name}")


def test_filter_form_keeps_the_chosen_values(client):
    """After filtering, the form shows the filter chosen."""
    make_published_release().themes.add(make_theme(slug="governance"))
    html = client.get(LIST, {"theme": "governance"}).content.decode()
    assert elements(html, "option", value="governance", selected=True)


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"kind": "no-such-kind"}, "no-such-kind"),
        ({"theme": "no-such-theme"}, "no-such-theme"),
        ({"country": "ZZ"}, "ZZ"),
        ({"year": "abcd"}, "abcd"),
        ({"year": "1999"}, "1999"),
        ({"year": "99999999999999999999"}, "99999999999999999999"),
        ({"kind": "story\x00"}, "story"),
        ({"theme": "x" * 10000}, "x" * 60 + "…"),
        ({"country": "ČĦ"}, "ČĦ"),
        ({"year": "２０１７"}, "２０１７"),
    ],
)
def test_unknown_filter_answers_404_with_the_list_help(client, params, shown):
    """An unknown kind, theme, country or year answers 404 with the list's layout, a message
    naming the value and a link to the whole list: never every release."""
    make_published_release(title_en="Listed release")
    make_published_release()
    response = client.get(LIST, params)
    assert response.status_code == 404
    assert element(response, "h1").text == "Newsroom"
    assert element(response, "form", class_="release-filters")
    [(name, value)] = params.items()
    label = response.context["form"].fields[name].label
    section = element(response, "section", class_="unknown-filters")
    assert [text_of(item) for item in elements(section, "li")][0] == (
        f"{label}: no release matches “{shown}”."
    )
    assert LIST in links(section)
    assert titles(response) == []
    assert "Listed release" not in all_text(response)


def test_unknown_filter_page_links_to_the_valid_filters_without_it(client):
    """An unknown theme beside a valid kind: the page links to the kind's list without it."""
    make_published_release(kind="story")
    response = client.get(LIST, {"kind": "story", "theme": "nope"})
    assert response.status_code == 404
    section = element(response, "section", class_="unknown-filters")
    assert links(section) == [LIST + "?kind=story", LIST]
    assert titles(client.get(LIST + "?kind=story")) != []


def test_unknown_filter_value_is_shown_as_text(client):
    """The value is named as typed, markup shown as text, never as markup."""
    response = client.get(LIST, {"theme": "<b>injected</b>"})
    section = element(response, "section", class_="unknown-filters")
    assert not elements(response, "b")
    assert "“<b>injected</b>”" in text_of(section)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "Pays : aucun communiqué ne correspond à « ZZ »."),
        ("es", "País: ningún comunicado corresponde a «ZZ»."),
    ],
)
def test_unknown_filter_page_speaks_the_visitor_language(client, lang, words):
    """The French and Spanish pages name the unknown value in their own words."""
    make_published_release()
    response = client.get(url_in(lang, "newsroom:list"), {"country": "ZZ"})
    assert response.status_code == 404
    section = element(response, "section", class_="unknown-filters")
    assert text_of(elements(section, "li")[0]) == words


def test_year_filter_offers_only_years_with_public_releases(client):
    """Releases in 2019 and 2024 only: the year filter offers 2024 and 2019, not the years
    between them nor this one; a draft's year is not offered either."""
    make_published_release(published_at=datetime(2019, 5, 1, tzinfo=ZURICH))
    make_published_release(published_at=datetime(2024, 5, 1, tzinfo=ZURICH))
    make_draft_release(published_at=datetime(2021, 5, 1, tzinfo=ZURICH))
    response = client.get(LIST)
    select = element(response, "select", name="year")
    assert [option.attrs["value"] for option in elements(select, "option")] == [
        "", "2024", "2019"
    ]
    assert client.get(LIST, {"year": "2021"}).status_code == 404
    assert client.get(LIST, {"year": "2019"}).status_code == 200


def test_search_not_understood_is_ignored_with_a_message(client):
    """A search that cannot be run is named, and the list is shown without it (200)."""
    make_published_release()
    response = client.get(LIST, {"q": "&|!"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert elements(response, class_="form-message")


@pytest.mark.parametrize("page", ["abc", "", "0", "-1", "1.5", "\x00", "9" * 5000])
def test_page_that_is_not_a_page_number_gives_a_page(client, page):
    """A page value that is not a usable number answers 200 with a page of results."""
    make_published_release()
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_page_past_the_end_gives_the_last_page(client):
    """page=99999 shows the last page rather than an error."""
    for _ in range(21):
        make_published_release()
    response = client.get(LIST, {"page": "99999"})
    assert response.status_code == 200
    assert response.context["page"].number == 2


def test_repeated_parameter_uses_the_last_value(client):
    """?kind=a&kind=b filters by the last value, as a browser form would send it."""
    story = make_published_release(kind="story")
    make_published_release(kind="statement")
    response = client.get(LIST + "?kind=statement&kind=story")
    assert titles(response) == [story.title_en]


def test_array_style_parameter_is_ignored(client):
    """kind[]=story is not a known parameter: the list is unfiltered."""
    make_published_release(kind="story")
    make_published_release(kind="statement")
    response = client.get(LIST + "?kind[]=story&theme[x]=y")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_list_does_not_load_bodies(client):
    """The list's SQL selects no body column: it shows no body."""
    make_published_release()
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    release_sql = [q["sql"] for q in queries.captured_queries if "newsroom_newsrelease" in q["sql"]]
    assert release_sql
    assert not any("body_en" in sql for sql in release_sql)


def count_queries(client, url):
    # With an empty cache: every query the page can run is counted (core.content_cache).
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def make_listed_release():
    release = make_published_release(countries=["CH", "FR"])
    release.themes.add(make_theme(), make_theme())
    return release


def test_list_query_count_does_not_grow_with_releases(client):
    """The list runs as many queries for 50 releases (with themes, countries) as for 1."""
    make_listed_release()
    client.get(LIST)  # warm-up: first-request caches do not count
    one = count_queries(client, LIST)
    for _ in range(49):
        make_listed_release()
    assert count_queries(client, LIST) == one
    assert count_queries(client, LIST + "?page=2") == one


def test_filtered_list_query_count_does_not_grow_with_releases(client):
    """A filtered list runs as many queries for 50 matches as for 1."""
    theme = make_theme(slug="t")
    make_listed_release().themes.add(theme)
    url = LIST + "?theme=t&country=CH&kind=press-release"
    client.get(url)
    one = count_queries(client, url)
    for _ in range(49):
        make_listed_release().themes.add(theme)
    assert count_queries(client, url) == one
