"""Reading the versions of cache tags (core.content_cache), which every public request
needs: from the process's copy, brought up to date from the database at most every
`COPY_SECONDS`, and at once for the changes this process commits."""

import psycopg
import pytest
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core import content_cache
from core.models import CacheTagVersion

ODD_NAMES = ['quote"d', "back\\slash", "comma,brace}", "space d", "{braced}", "ünïcode"]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own connection handling"
)


@pytest.fixture
def fresh_copy(settings):
    """An empty copy, not brought up to date by the clock during the test (a minute), so that
    what it shows comes from the rule under test."""
    content_cache.forget_copied_versions()
    settings.CACHE_VERSIONS_COPY_SECONDS = 60
    return content_cache._copy


def _changed_by_another_process(name, version):
    """What another process's change leaves in the database (this one is not told)."""
    table = connection.ops.quote_name(CacheTagVersion._meta.db_table)
    with connection.cursor() as cursor:
        for tag in (name, "*"):
            cursor.execute(f"DELETE FROM {table} WHERE name = %s", [tag])
            cursor.execute(f"INSERT INTO {table} (name, version) VALUES (%s, %s)", [tag, version])


@pytest.mark.django_db
def test_versions_are_those_stored_and_zero_for_a_tag_never_purged():
    CacheTagVersion.objects.create(name="release:1", version=41)
    CacheTagVersion.objects.bulk_create(
        [CacheTagVersion(name=name, version=index) for index, name in enumerate(ODD_NAMES, 7)]
    )
    names = {"release:1", "release:2", *ODD_NAMES}
    expected = {"release:1": 41, **{n: i for i, n in enumerate(ODD_NAMES, 7)}}
    assert content_cache._read_versions(names) == expected
    assert content_cache.versions(names)["release:2"] == 0
    assert {name: content_cache.versions(names)[name] for name in expected} == expected


@pytest.mark.django_db(transaction=True)
def test_a_fresh_copy_answers_without_a_query(fresh_copy):
    content_cache.purge("release:1")
    first = content_cache.versions({"release:1", "release:2"})
    with CaptureQueriesContext(connection) as queries:
        again = content_cache.versions({"release:1", "release:2"})
    assert len(queries) == 0
    assert again == first
    assert again["release:1"] == again["*"] > again["release:2"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_tag_the_copy_lacks_is_read_from_the_database(fresh_copy):
    content_cache.versions()
    _changed_by_another_process("release:7", 2**62)
    with CaptureQueriesContext(connection) as queries:
        assert content_cache.versions({"release:7"})["release:7"] == 2**62
    assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_here_is_in_the_copy_at_once(fresh_copy):
    before = content_cache.versions({"release:3"})
    with transaction.atomic():
        content_cache.purge("release:3")
        content_cache.purge("release:4")
        # Not committed: the copy does not have it, the transaction itself reads its own.
        assert fresh_copy.get(frozenset({"release:3"})) == {"release:3": before["release:3"]}
        assert content_cache.versions({"release:3"})["release:3"] > before["*"]
    with CaptureQueriesContext(connection) as queries:
        after = content_cache.versions({"release:3", "release:4"})
    assert len(queries) == 0
    # Each tag at the transaction's last number at least: never below its own.
    assert after["release:3"] == after["release:4"] == after["*"] > before["*"]


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_never_reaches_the_copy(fresh_copy):
    before = content_cache.versions({"release:5"})
    with pytest.raises(RuntimeError), transaction.atomic():
        content_cache.purge("release:5")
        raise RuntimeError
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            content_cache.purge("release:5")
            raise RuntimeError
        content_cache.purge("release:6")
    after = content_cache.versions({"release:5", "release:6"})
    assert after["release:5"] == before["release:5"]
    assert after["release:6"] > before["*"]


@pytest.mark.django_db(transaction=True)
def test_another_process_s_change_is_seen_once_the_copy_is_due(fresh_copy, settings):
    content_cache.versions({"release:8"})
    _changed_by_another_process("release:8", 2**62)
    assert content_cache.versions({"release:8"})["release:8"] == 0
    settings.CACHE_VERSIONS_COPY_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert content_cache.versions({"release:8"})["release:8"] == 2**62
    assert len(queries) == 1  # the tags changed since, in one query


@pytest.mark.django_db(transaction=True)
def test_a_database_replaced_by_an_older_one_empties_the_copy(fresh_copy, settings):
    content_cache.purge("release:9")
    settings.CACHE_VERSIONS_COPY_SECONDS = 0
    assert content_cache.versions({"release:9"})["release:9"] > 0
    CacheTagVersion.objects.all().delete()
    _changed_by_another_process("release:10", 5)
    read = content_cache.versions({"release:9", "release:10"})
    assert {name: read[name] for name in ("release:9", "release:10", "*")} == {
        "release:9": 0, "release:10": 5, "*": 5,
    }


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


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_read_raises_what_the_cursor_would():
    """Outside a failure of the connection, the read's errors are the database's own."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_cachetagversion RENAME TO renamed_versions")
    try:
        with pytest.raises(ProgrammingError, match="core_cachetagversion"):
            content_cache._read_versions({"site"})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE renamed_versions RENAME TO core_cachetagversion")
