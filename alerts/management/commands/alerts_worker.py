"""The background worker: `manage.py alerts_worker`.

Every `--interval` seconds it announces what has become public (alerts.announce) and then
runs the queued tasks (django-tasks' database worker, queue "alerts") until none is ready,
at most `--max-tasks` at a time so that new releases are noticed during a long batch.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from alerts.announce import announce_due, requeue_forgotten
from alerts.sending import QUEUE


def run_once(max_tasks=200):
    """One round: announce, then send what is ready. Also what the tests call."""
    announce_due()
    requeue_forgotten()
    call_command(
        "db_worker", queue_name=QUEUE, batch=True, reload=False, startup_delay=False,
        max_tasks=max_tasks, verbosity=0,
    )


class Command(BaseCommand):
    help = "Announce newly public releases to the media-alert subscribers and send the e-mails."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0,
                            help="Seconds between two rounds (default: 5).")
        parser.add_argument("--until-idle", action="store_true",
                            help="Stop once nothing is left to announce or send.")

    def handle(self, *, interval, until_idle, **options):
        while True:
            close_old_connections()
            run_once()
            if until_idle and _idle():
                return
            time.sleep(interval)


def _idle():
    from django_tasks_db.models import DBTaskResult

    from alerts.announce import corrections_to_announce, releases_to_announce

    return not (
        releases_to_announce().exists()
        or corrections_to_announce().exists()
        or DBTaskResult.objects.ready().filter(queue_name=QUEUE).exists()
    )
