"""The newsroom list's counts: a search counts and ranks at most `search.MAX_RESULTS` matches
(the newest) and says when there are more; the plain and filtered lists remember their count
until the content changes or a scheduled release goes public (newsroom.pagination)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsroom import search
from tests.factories import make_published_release, make_scheduled_release, make_theme
from tests.html import all_text, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

LIST = "/en/news/"


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, [q["sql"] for q in queries if "COUNT(" in q["sql"]]


def _matches(n):
    """`n` releases titled "Cyclone", newest first."""
    return [
        make_published_release(
            title_en=f"Cyclone {i}", published_at=timezone.now() - timedelta(days=i + 1)
        )
        for i in range(n)
    ]


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(search, "MAX_RESULTS", 3)


def test_search_past_the_limit_says_there_are_more(client, small_limit):
    """5 matches with a limit of 3: "more than 3", and 3 are listed."""
    _matches(5)
    response = client.get(LIST, {"q": "cyclone"})
    html = response.content.decode()
    assert "More than 3 releases match" in text_of(html)
    assert len(response.context["page"].object_list) == 3


def test_search_past_the_limit_shows_the_newest_matches(client, small_limit):
    """Past the limit the oldest matches are left out, even when they would rank first."""
    for day in range(4):
        make_published_release(
            lead_en="After the cyclone", published_at=timezone.now() - timedelta(days=day + 1)
        )
    older_better = [
        make_published_release(
            title_en="Cyclone", published_at=timezone.now() - timedelta(days=day + 10)
        )
        for day in range(2)
    ]
    shown = {r.pk for r in client.get(LIST, {"q": "cyclone"}).context["page"].object_list}
    assert len(shown) == 3
    assert shown.isdisjoint(r.pk for r in older_better)


def test_search_at_the_limit_gives_the_exact_count(client, small_limit):
    """Exactly 3 matches with a limit of 3: "3 releases", not "more than"."""
    _matches(3)
    html = client.get(LIST, {"q": "cyclone"}).content.decode()
    assert "3 releases" in text_of(html)
    assert "More than" not in all_text(html)


def test_search_past_the_limit_has_no_page_beyond_it(client, monkeypatch):
    """With 25 matches and a limit of 21, the pages stop at the 21st result."""
    monkeypatch.setattr(search, "MAX_RESULTS", 21)
    _matches(25)
    page = client.get(LIST, {"q": "cyclone", "page": "9"}).context["page"]
    assert page.number == 2
    assert len(page.object_list) == 1


def test_list_count_is_remembered(client):
    """The second request for the same list runs no COUNT."""
    make_published_release()
    client.get(LIST)
    _response, counts = _count_queries(client, LIST)
    assert counts == []


def test_filtered_list_count_is_remembered_per_filter(client):
    """Each filter has its own count: a theme's list does not reuse the whole list's."""
    theme = make_theme(slug="health")
    make_published_release().themes.add(theme)
    make_published_release()
    client.get(LIST)
    response, counts = _count_queries(client, LIST, {"theme": "health"})
    assert len(counts) == 1
    assert response.context["page"].paginator.count == 1


def test_new_release_changes_the_remembered_count(client):
    """A release saved after the count was remembered is counted at once."""
    make_published_release()
    client.get(LIST)
    make_published_release()
    assert client.get(LIST).context["page"].paginator.count == 2


def test_scheduled_release_is_counted_once_public(client):
    """The remembered count is dropped at the scheduled release's time, not later."""
    make_published_release()
    scheduled = make_scheduled_release(published_at=timezone.now() + timedelta(seconds=1.5))
    assert client.get(LIST).context["page"].paginator.count == 1
    with time_machine.travel(scheduled.published_at + timedelta(seconds=0.1)):
        assert client.get(LIST).context["page"].paginator.count == 2
