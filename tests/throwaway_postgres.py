"""Services of a test's own, for fault tests: a throwaway PostgreSQL cluster, a socket that
accepts connections and never answers, and the site served by gunicorn against them.

Nothing here touches the shared PostgreSQL (5432) or Redis (6379).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.processes import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def silent_socket():
    """A listening socket that is never read from: connections are accepted (by the kernel,
    into the backlog) and no byte ever comes back, as from a hung server."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free port, started and stopped at will.

    initdb refuses to run as root: as root, the cluster belongs to and runs as `postgres`.
    """

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="iom-pg-"))
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.folder, user="postgres")
        self.data = self.folder / "data"
        self.running = False
        self._run(
            PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync",
            "-E", "UTF8", "--locale=C.UTF-8",
        )

    def _run(self, *command):
        command = [str(part) for part in command]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self):
        # Durability is worth nothing here; the socket folder is ours, not /var/run/postgresql.
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            PG_BIN / "pg_ctl", "-D", self.data, "-l", self.folder / "log", "-w", "-o", options,
            "start",
        )
        self.running = True

    def stop(self):
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        self.running = False


    def remove(self):
        if self.running:
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def site_environment(database_url, **overrides):
    """The environment of a production-like site on `database_url`, nothing else inherited from
    the developer's or CI's settings (no Redis: the in-memory cache)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_")) and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # With DEBUG off, the site will not start on the published development key.
        DJANGO_SECRET_KEY="throwaway-site-key-" + "x" * 40,
        # No collectstatic in the tests: plain static names.
        DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        **overrides,
    )
    return env


def manage(database_url, *arguments, **overrides):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR, env=site_environment(database_url, **overrides),
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result


class Response:
    def __init__(self, status, headers, text, seconds):
        self.status, self.headers, self.text, self.seconds = status, headers, text, seconds


class GunicornSite:
    """The site served by gunicorn (one worker, the project's gunicorn.conf.py) on a free port,
    its output in a log file."""

    def __init__(self, database_url, **overrides):
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="iom-gunicorn-", suffix=".log")[1])
        env = site_environment(
            database_url,
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="1",
            GUNICORN_ACCESS_LOG="/dev/null",
            **overrides,
        )
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "iom_site.wsgi:application"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self.log()
                    self.stop()
                    raise RuntimeError(f"gunicorn did not start:\n{output}") from None
                time.sleep(0.1)

    def get(self, path, headers=None):
        address = f"http://127.0.0.1:{self.port}{path}"
        request = urllib.request.Request(address, headers=headers or {})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, header_map, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, header_map, body = error.code, error.headers, error.read()
        return Response(status, header_map, body.decode(), time.monotonic() - started)

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        # SIGINT: gunicorn's quick shutdown (SIGTERM waits for the workers' graceful timeout).
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        self.log_path.unlink(missing_ok=True)
