import io
import os
from datetime import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from core import content_cache

# The slow tiers: a test with one of these markers starts a browser, a daemon or a process of
# its own (see the markers in pyproject.toml). It is marked `slow` too, which `make test`
# leaves out and `make test-all` and .ci/run run. (`smtp` is not among them: its server is a
# thread of the test process, started in milliseconds.)
SLOW_MARKERS = frozenset({
    "browser", "lighthouse", "varnish", "nginx", "servers", "faults", "processes", "nu_checker",
})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Runs before `-m` selects: `-m "not slow"` sees the marker added here."""
    for item in items:
        if any(mark.name in SLOW_MARKERS for mark in item.iter_markers()):
            item.add_marker(pytest.mark.slow)


def pytest_configure(config):
    """`TEST_CLOCK=2026-12-31T23:30:00+00:00 make test-clock` runs the tests that read the clock
    (marked `clock`) with the clock moved to that moment (and running on from it): they must
    pass at any hour, on any date, in the site's time zone and in UTC alike. CI runs them at
    the hours where the local and the UTC date differ."""
    moment = os.environ.get("TEST_CLOCK")
    if moment:
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None:
            raise pytest.UsageError(f"TEST_CLOCK needs a UTC offset: {moment!r}")
        time_machine.travel(when, tick=True).start()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    """Tests render templates without running collectstatic first, write media to a
    temporary folder, and hash passwords quickly."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Deliberately slow password hashing would dominate the login tests' time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /fr/… leaves French active in the thread (LocaleMiddleware does not reset
    it): every test starts and ends in the default language."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Every test starts with an empty cache, and whole pages are rendered for every request
    (the tests of core.page_cache turn it on): a test sees what its views do now."""
    settings.PAGE_CACHE = False
    cache.clear()
    # The process's copy of the tag versions starts empty (a flushed database numbers its
    # changes from 1 again) and is not refreshed by the clock during a test (this process is
    # told of its own changes at once), so that query counts do not depend on timing; the copy's
    # refresh is tested in tests/iom_site/test_tag_versions.py and across real processes.
    content_cache.forget_copied_versions()
    settings.CACHE_VERSIONS_COPY_SECONDS = 60
    yield
    cache.clear()


@pytest.fixture
def production_settings(settings, monkeypatch):
    """Production values, as DJANGO_HTTPS=True and the documented front give them: nginx and
    Varnish in front (two trusted proxies), Varnish purged on its own listener. Each passes
    `manage.py security_check` (core.deploy_checks)."""
    # Set for the live-server tests (tests/browser/conftest.py); Django's async.E001 rightly
    # fails a deployment that sets it.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.SECRET_KEY = "k" * 20 + "a-long-random-value-for-the-test-0123456789"
    settings.ALLOWED_HOSTS = ["www.example.org", "localhost"]
    settings.HTTPS = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SITE_URL = "https://www.example.org"
    settings.TRUSTED_PROXIES = 2
    settings.FRONT_CACHES = [("core.front_caches.Varnish", "http://127.0.0.1:6091")]
    return settings


@pytest.fixture(scope="session")
def s3_server():
    """A local S3 server (moto) with an empty bucket, for the whole run."""
    from tests.s3 import S3Server

    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    """Uploads and renditions go to the local S3 server's bucket, emptied for each test; the
    private storage (release originals, PDFs, press kits) to its `private/` prefix."""
    s3_server.empty()
    settings.STORAGES = {
        **settings.STORAGES, "default": s3_server.storage(), "private": s3_server.private_storage()
    }
    yield s3_server
    s3_server.empty()


def load_demo_content():
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture
def demo(db):
    """The demo content (the seed's releases, pages, org chart, people and offices), loaded for
    this test: for tests that change it, or run the site in another thread (`live_server`)."""
    load_demo_content()


@pytest.fixture(scope="module")
def _demo_for_the_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content loaded once for a module, in a transaction rolled back at the module's
    end, with its files in a folder of the module's own."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            load_demo_content()
            yield media
            transaction.set_rollback(True)


@pytest.fixture
def demo_for_the_module(_demo_for_the_module, db, settings):
    """The demo content loaded once for a whole module whose tests read it: the module says
    `pytestmark = pytest.mark.usefixtures("demo_for_the_module")`, so that every one of its tests
    sees the same rows. Each test runs in a savepoint inside the module's transaction: a row it
    writes is rolled back all the same (a file it writes stays, in the module's media folder)."""
    settings.MEDIA_ROOT = _demo_for_the_module
