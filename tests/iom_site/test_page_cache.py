"""Whole anonymous pages come from the cache, are dropped when the content changes, never
outlive a scheduled release's time, and are never shared with or by logged-in users
(core.page_cache)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.page_cache import _cache_key, _shareable
from newsroom import embargo
from tests.factories import (
    make_published_release,
    make_scheduled_release,
    make_staff_user,
    make_theme,
)
from tests.html import all_text, element, elements, text_of
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

LIST = "/en/news/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def _rename_behind_the_cache(release, title):
    """Change a title with raw SQL: no signal, so the content's generation stays the same."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsroom_newsrelease SET title_en = %s WHERE id = %s", [title, release.pk]
        )


def test_second_anonymous_request_runs_one_query(client):
    """The same page asked again comes from the cache: the only SQL reads the versions of its
    cache tags (its own release's among them)."""
    release = make_published_release()
    client.get(release.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert release.title_en in text_of(response)
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert sql.startswith('SELECT name, version FROM "core_cachetagversion" WHERE name IN (')
    assert f"'release:{release.pk}'" in sql


def test_cached_page_keeps_its_headers(client):
    """A page from the cache carries the same security and language headers."""
    release = make_published_release()
    first = client.get(release.get_absolute_url())
    second = client.get(release.get_absolute_url())
    for header in ("Content-Security-Policy", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header]


def test_saving_a_release_changes_its_page_at_once(client):
    """An editor's correction shows on the next anonymous request."""
    release = make_published_release(title_en="Old title")
    client.get(release.get_absolute_url())
    release.title_en = "Corrected title"
    release.save()
    assert "Corrected title" in text_of(client.get(release.get_absolute_url()))


def test_new_release_appears_in_the_cached_list_at_once(client):
    """A release published now is in the list on the next request."""
    make_published_release()
    client.get(LIST)
    new = make_published_release(title_en="Just published")
    assert new.title_en in text_of(client.get(LIST))


def test_theme_change_reaches_the_cached_filtered_list(client):
    """Adding a theme to a release (a many-to-many change) drops the cached filtered list."""
    theme = make_theme(slug="health")
    release = make_published_release(title_en="Vaccination campaign")
    client.get(LIST, {"theme": "health"})
    release.themes.add(theme)
    assert "Vaccination campaign" in text_of(client.get(LIST, {"theme": "health"}))


def test_scheduled_release_goes_public_on_time_with_the_cache_on(client):
    """A release scheduled in 1.5 s is absent before its time and listed right after it,
    although the list was cached before."""
    make_published_release()
    scheduled = make_scheduled_release(
        title_en="Scheduled statement", published_at=timezone.now() + timedelta(seconds=1.5)
    )
    before = client.get(LIST)
    assert element(before, "form", class_="release-filters")
    assert "Scheduled statement" not in all_text(before)
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    with time_machine.travel(scheduled.published_at + timedelta(seconds=0.1)):
        assert "Scheduled statement" in text_of(client.get(LIST))
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_query_string_and_language_are_part_of_the_key(client):
    """A filtered list and another language's page are not the plain list from the cache."""
    make_published_release(title_en="A story", kind="story")
    make_published_release(title_en="A statement", kind="statement")
    client.get(LIST)
    stories = client.get(LIST, {"kind": "story"})
    assert elements(stories, "a", text="A story")
    assert "A statement" not in all_text(stories)
    assert client.get("/fr/actualites/")["Content-Language"] == "fr"


def _from_cache(client, url, data=None):
    """Whether `url` came from the page cache (then only the versions were read)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    served = getattr(response, "from_page_cache", False)
    assert len(queries) == 1 or not served
    return served


def test_unknown_query_parameters_are_ignored(client):
    """Junk or tracking parameters get the page kept for the plain address: no new rendering
    and no new entry each."""
    make_published_release()
    client.get(LIST)
    assert _from_cache(client, LIST, {"x": "1"})
    assert _from_cache(client, LIST, {"utm_source": "newsletter", "x": "2"})


def test_detail_page_ignores_any_query_string(client):
    """A release's page reads no parameter: with one it is still the cached page."""
    release = make_published_release()
    client.get(release.get_absolute_url())
    assert _from_cache(client, release.get_absolute_url(), {"fbclid": "abc"})


def test_parameter_order_does_not_matter(client):
    """The same filters in another order are the same cached page."""
    release = make_published_release(kind="story")
    # The release's own year (an hour before midnight on 31 December it is not today's): a
    # year with no public release answers 404.
    year = timezone.localtime(release.published_at).year
    client.get(f"{LIST}?kind=story&year={year}")
    assert _from_cache(client, f"{LIST}?year={year}&kind=story")


def test_empty_parameters_are_the_plain_page(client):
    """A filter left empty (the form's "All kinds") is the unfiltered list."""
    make_published_release()
    client.get(LIST)
    assert _from_cache(client, f"{LIST}?kind=&theme=&q=")


def test_repeated_parameter_counts_once_with_its_last_value(client):
    """`?kind=statement&kind=story` is the list of stories, cached as that."""
    make_published_release(title_en="A story", kind="story")
    make_published_release(title_en="A statement", kind="statement")
    response = client.get(f"{LIST}?kind=statement&kind=story")
    assert elements(response, "a", text="A story")
    assert "A statement" not in all_text(response)
    assert _from_cache(client, LIST, {"kind": "story"})


def test_known_parameters_still_make_distinct_pages(client):
    """Another page number of the list is not the first page from the cache."""
    make_published_release()
    client.get(LIST)
    assert not _from_cache(client, LIST, {"page": "2"})


@pytest.mark.parametrize("url", ["/fr/actualites/", "/es/noticias/", "/en/news/"])
def test_pages_are_cached_in_every_language(client, url):
    """A page under each language's prefix and translated path comes from the cache."""
    make_published_release()
    client.get(url)
    assert _from_cache(client, url)


def test_host_is_part_of_the_key(client):
    """Canonical links name the host asked for, not the one that filled the cache."""
    release = make_published_release()
    client.get(release.get_absolute_url())
    html = client.get(release.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    canonical = element(html, "link", rel="canonical")
    assert canonical.attrs["href"] == f"http://localhost{release.get_absolute_url()}"


def test_logged_in_users_never_get_a_cached_page(client):
    """A visitor with a session gets the page rendered now, not the anonymous copy (whose
    stored bytes are replaced here to tell them apart)."""
    release = make_published_release(title_en="Before")
    url = release.get_absolute_url()
    client.get(url)
    key = _cache_key(RequestFactory().get(url), "en", QueryDict())
    cache.set(key, (*cache.get(key)[:5], b"the anonymous copy"))
    assert client.get(url).content == b"the anonymous copy"
    client.force_login(make_staff_user())
    assert "Before" in text_of(client.get(url))


def test_logged_in_users_never_fill_the_cache(client):
    """A page rendered for a logged-in user is not stored for anonymous visitors."""
    release = make_published_release()
    client.force_login(make_staff_user())
    client.get(release.get_absolute_url())
    client.logout()
    _response, queries = _get(client, release.get_absolute_url())
    assert queries > 0


def test_embargo_pages_are_never_cached(client):
    """A journalist's embargo page is rendered on every request (it says no-store)."""
    release = make_scheduled_release()
    url = url_in("en", "newsroom:embargo", token=embargo.make_token(release))
    assert client.get(url).status_code == 200
    _response, queries = _get(client, url)
    assert queries > 0


def test_page_cache_setting_off_renders_every_time(client, settings):
    """PAGE_CACHE = False: every request runs the view."""
    settings.PAGE_CACHE = False
    release = make_published_release()
    client.get(release.get_absolute_url())
    _response, queries = _get(client, release.get_absolute_url())
    assert queries > 0


def _response_with(**changes):
    response = HttpResponse("page")
    for header, value in changes.get("headers", {}).items():
        response[header] = value
    if "cookie" in changes:
        response.set_cookie(changes["cookie"], "1")
    response.status_code = changes.get("status", 200)
    return response


@pytest.mark.parametrize(
    "changes",
    [
        {"cookie": "sessionid"},
        {"headers": {"Vary": "Cookie"}},
        {"headers": {"Vary": "Accept-Language"}},
        {"headers": {"Cache-Control": "private, no-store"}},
        {"headers": {"Cache-Control": "no-cache"}},
        {"headers": {"Content-Security-Policy": "script-src 'self' 'nonce-abc'"}},
        {"status": 404},
        {"status": 302},
    ],
)
def test_personal_or_unusual_responses_are_not_shared(changes):
    """A response that sets a cookie, varies, forbids caching, holds a nonce or is not a 200
    is never stored for others."""
    assert not _shareable(_response_with(**changes))


def test_plain_public_response_is_shared():
    """The counterpart: a plain 200 page may be stored."""
    assert _shareable(_response_with())
