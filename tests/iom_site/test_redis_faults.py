"""Redis is an accelerator, never needed for a correct page: refused, hanging or full, the site
answers as without a cache, logs the failure once a minute, and when Redis comes back no page
older than the latest change is served (core.cache_backends, core.content_cache).

Each test starts a Redis server of its own on a free port (or a socket that accepts and never
answers), never the shared one."""

import logging
import signal
import socket
import threading
import time
from datetime import timedelta

import pytest
import redis
import time_machine
from django.utils import timezone

from newsroom import services
from newsroom.models import NewsRelease
from tests.admin_forms import change_url, opened_form
from tests.factories import make_published_release, make_scheduled_release, make_staff_user
from tests.html import all_text
from tests.processes import RedisServer

pytestmark = [pytest.mark.django_db, pytest.mark.faults]

TIMEOUT = 0.25
RETRY_AFTER = 5


class SilentServer:
    """A socket that accepts connections and never answers: a hanging Redis."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def _use_cache(settings, url):
    """Point the site's cache at `url`, as production settings do with REDIS_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.FailSafeRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "iom_site",
            "OPTIONS": {
                "socket_connect_timeout": TIMEOUT,
                "socket_timeout": TIMEOUT,
                "retry_after": RETRY_AFTER,
            },
        }
    }
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    _use_cache(settings, server.url)
    yield server
    server.stop()


@pytest.fixture
def full_redis(settings):
    """A Redis at its memory limit that refuses writes (the default `noeviction`)."""
    server = RedisServer("--maxmemory", "1mb", "--maxmemory-policy", "noeviction")
    _use_cache(settings, server.url)
    yield server
    server.stop()


@pytest.fixture
def silent_redis(settings):
    server = SilentServer()
    _use_cache(settings, server.url)
    yield server
    server.stop()


def _fill(server):
    """Write until Redis refuses: from then on every write is an OOM error."""
    chunk = b"x" * 64 * 1024
    for number in range(1000):
        try:
            server.client.set(f"filler:{number}", chunk)
        except redis.exceptions.OutOfMemoryError:
            return
    raise AssertionError("Redis never filled up")


PUBLIC_PAGES = ("/en/", "/en/news/", "/fr/actualites/", "/en/news/feed/rss/", "/sitemap.xml")


def _public_statuses(client, release):
    urls = (*PUBLIC_PAGES, release.get_absolute_url(), "/en/news/no-such-release/")
    return [client.get(url).status_code for url in urls]


LIST = "/en/news/"
EXPECTED = [200] * (len(PUBLIC_PAGES) + 1) + [404]


def _admin_retitle(client, release, title):
    client.force_login(make_staff_user(is_superuser=True))
    response = client.post(change_url(release), {**opened_form(client, release), "title_en": title})
    client.logout()
    return response


def test_pages_answer_with_redis_refusing_connections(client, redis_server):
    """With Redis stopped, every public page is rendered and answers as usual."""
    release = make_published_release()
    assert _public_statuses(client, release) == EXPECTED
    redis_server.stop()
    assert _public_statuses(client, release) == EXPECTED


def test_admin_save_succeeds_with_redis_refusing_connections(client, redis_server):
    """With Redis stopped, an editor's save goes through."""
    release = make_published_release(title_en="Before")
    redis_server.stop()
    response = _admin_retitle(client, release, "After")
    assert response.status_code == 302
    assert NewsRelease.objects.get(pk=release.pk).title_en == "After"


def test_pages_answer_quickly_with_redis_hanging(client, silent_redis):
    """With a Redis that accepts and never answers, the pages wait one short timeout, not one
    per cache call, and answer as usual."""
    release = make_published_release()
    started = time.monotonic()
    assert _public_statuses(client, release) == EXPECTED
    assert time.monotonic() - started < 5
    for _ in range(500):
        if silent_redis.accepted:
            break
        time.sleep(0.01)  # waiting for the accepting thread, not for the clock
    assert len(silent_redis.accepted) == 1  # one call waited; the others left Redis alone


def test_admin_save_succeeds_with_redis_hanging(client, silent_redis):
    """With a hanging Redis, an editor's save goes through."""
    release = make_published_release(title_en="Before")
    assert _admin_retitle(client, release, "After").status_code == 302
    assert NewsRelease.objects.get(pk=release.pk).title_en == "After"


def test_pages_answer_with_redis_full(client, full_redis):
    """With Redis refusing every write (full, noeviction), pages are rendered and answer."""
    release = make_published_release()
    _fill(full_redis)
    assert _public_statuses(client, release) == EXPECTED


def test_admin_save_succeeds_with_redis_full(client, full_redis):
    """With Redis full, an editor's save goes through."""
    release = make_published_release(title_en="Before")
    _fill(full_redis)
    assert _admin_retitle(client, release, "After").status_code == 302
    assert NewsRelease.objects.get(pk=release.pk).title_en == "After"


def test_unpublished_release_leaves_a_full_redis_at_once(client, full_redis):
    """A Redis that still answers reads but refuses writes never serves a taken-down page."""
    release = make_published_release()
    assert client.get(release.get_absolute_url()).status_code == 200
    _fill(full_redis)
    services.unpublish(release)
    assert client.get(release.get_absolute_url()).status_code == 404


def test_failure_is_logged_once_a_minute(client, redis_server, caplog):
    """Many requests against a stopped Redis log one line, and one more a minute later."""
    release = make_published_release()
    redis_server.stop()
    with time_machine.travel(time.time(), tick=False) as clock, caplog.at_level(logging.ERROR):
        for _ in range(3):
            client.get(release.get_absolute_url())
            clock.shift(timedelta(seconds=RETRY_AFTER + 1))
        assert len(caplog.records) == 1
        clock.shift(timedelta(seconds=60))
        client.get(release.get_absolute_url())
    assert len(caplog.records) == 2
    assert all(record.name == "iom_site.cache" for record in caplog.records)


def test_change_made_while_redis_hung_is_not_undone_when_it_returns(client, redis_server):
    """A page cached before an outage, whose release was taken down while Redis hung (holding
    its data), is not served again when Redis answers again."""
    release = make_published_release()
    url = release.get_absolute_url()
    assert client.get(url).status_code == 200
    redis_server.process.send_signal(signal.SIGSTOP)
    services.unpublish(release)
    assert client.get(url).status_code == 404
    redis_server.process.send_signal(signal.SIGCONT)
    assert len(redis_server.client.keys("iom_site:*:page:tagged:*")) == 1  # the old page is kept
    with time_machine.travel(time.time() + RETRY_AFTER + 1):
        assert client.get(url).status_code == 404


def test_cache_is_used_again_when_redis_returns(client, redis_server):
    """After an outage, pages are kept in Redis again once the retry delay has passed."""
    release = make_published_release()
    redis_server.process.send_signal(signal.SIGSTOP)
    client.get(release.get_absolute_url())
    redis_server.process.send_signal(signal.SIGCONT)
    assert redis_server.client.keys("iom_site:*:page:tagged:*") == []
    with time_machine.travel(time.time() + RETRY_AFTER + 1):
        client.get(release.get_absolute_url())
    assert len(redis_server.client.keys("iom_site:*:page:tagged:*")) == 1


def test_pages_are_kept_in_the_process_while_redis_is_stopped(client, redis_server):
    """With Redis stopped, each process's own memory keeps pages meanwhile (served again
    without rendering), still dropped at once by a change."""
    release = make_published_release()
    url = release.get_absolute_url()
    redis_server.stop()
    assert client.get(url).status_code == 200
    again = client.get(url)
    assert again.status_code == 200
    assert getattr(again, "from_page_cache", False)
    services.unpublish(release)
    assert client.get(url).status_code == 404


def test_what_the_process_kept_is_dropped_when_redis_returns(client, redis_server):
    """Once Redis answers again, it is the cache again: the page kept in the process's memory
    during the outage is not what is served."""
    release = make_published_release()
    url = release.get_absolute_url()
    redis_server.process.send_signal(signal.SIGSTOP)
    client.get(url)
    assert getattr(client.get(url), "from_page_cache", False)
    redis_server.process.send_signal(signal.SIGCONT)
    with time_machine.travel(time.time() + RETRY_AFTER + 1):
        assert not getattr(client.get(url), "from_page_cache", False)
        assert getattr(client.get(url), "from_page_cache", False)
    assert len(redis_server.client.keys("iom_site:*:page:tagged:*")) == 1


def _redis_hits(server):
    """How many reads Redis has answered with a value."""
    return server.client.info("stats")["keyspace_hits"]


def test_hits_come_from_the_process_copy_and_see_a_change_at_once(client, redis_server):
    """With Redis, a page served again comes from the process's copy of recent pages (Redis is
    not read), and a change still drops it at once."""
    release = make_published_release()
    url = release.get_absolute_url()
    client.get(url)
    assert getattr(client.get(url), "from_page_cache", False)
    hits = _redis_hits(redis_server)
    assert getattr(client.get(url), "from_page_cache", False)
    assert _redis_hits(redis_server) == hits
    services.unpublish(release)
    assert client.get(url).status_code == 404


def test_the_process_copy_keeps_a_page_no_longer_than_redis(client, redis_server):
    """A list copied in the process is not served past the next scheduled publication: the
    first request after the scheduled time lists the release. (Real time: Redis's own expiry
    follows the real clock.)"""
    make_published_release()
    scheduled = make_scheduled_release(
        title_en="Scheduled statement", published_at=timezone.now() + timedelta(seconds=5)
    )
    client.get(LIST)
    hits = _redis_hits(redis_server)
    before = client.get(LIST)
    assert getattr(before, "from_page_cache", False)
    assert _redis_hits(redis_server) == hits
    assert "Scheduled statement" not in all_text(before)
    assert 0 < redis_server.client.ttl(redis_server.client.keys("*:page:tagged:*")[0]) <= 5
    public_at = scheduled.published_at.timestamp()
    while True:
        asked_at = time.time()
        listed = "Scheduled statement" in all_text(client.get(LIST))
        if asked_at > public_at:
            break
        if time.time() < public_at:  # (a request across the scheduled time may go either way)
            assert not listed
        time.sleep(0.05)  # waiting for the scheduled time: the clock is what is tested
    assert listed
