"""Helpers for tests that run the site or a service beside the test: in other processes
(gunicorn, the alerts worker, nginx, Varnish, Redis, PostgreSQL) or in a thread (an SMTP
server)."""

import socket

from django.db import connection


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on at the moment of asking."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
