"""Helpers for tests that run the site in other processes (gunicorn, the alerts worker)."""

from django.db import connection


def shared_database_url(tmp_path):
    """The test database as another process can open it: PostgreSQL's test database itself,
    or a file copy of SQLite's in-memory one."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "db.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return f"sqlite:///{copy}"
    database = connection.settings_dict
    return (f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}")
