"""The background worker: `manage.py alerts_worker`.

Every `--interval` seconds it announces what has become public (alerts.announce) and then
runs the queued tasks (django-tasks' database worker, queue "alerts") until none is ready,
at most `MAX_TASKS` at a time so that new releases are noticed during a long batch.
SIGTERM or Ctrl-C stop it after the e-mail being sent (a second one at once).
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from alerts.announce import (
    announce_due,
    corrections_to_announce,
    releases_to_announce,
    requeue_forgotten,
    withdrawals_to_announce,
)
from alerts.sending import QUEUE

MAX_TASKS = 200
PRUNE_EVERY = 3600  # seconds


def task_worker():
    """django-tasks-db's worker for the alerts queue, running what is ready, then returning."""
    return Worker(
        queue_names=[QUEUE], excluded_queue_names=[], interval=0, batch=True,
        backend_name="default", startup_delay=False, max_tasks=MAX_TASKS,
        worker_id=get_random_string(32),
    )


def run_once(worker=None):
    """One round: announce, then send what is ready. Also what the tests call. Returns False
    when the worker was asked to stop."""
    announce_due()
    requeue_forgotten()
    worker = worker or task_worker()
    worker.run()
    return worker.running


class Command(BaseCommand):
    help = "Announce newly public releases to the media-alert subscribers and send the e-mails."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0,
                            help="Seconds between two rounds (default: 5).")
        parser.add_argument("--until-idle", action="store_true",
                            help="Stop once nothing is left to announce or send.")

    def handle(self, *, interval, until_idle, verbosity, **options):
        pruned = None
        started = False
        while True:
            close_old_connections()
            worker = task_worker()
            # Its handlers: a signal while idle exits at once, during a task after it.
            worker.configure_signals()
            if not started and verbosity:
                self.stdout.write(f"Alerts worker started (every {interval:g} s). "
                                  "SIGTERM or Ctrl-C stops it.")
                started = True
            if not run_once(worker):
                return
            if pruned is None or time.monotonic() - pruned > PRUNE_EVERY:
                # Finished tasks hold addresses (confirmations): kept a day, for the admin.
                call_command("prune_db_task_results", queue_name=QUEUE, min_age_days=1,
                             verbosity=0)
                pruned = time.monotonic()
            if until_idle and _idle():
                return
            time.sleep(interval)


def _idle():
    return not (
        releases_to_announce().exists()
        or corrections_to_announce().exists()
        or withdrawals_to_announce().exists()
        or DBTaskResult.objects.ready().filter(queue_name=QUEUE).exists()
    )
