"""Cache tags: what each public page says it shows, and which pages a change purges (and which
it leaves in the page cache). A page served from the page cache runs exactly one query (the
versions of its tags: inside the test's transaction they are read from the database, not the
process's copy); a purged one is rendered again."""

import http.server
import logging
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import cache_tags, front_caches
from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.models import Correction, NewsRelease
from organisation.models import MenuItem
from tests.factories import (
    attach_contact,
    make_contact,
    make_organisation,
    make_published_page,
    make_published_release,
    make_theme,
)
from tests.html import all_text, element, elements, text_of
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.clock]



@pytest.fixture(autouse=True)
def tag_header_and_page_cache(settings):
    settings.CACHE_TAG_HEADER = "xkey"
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600


def detail(release, lang="en"):
    return url_in(lang, "newsroom:detail", slug=release.slug)


def news(lang="en"):
    return url_in(lang, "newsroom:list")


def served_from_cache(client, url):
    """GET `url` (already asked once): True if it came from the page cache, which runs one
    query (the versions of its tags); a page put together from kept parts may run no more."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    served = getattr(response, "from_page_cache", False)
    assert len(queries) == 1 or not served
    return served


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200


def header_tags(response):
    return set(response["xkey"].split())


# --- What a page says it shows ---------------------------------------------------------------


def test_release_page_names_the_release_its_related_ones_and_the_shared_parts(client):
    other = make_published_release()
    contact = make_contact()
    release = make_published_release()
    release.related.add(other)
    attach_contact(release, contact)
    tags = header_tags(client.get(detail(release)))
    assert {
        f"release:{release.pk}", f"release:{other.pk}", f"contact:{contact.pk}",
        "themes", "menu", "organisation", "site",
    } <= tags
    assert "releases" not in tags  # a new release elsewhere does not change this page


def test_list_names_the_releases_it_shows_and_the_collection(client):
    shown = make_published_release()
    tags = header_tags(client.get(news()))
    assert {f"release:{shown.pk}", "releases", "themes", "menu"} <= tags
    search = header_tags(client.get(news() + "?q=release"))
    assert {f"release:{shown.pk}", "releases"} <= search


def test_home_feed_and_sitemap_name_what_they_show(client):
    release = make_published_release()
    assert {f"release:{release.pk}", "releases"} <= header_tags(client.get("/en/"))
    feed = client.get(reverse("newsroom:feed_rss"))
    assert {f"release:{release.pk}", "releases"} <= header_tags(feed)
    assert {"releases", "pages"} <= header_tags(client.get("/sitemap-news.xml"))


def test_no_tag_header_without_a_front_cache(client, settings):
    settings.CACHE_TAG_HEADER = ""
    response = client.get(detail(make_published_release()))
    assert "xkey" not in response
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_tagged_page_tells_a_front_cache_how_long_to_keep_it(client, settings):
    settings.CONTENT_CACHE_SECONDS = 600
    make_published_release(published_at=timezone.now() + timedelta(seconds=90))
    url = detail(make_published_release())
    first = client.get(url)
    assert "s-maxage=" in first["Cache-Control"]
    assert 85 <= int(first["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 90
    again = client.get(url)  # from the page cache: what is left of the lifetime
    assert int(again["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 90


def test_logged_in_responses_carry_no_tag_header(admin_client):
    response = admin_client.get(detail(make_published_release()))
    assert "xkey" not in response


# --- What a change purges ---------------------------------------------------------------------


def test_saving_a_release_purges_its_pages_and_the_lists_showing_it_only(client):
    theme = make_theme()
    elsewhere = make_published_release()
    elsewhere.themes.add(theme)
    release = make_published_release()
    unrelated = make_published_release()
    pages = [detail(release, lang) for lang in LANGUAGES] + [news(), "/en/"]
    kept = [detail(unrelated), news() + f"?theme={theme.slug}"]
    warm(client, *pages, *kept)
    release.title_en = "A corrected title"
    release.save()
    for url in pages:
        assert not served_from_cache(client, url), url
    assert "A corrected title" in text_of(client.get(detail(release)))
    for url in kept:
        assert served_from_cache(client, url), url


def test_a_release_shown_as_related_is_purged_with_it(client):
    release = make_published_release()
    pointing = make_published_release()
    pointing.related.add(release)
    warm(client, detail(pointing))
    release.title_en = "Renamed"
    release.save()
    assert "Renamed" in text_of(client.get(detail(pointing)))


def test_a_text_change_purges_the_searches_showing_the_release_only(client):
    theme = make_theme()
    other = make_published_release(title_en="Other zebra")
    other.themes.add(theme)
    release = make_published_release(title_en="Zebra crossing")
    showing, not_showing = news() + "?q=zebra", news() + "?q=other"
    filtered = news() + f"?theme={theme.slug}"
    warm(client, showing, not_showing, filtered)
    release.title_en = "Zebra bridge"
    release.save()
    assert "bridge" in text_of(client.get(showing))  # "Zebra" is highlighted
    assert served_from_cache(client, not_showing)
    assert served_from_cache(client, filtered)


def test_publishing_a_release_purges_every_list(client):
    theme = make_theme()
    make_published_release().themes.add(theme)
    draft = make_published_release(status=NewsRelease.Status.DRAFT, title_en="Brand new")
    filtered = news() + f"?theme={theme.slug}"
    warm(client, news(), filtered, "/en/")
    draft.status = NewsRelease.Status.PUBLISHED
    draft.save()
    assert "Brand new" in text_of(client.get(news()))
    assert not served_from_cache(client, filtered)
    assert "Brand new" in text_of(client.get("/en/"))


def test_deleting_a_release_purges_its_lists(client):
    release = make_published_release(title_en="Soon gone")
    warm(client, news())
    release.delete()
    listed = client.get(news())
    assert element(listed, "form", class_="release-filters")
    assert "Soon gone" not in all_text(listed)


def test_a_bulk_update_purges_the_releases_it_changed(client):
    release = make_published_release()
    unrelated = make_published_release()
    warm(client, detail(release), detail(unrelated))
    NewsRelease.objects.filter(pk=release.pk).update(title_en="Bulk title")
    assert "Bulk title" in text_of(client.get(detail(release)))
    assert served_from_cache(client, detail(unrelated))


def test_a_correction_purges_its_release_only(client):
    release = make_published_release()
    unrelated = make_published_release()
    warm(client, detail(release), detail(unrelated))
    Correction.objects.create(release=release, note="A figure was wrong.")
    assert not served_from_cache(client, detail(release))
    assert served_from_cache(client, detail(unrelated))


def test_a_contact_change_purges_the_releases_naming_them(client):
    contact = make_contact()
    release = make_published_release()
    attach_contact(release, contact)
    unrelated = make_published_release()
    warm(client, detail(release), detail(unrelated))
    contact.name = "Renamed Contact"
    contact.save()
    assert "Renamed Contact" in text_of(client.get(detail(release)))
    assert served_from_cache(client, detail(unrelated))


def test_a_menu_change_purges_every_page(client):
    release = make_published_release()
    urls = [detail(release), news(), "/en/"]
    warm(client, *urls)
    MenuItem.objects.create(label_en="New entry", target=MenuItem.Target.MEDIA_CONTACTS)
    for url in urls:
        assert "New entry" in text_of(client.get(url)), url


def test_the_organisation_change_purges_every_page(client):
    organisation = make_organisation()
    release = make_published_release()
    warm(client, detail(release), news())
    organisation.name_en = "Renamed Organisation"
    organisation.save()
    assert not served_from_cache(client, detail(release))
    assert not served_from_cache(client, news())


def test_a_page_outside_the_menu_purges_its_page_but_not_the_news(client):
    page = make_published_page()
    release = make_published_release()
    warm(client, page.get_absolute_url(), detail(release))
    page.title_en = "Retitled page"
    page.save()
    assert "Retitled page" in text_of(client.get(page.get_absolute_url()))
    assert served_from_cache(client, detail(release))


def test_a_scheduled_release_appears_in_the_cached_pages_at_its_time(client):
    """Nothing is saved when its time comes: no page is kept past it."""
    shown = make_published_release()
    soon = make_published_release(
        title_en="Right on time", published_at=timezone.now() + timedelta(minutes=5)
    )
    pages = [news(), "/en/", detail(shown)]
    for url in pages:
        page = client.get(url)
        assert elements(page, "h1"), url
        assert "Right on time" not in all_text(page), url
    with time_machine.travel(soon.published_at + timedelta(seconds=0.1)):
        assert "Right on time" in text_of(client.get(news()))
        assert "Right on time" in text_of(client.get("/en/"))
        assert client.get(detail(soon)).status_code == 200


def test_a_change_that_cannot_say_what_it_touched_purges_everything(client):
    from core.content_cache import content_changed

    release = make_published_release()
    warm(client, detail(release), news(), "/en/")
    content_changed()
    for url in (detail(release), news(), "/en/"):
        assert not served_from_cache(client, url), url


def test_a_change_whose_object_is_gone_purges_everything(client):
    from core.purge_rules import tags_for

    assert tags_for(Correction, 1, None) == {"site"}  # its release is gone: no rule applies
    assert tags_for(NewsRelease, make_published_release().pk) >= {"releases"}


def test_a_change_rolled_back_leaves_the_pages_kept(client):
    release = make_published_release()
    warm(client, detail(release))
    with pytest.raises(RuntimeError), transaction.atomic():
        release.title_en = "Never saved"
        release.save()
        raise RuntimeError
    assert served_from_cache(client, detail(release))


def test_tag_names():
    assert cache_tags.release(42) == "release:42"
    assert cache_tags.contact(5) == "contact:5"


# --- Front caches -------------------------------------------------------------------------


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.received.append(set(self.headers["xkey-purge"].split()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_cache(settings):
    """A real HTTP server on a free port taking purges, named in FRONT_CACHES."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.received = []
    settings.FRONT_CACHES = [
        ("core.front_caches.Varnish", f"http://127.0.0.1:{server.server_port}")
    ]
    yield PurgeRecorder.received
    server.shutdown()
    server.server_close()


def test_purges_go_to_the_front_caches_once_per_transaction(
    recording_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release = make_published_release()
    recording_cache.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        release.title_en = "Changed"
        release.save()
        Correction.objects.create(release=release, note="Fixed.")
        assert recording_cache == []  # nothing before the commit
    assert len(recording_cache) == 1
    assert f"release:{release.pk}" in recording_cache[0]
    assert "releases" not in recording_cache[0]  # the title only: lists keep their order


def test_a_rolled_back_change_sends_no_purge(recording_cache):
    release = make_published_release()
    recording_cache.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        release.title_en = "Never"
        release.save()
        raise RuntimeError
    assert recording_cache == []


def test_a_front_cache_that_is_down_never_fails_a_save(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.FRONT_CACHES = [("core.front_caches.Varnish", "http://127.0.0.1:9")]
    with django_capture_on_commit_callbacks(execute=True):
        release = make_published_release()
    with (
        caplog.at_level(logging.ERROR, logger="core.front_caches"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        release.title_en = "Saved anyway"
        release.save()
    assert NewsRelease.objects.get(pk=release.pk).title_en == "Saved anyway"
    assert "Purging" in caplog.text


def test_many_tags_are_sent_in_several_purges():
    chunks = list(front_caches._chunks([f"release:{n}" for n in range(2000)]))
    assert len(chunks) > 1
    assert all(len(chunk) <= front_caches.HEADER_LIMIT for chunk in chunks)
    assert sum(len(chunk.split()) for chunk in chunks) == 2000
