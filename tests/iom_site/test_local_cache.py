"""Without Redis each process caches in its own memory, bounded: pages asked with query
parameters (searches, filters, page numbers), which any visitor can make up by the thousand,
have a room of their own and cannot push out the pages kept for everyone (home, lists, pages,
releases): core.cache_backends.RoomedLocalCache."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from tests.factories import make_published_release
from tests.i18n import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_cache(settings):
    """The cache the site runs with when REDIS_URL is not set, and the page cache on."""
    settings.CACHES = {"default": django_settings.LOCAL_CACHE}
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def served_from_the_cache(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return getattr(response, "from_page_cache", False)


def test_searches_cannot_evict_the_kept_pages(client, local_cache):
    """150 different searches (each a page and its parts cached) later, home, the news list
    and a release's page still come from the cache."""
    release = make_published_release(title_en="Water for displaced families")
    kept = [url_in("en", "home"), url_in("en", "newsroom:list"), release.get_absolute_url()]
    for url in kept:
        client.get(url)
        assert served_from_the_cache(client, url)
    news = url_in("en", "newsroom:list")
    for n in range(150):
        assert client.get(news, {"q": f"water{n}"}).status_code == 200
    assert [served_from_the_cache(client, url) for url in kept] == [True] * len(kept)
    # The searches are cached too, in their own room: the latest ones are still there.
    assert served_from_the_cache(client, f"{news}?q=water149")


def test_a_page_is_never_in_both_rooms(client, local_cache):
    """A value written from the other room moves there: an older copy never hides it."""
    from core import cache_backends

    with cache_backends.cache_room():
        cache.set("value", "kept")
        cache_backends.into_room_for_queries()
        assert cache.get("value") == "kept"
        cache.set("value", "from a search")
    assert cache.get("value") == "from a search"
    assert cache.add("value", "again") is False
    cache.delete("value")
    assert cache.get("value") is None
