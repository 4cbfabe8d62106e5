import fcntl
import os
from contextlib import contextmanager
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
    (the tests of core.page_cache turn it on): a test sees what its views do now."""
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


@contextmanager
def machine_share(tmp_path_factory, alone):
    """Under pytest-xdist (`make test` runs the suite in 2 workers), the Lighthouse tests have
    the machine to themselves, as in a run in one process: Lighthouse times the page in the CPU
    it is left (tests/browser/test_lighthouse.py). Every other test holds a shared lock while it
    sets up, runs and tears down; the Lighthouse tests wait for the others' current tests to
    end and hold the lock alone. The gate, taken before either, lets the waiting Lighthouse
    tests in before other tests start. Outside xdist, nothing to share."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    # The run's own temporary folder, shared by its workers (each has a subfolder).
    folder = tmp_path_factory.getbasetemp().parent
    with open(folder / "lighthouse.gate", "a") as gate, \
            open(folder / "lighthouse.lock", "a") as lock:
        fcntl.flock(gate, fcntl.LOCK_EX)
        fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        if not alone:
            fcntl.flock(gate, fcntl.LOCK_UN)
        yield
    # Closing the files released the locks.


@pytest.fixture(autouse=True)
def _share_the_machine(request, tmp_path_factory):
    # The Lighthouse tests take the machine for their whole module instead
    # (tests/browser/test_lighthouse.py): a second lock here would wait for their own.
    if request.node.get_closest_marker("lighthouse"):
        yield
        return
    with machine_share(tmp_path_factory, alone=False):
        yield
