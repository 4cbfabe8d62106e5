"""Helpers for tests that run the site or a service beside the test: in other processes
(gunicorn, the alerts worker, nginx, Varnish, Redis, PostgreSQL) or in a thread (an SMTP
server)."""

import signal
import socket
import subprocess
import time

import redis
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


class RedisServer:
    """A redis-server process of the test's own."""

    def __init__(self, *arguments):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", *arguments],
            stdout=subprocess.DEVNULL,
        )
        self.client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.01)  # waiting for a process to start, not for the clock
        raise RuntimeError("redis-server did not start")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
