"""The worker, a real process, killed (SIGKILL) half way through a batch and started again:
every subscriber still gets exactly one e-mail."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from alerts.models import Subscriber
from tests.alerts.smtp import SMTPServer
from tests.factories import make_published_release
from tests.processes import shared_database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]

SUBSCRIBERS = 8
KILL_AT = 3


def start_worker(env, *arguments):
    return subprocess.Popen(
        [sys.executable, "manage.py", "alerts_worker", "--interval", "0.2", *arguments],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def test_worker_killed_mid_batch_and_restarted_sends_each_alert_once(smtp, tmp_path):
    for n in range(SUBSCRIBERS):
        Subscriber.objects.create(email=f"reporter{n}@example.org", languages=["en"],
                                  confirmed_at=timezone.now())
    # Public by the worker's clock, the real one (TEST_CLOCK moves only this process's).
    hatch = time_machine.escape_hatch
    real_now = datetime.fromtimestamp(
        hatch.time.time() if hatch.is_travelling() else time.time(), tz=UTC
    )
    make_published_release(title_en="Crash course", published_at=real_now - timedelta(minutes=1))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "REDIS_", "EMAIL_", "ALERTS_"))}
    env.update(DATABASE_URL=shared_database_url(tmp_path), EMAIL_URL=smtp.url,
               ALERTS_SEND_INTERVAL="0.05", DJANGO_SECRET_KEY="t" * 50)

    killed = threading.Event()
    first = start_worker(env)

    def kill_mid_batch(count):
        # Called as the KILL_AT-th e-mail arrives, before the server answers it: the worker
        # dies while handing it over, with more e-mails of the batch still to send.
        if count == KILL_AT and not killed.is_set():
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            killed.set()

    smtp.inbox.on_message = kill_mid_batch
    try:
        assert killed.wait(timeout=60), first.stdout.read().decode()
        assert first.returncode == -signal.SIGKILL
        assert len(smtp.inbox.messages) == KILL_AT

        second = start_worker(env, "--until-idle")
        output, _ = second.communicate(timeout=120)
        assert second.returncode == 0, output.decode()
    finally:
        for process in (first, locals().get("second")):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()

    expected = sorted(f"reporter{n}@example.org" for n in range(SUBSCRIBERS))
    assert smtp.inbox.recipients() == expected  # each exactly once
    assert all(m["Subject"] == "Crash course" for _r, m in smtp.inbox.messages)



def test_worker_stops_cleanly_on_sigterm(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "REDIS_", "EMAIL_", "ALERTS_"))}
    env.update(DATABASE_URL=shared_database_url(tmp_path), DJANGO_SECRET_KEY="t" * 50,
               PYTHONUNBUFFERED="1")
    worker = start_worker(env)
    try:
        started = worker.stdout.readline().decode()
        assert "Alerts worker started" in started
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output.decode()
