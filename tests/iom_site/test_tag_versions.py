"""Reading the versions of cache tags (core.content_cache), which every public request
does once. On PostgreSQL it goes straight through libpq with a statement prepared per
connection; these tests hold it to the same answers as Django's cursor, and to the same
recovery from a lost connection or a dropped statement."""

import psycopg
import pytest
from django.db import ProgrammingError, connection
from django.test.utils import CaptureQueriesContext

from core import content_cache
from core.models import CacheTagVersion

STATEMENT = content_cache._VERSIONS_STATEMENT.decode()
ODD_NAMES = ['quote"d', "back\\slash", "comma,brace}", "space d", "{braced}", "ünïcode"]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the libpq path is PostgreSQL's"
)


def _through_the_cursor(names):
    # Queries being logged send the read through Django's cursor (and count it).
    with CaptureQueriesContext(connection) as queries:
        read = content_cache._read_versions(names)
    assert len(queries) == 1
    return read


def _prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_versions_are_those_stored_and_zero_for_a_tag_never_purged():
    CacheTagVersion.objects.create(name="release:1", version=41)
    CacheTagVersion.objects.bulk_create(
        [CacheTagVersion(name=name, version=index) for index, name in enumerate(ODD_NAMES, 7)]
    )
    names = {"release:1", "release:2", *ODD_NAMES}
    expected = {"release:1": 41, "release:2": 0, **{n: i for i, n in enumerate(ODD_NAMES, 7)}}
    assert content_cache._read_versions(names) == expected
    assert _through_the_cursor(names) == expected


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_read_is_prepared_once_per_connection():
    CacheTagVersion.objects.create(name="site", version=2)
    content_cache._read_versions({"*"})
    assert STATEMENT in _prepared_statements()
    # Read again on the same connection: the statement is not prepared a second time
    # (PostgreSQL would refuse a second one of that name).
    assert content_cache._read_versions({"site", "*"}) == {"site": 2, "*": 0}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_dropped_by_someone_else_is_prepared_again():
    """A pooler or a DISCARD ALL may drop the connection's prepared statements."""
    CacheTagVersion.objects.create(name="site", version=3)
    assert content_cache._read_versions({"site"}) == {"site": 3}
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert STATEMENT not in _prepared_statements()
    assert content_cache._read_versions({"site"}) == {"site": 3}
    assert STATEMENT in _prepared_statements()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_and_read_again():
    """A kept connection that died (server restarted, idle timeout) costs one retry on a
    new connection, not an error nor a "database unavailable" answer."""
    CacheTagVersion.objects.create(name="site", version=5)
    assert content_cache._read_versions({"site"}) == {"site": 5}
    lost = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    where = {key: params[key] for key in ("dbname", "user", "host", "port") if key in params}
    with psycopg.connect(**where, password=params.get("password"), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [lost])
    assert content_cache._read_versions({"site"}) == {"site": 5}
    assert connection.connection.info.backend_pid != lost
    assert STATEMENT in _prepared_statements()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_read_raises_what_the_cursor_would():
    """Outside a failure of the connection, the read's errors are PostgreSQL's own."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_cachetagversion RENAME TO renamed_versions")
    try:
        connection._versions_prepared_on = None
        with pytest.raises(ProgrammingError, match="core_cachetagversion"):
            content_cache._read_versions({"site"})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE renamed_versions RENAME TO core_cachetagversion")


@postgresql_only
@pytest.mark.django_db
def test_inside_a_transaction_the_read_goes_through_the_cursor():
    """An editor's save reads versions in its transaction: as any other query (a failure
    there is the transaction's, handled as Django handles it)."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # prepared by an earlier test on this connection
    connection._versions_prepared_on = None
    content_cache._read_versions({"site"})
    assert STATEMENT not in _prepared_statements()
