import os
from datetime import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation


def pytest_configure(config):
    """`TEST_CLOCK=2026-12-31T23:30:00+00:00 make test` runs the whole suite with the clock
    moved to that moment (and running on from it): the suite must pass at any hour, on any
    date, in the site's time zone and in UTC alike. CI runs it at the hours where the local
    and the UTC date differ."""
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
    (the tests of iom_site.page_cache turn it on): a test sees what its views do now."""
    settings.PAGE_CACHE = False
    cache.clear()
    yield
    cache.clear()


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
    """Uploads and renditions go to the local S3 server's bucket, emptied for each test."""
    s3_server.empty()
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage()}
    yield s3_server
    s3_server.empty()
