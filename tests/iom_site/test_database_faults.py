"""The database down or hanging: a quick, localized 503 page, cached pages still served, and
the site back by itself when PostgreSQL returns.

Against the real thing: a PostgreSQL cluster of this module's own (stopped and started by the
tests) and a socket that accepts connections and never answers, each behind the site served by
gunicorn with production-like settings.
"""

import psycopg
import pytest
from django.db import connection

from tests.html import element, elements
from tests.processes import free_port
from tests.throwaway_postgres import (
    GunicornSite,
    ThrowawayPostgres,
    manage,
    silent_socket,
)

pytestmark = pytest.mark.faults

# The 503 must come within ~3 s (the default connect timeout); some slack for a busy machine.
QUICKLY = 4.5
# A session key of the right shape: looking it up needs the database.
EDITOR_COOKIE = {"Cookie": "sessionid=" + "a" * 32}


@pytest.fixture(scope="module")
def cluster():
    cluster = ThrowawayPostgres()
    try:
        cluster.start()
        manage(cluster.url, "migrate", "--noinput", "--verbosity", "0")
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def database(cluster):
    """The module's cluster, running again after the test whatever the test did to it."""
    yield cluster
    if not cluster.running:
        cluster.start()


@pytest.fixture(scope="module")
def site(cluster):
    """The site on the cluster, without the page cache or the content cache: every page needs
    the database (an empty newsroom list could otherwise come whole from remembered values).
    Its statement timeout is short, for the test of a statement running past it."""
    site = GunicornSite(
        cluster.url,
        DJANGO_PAGE_CACHE="False",
        DJANGO_CONTENT_CACHE_SECONDS="0",
        DJANGO_DB_STATEMENT_TIMEOUT="1000",
    )
    yield site
    site.stop()


def test_a_stopped_database_answers_503_quickly(database, site):
    """With PostgreSQL stopped, a page answers 503 within seconds."""
    assert site.get("/en/news/").status == 200
    database.stop()
    response = site.get("/en/news/")
    assert response.status == 503
    assert response.seconds < QUICKLY


def test_the_unavailable_page_says_when_to_retry_and_is_never_cached(database, site):
    """The 503 page carries Retry-After and forbids keeping it."""
    database.stop()
    response = site.get("/en/news/")
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("path", "language"), [
    ("/en/news/", "en"), ("/fr/actualites/", "fr"), ("/es/noticias/", "es"),
])
def test_the_unavailable_page_is_in_the_language_of_the_address(database, site, path, language):
    """The 503 page is a small page of its own, in the language of the URL prefix."""
    database.stop()
    response = site.get(path)
    assert response.status == 503
    assert element(response.text, "html").attrs["lang"] == language
    assert response.headers["Content-Language"] == language
    # Its own page, not the site layout, whose header reads the database.
    assert elements(response.text, "h1")
    assert not elements(response.text, class_="site-header")


def test_a_cached_page_is_still_served_while_the_database_is_down(database):
    """A page in the anonymous page cache keeps answering 200 with PostgreSQL stopped, while
    the pages not in it answer 503."""
    site = GunicornSite(database.url, DJANGO_PAGE_CACHE="True", DJANGO_CONTENT_CACHE_SECONDS="600")
    try:
        before = site.get("/en/")
        database.stop()
        during = site.get("/en/")
        uncached = site.get("/en/news/")
    finally:
        site.stop()
    assert (before.status, during.status, uncached.status) == (200, 200, 503)
    assert during.text == before.text


def test_the_admin_answers_503_while_the_database_is_down(database, site):
    """An editor's admin request answers 503 (not 500) with PostgreSQL stopped."""
    database.stop()
    response = site.get("/admin/", headers=EDITOR_COOKIE)
    assert response.status == 503
    assert "Retry-After" in response.headers


def test_pages_come_back_when_the_database_returns(database, site):
    """After PostgreSQL is stopped and started again, the same server answers 200 again."""
    database.stop()
    assert site.get("/fr/actualites/").status == 503
    database.start()
    assert site.get("/fr/actualites/").status == 200
    assert site.get("/admin/", headers=EDITOR_COOKIE).status == 200


def test_a_statement_past_the_timeout_answers_503(database, site):
    """A page whose query waits past the statement timeout (on a table locked by someone else)
    answers 503 instead of waiting for the lock."""
    with psycopg.connect(database.url) as locker:
        locker.execute("LOCK TABLE newsroom_newsrelease IN ACCESS EXCLUSIVE MODE")
        response = site.get("/en/news/")
    assert response.status == 503
    assert response.seconds < QUICKLY


def test_a_hanging_database_answers_503_within_seconds():
    """With a database that accepts connections and never answers, a page answers 503 within
    the connect timeout instead of hanging."""
    hung = silent_socket()
    port = hung.getsockname()[1]
    site = GunicornSite(f"postgres://postgres@127.0.0.1:{port}/postgres")
    try:
        response = site.get("/es/noticias/")
    finally:
        site.stop()
        hung.close()
    assert response.status == 503
    assert response.seconds < QUICKLY


def test_an_outage_is_logged_once_a_minute_not_per_request():
    """Several requests failing on the database leave one log record, not one each."""
    site = GunicornSite(f"postgres://postgres@127.0.0.1:{free_port()}/postgres")
    try:
        statuses = [site.get(path).status for path in ("/en/news/", "/fr/actualites/", "/en/")]
        log = site.log()
    finally:
        site.stop()
    assert statuses == [503, 503, 503]
    assert log.count("Database unavailable") == 1
    assert "Service Unavailable:" not in log



SHOW_TIMEOUT = (
    "from django.db import connection; cursor = connection.cursor(); "
    "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's setting")
@pytest.mark.django_db
def test_the_site_runs_statements_with_a_timeout():
    """The web application (not started through manage.py) bounds every statement."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


def test_commands_run_without_a_statement_timeout(cluster):
    """manage.py commands (imports, migrations) may run long: no statement timeout by default."""
    assert manage(cluster.url, "shell", "-v", "0", "-c", SHOW_TIMEOUT).stdout.strip() == "0"
