import importlib
import importlib.util
import os

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from core import activity
from core.revisions import revision
from organisation import demo as organisation_demo


class Command(BaseCommand):
    help = (
        "Load the demo content (the seed's organisation pages, then the newsroom's when that "
        "app provides it). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="Also create a superuser `admin` if there is none (password from "
            "DEMO_ADMIN_PASSWORD, default `admin`) and the Editors and Translators groups "
            "(setup_roles). For a local demo only.",
        )

    @transaction.atomic
    def handle(self, *args, with_admin=False, **options):
        # Each object written leaves a revision (one for the run); a run that changes
        # nothing writes none.
        with revision(source="command:load_demo_content"):
            self.load_content(with_admin)
        activity.record(
            activity.Action.DEMO,
            source="command:load_demo_content",
            details="--with-admin" if with_admin else "",
        )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))

    def load_content(self, with_admin):
        organisation_demo.load(self.stdout)
        # The newsroom's demo arrives separately; until it exists this command still works.
        if importlib.util.find_spec("newsroom.demo") is not None:
            importlib.import_module("newsroom.demo").load(self.stdout)
        if with_admin:
            self.create_admin()
            # A demo shows the press office's roles too: the groups are there to give out.
            call_command("setup_roles", stdout=self.stdout)

    def create_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; no demo admin created.")
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "admin")
        User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(
            f"Demo admin created: log in at /admin/ as `admin` with password `{password}`."
        )
