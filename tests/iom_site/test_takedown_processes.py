"""Each server process keeps cached pages in its own memory (without Redis: all of them; with
Redis: a copy of those it served last); a takedown made through another process still reaches
every one of them within a second (core.content_cache, core.page_cache)."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.factories import make_published_release
from tests.html import all_text, element
from tests.processes import RedisServer, free_port, shared_database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.processes]


def _get(url):
    """(status, body) of a GET to `url`."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _status(url):
    return _get(url)[0]


def _wait_until_up(url, process):
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            return _status(url)
        except OSError:
            time.sleep(0.05)  # waiting for a process to start, not for the clock
    raise RuntimeError("the server did not start")


@pytest.fixture
def release():
    return make_published_release(slug="to-be-withdrawn", title_en="To be taken down")


@pytest.fixture(params=["memory", "redis"])
def environment(request, release, tmp_path):
    """The servers' environment: the cache in each process's memory, or a Redis of the test's
    own shared by them."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "REDIS_", "GUNICORN_"))}
    env.update(DATABASE_URL=shared_database_url(tmp_path), DJANGO_PAGE_CACHE="True",
               DJANGO_CONTENT_CACHE_SECONDS="600", DJANGO_SECRET_KEY="t" * 50,
               # No collectstatic before the test: static files straight from the apps.
               DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage")
    if request.param == "redis":
        server = RedisServer()
        request.addfinalizer(server.stop)
        env["REDIS_URL"] = server.url
    return env


@pytest.fixture
def two_servers(environment, tmp_path):
    """Two gunicorn servers of one worker each: two processes sharing the database (and
    Redis, if there is one)."""
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "iom_site.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"],
            cwd=settings.BASE_DIR, env=environment,
            stdout=subprocess.DEVNULL, stderr=(tmp_path / f"server-{port}.log").open("w"),
        )
        servers.append((f"http://127.0.0.1:{port}", process))
    yield servers
    for _url, process in servers:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        process.wait(timeout=10)


def test_unpublished_release_is_gone_from_every_process_at_once(release, two_servers,
                                                                  environment):
    """A release unpublished through the services answers 404 from every server process at
    once, and leaves every process's list, although each had both cached."""
    for base, process in two_servers:
        assert _wait_until_up(f"{base}/en/news/to-be-withdrawn/", process) == 200
        assert _status(f"{base}/en/news/to-be-withdrawn/") == 200
        assert "To be taken down" in _get(f"{base}/en/news/")[1]
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from newsroom import services; from newsroom.models import NewsRelease; "
         f"services.unpublish(NewsRelease.objects.get(pk={release.pk}))"],
        cwd=settings.BASE_DIR, env=environment, check=True, capture_output=True,
    )
    assert [_status(f"{base}/en/news/to-be-withdrawn/") for base, _ in two_servers] == [404, 404]
    for base, _process in two_servers:
        status, html = _get(f"{base}/en/news/")
        assert status == 200
        assert element(html, "form", class_="release-filters")
        assert "To be taken down" not in all_text(html)


def test_a_takedown_reaches_busy_processes_within_a_second(release, two_servers, environment):
    """Each process answers from its own copy of the versions (core.content_cache), brought
    up to date at most every COPY_SECONDS: while both serve the release from their caches, a
    takedown committed by a third process is a 404 on both within one second."""
    page = "/en/news/to-be-withdrawn/"
    for base, process in two_servers:
        assert _wait_until_up(f"{base}{page}", process) == 200
    takedown = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c",
         "import time; from newsroom import services; from newsroom.models import NewsRelease; "
         f"services.unpublish(NewsRelease.objects.get(pk={release.pk})); print(time.time())"],
        cwd=settings.BASE_DIR, env=environment, stdout=subprocess.PIPE, text=True,
    )
    gone_at = {}
    served_before = 0
    deadline = time.time() + 60
    while len(gone_at) < len(two_servers):
        assert time.time() < deadline, "the release was never taken down"
        for base, _process in two_servers:
            if base not in gone_at:
                status = _status(f"{base}{page}")
                if status == 404:
                    gone_at[base] = time.time()
                else:
                    assert status == 200
                    served_before += 1
        assert takedown.poll() in (None, 0)
    committed_at = float(takedown.communicate(timeout=60)[0].split()[-1])
    assert served_before > len(two_servers)  # both were busy serving it from their caches
    assert all(seen - committed_at <= 1.0 for seen in gone_at.values()), (gone_at, committed_at)
