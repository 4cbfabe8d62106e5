"""Growing the benchmark database past what the Python generator can make in a session:
releases beyond the generated ones are copies of them, made inside PostgreSQL.

`generate_demo_releases` builds each release in Python through the write path (composing three
languages, sanitising, translation state, search vectors): about 15 ms a release on 2 cores,
four hours for a million. A copy keeps everything a generated release has (its texts in every
language, search vectors, translation state, themes, contacts, related releases) and changes
what must be its own: the slug (`<slug>-c<round>`) and the public time (spread over the same
ten years, from a hash of the slug, so the same on every run). The texts repeat, as they would
in a real archive of a few thousand distinct stories told many times: a word found in one
release in ten at 2,000 is found in one in ten at a million.

The full-text indexes are dropped while the copies go in and made again after: inserting a
million rows into three GIN indexes one by one takes far longer than building them once. Both
times are returned, so that a run can say how long generating and indexing took.
"""

import time

from django.db import transaction

TABLE = "newsroom_newsrelease"
# Generated releases are named `<prefix>-<n>`; copies add `-c<round>`.
GENERATED = r"^[a-z]+-[0-9]+$"
YEARS = 10
ROUNDS_PER_STATEMENT = 25


def _columns(cursor, table, leave_out):
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cursor.fetchall() if name not in leave_out]


def _quoted(names, prefix=""):
    return ", ".join(f'{prefix}"{name}"' for name in names)


def grow(connection, size):
    """Copy generated releases until the table holds `size`; return {"added", "seconds",
    "indexing_seconds"}."""
    figures = {"added": 0, "seconds": 0.0, "indexing_seconds": 0.0}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        missing = size - cursor.fetchone()[0]
        # Read once: each round copies these rows by primary key, rather than scanning a table
        # that grows to gigabytes for them again.
        cursor.execute(f"SELECT id FROM {TABLE} WHERE slug ~ %s ORDER BY id", [GENERATED])
        base_ids = [pk for (pk,) in cursor.fetchall()]
        base = len(base_ids)
        if missing <= 0 or not base:
            return figures
        cursor.execute(f"SELECT max(substring(slug from '-c([0-9]+)$')::int) FROM {TABLE}")
        done_rounds = cursor.fetchone()[0] or 0
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef ILIKE '%%USING gin%%'",
            [TABLE],
        )
        gin_indexes = cursor.fetchall()
        cursor.execute(f"SELECT pg_get_serial_sequence('{TABLE}', 'id')")
        sequence = cursor.fetchone()[0]
        copied = _columns(cursor, TABLE, {"id", "slug", "published_at"})
        contact_columns = _columns(cursor, "newsroom_releasecontact", {"id", "release_id"})

    started = time.monotonic()
    with connection.cursor() as cursor:
        for name, _definition in gin_indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        rounds_needed = -(-missing // base)  # the last round is cut to size
        first = done_rounds + 1
        span_seconds = YEARS * 365 * 24 * 3600
        while missing > 0:
            last = min(first + ROUNDS_PER_STATEMENT - 1, done_rounds + rounds_needed)
            limit = min(missing, (last - first + 1) * base)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE copy_map ON COMMIT DROP AS "
                    f"SELECT r.id AS old_id, nextval('{sequence}') AS new_id, k AS round "
                    "FROM unnest(%s::bigint[]) AS r(id) CROSS JOIN generate_series(%s, %s) AS k "
                    "ORDER BY k, r.id LIMIT %s",
                    [base_ids, first, last, limit],
                )
                cursor.execute(
                    f'INSERT INTO {TABLE} ("id", "slug", "published_at", {_quoted(copied)}) '
                    "SELECT m.new_id, r.slug || '-c' || m.round, "
                    f"now() - make_interval(secs => (hashtext(r.slug || '-c' || m.round) "
                    f"& 2147483647) % {span_seconds}), {_quoted(copied, 'r.')} "
                    f"FROM copy_map m JOIN {TABLE} r ON r.id = m.old_id"
                )
                cursor.execute(
                    "INSERT INTO newsroom_newsrelease_themes (newsrelease_id, theme_id) "
                    "SELECT m.new_id, t.theme_id FROM copy_map m "
                    "JOIN newsroom_newsrelease_themes t ON t.newsrelease_id = m.old_id"
                )
                cursor.execute(
                    f"INSERT INTO newsroom_releasecontact (release_id, {_quoted(contact_columns)}) "
                    f"SELECT m.new_id, {_quoted(contact_columns, 'c.')} FROM copy_map m "
                    "JOIN newsroom_releasecontact c ON c.release_id = m.old_id"
                )
                cursor.execute(
                    "INSERT INTO newsroom_newsrelease_related "
                    "(from_newsrelease_id, to_newsrelease_id) "
                    "SELECT f.new_id, t.new_id FROM newsroom_newsrelease_related l "
                    "JOIN copy_map f ON f.old_id = l.from_newsrelease_id "
                    "JOIN copy_map t ON t.old_id = l.to_newsrelease_id AND t.round = f.round"
                )
            figures["added"] += limit
            missing -= limit
            first = last + 1
    finally:
        figures["seconds"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        with connection.cursor() as cursor:
            # Built once, with room to sort in memory (also after a failed copy: the
            # database is left with every index it had).
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in gin_indexes:
                cursor.execute(definition)
        figures["indexing_seconds"] = round(time.monotonic() - started, 1)
    return figures
