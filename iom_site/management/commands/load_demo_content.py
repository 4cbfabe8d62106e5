import importlib
import importlib.util
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

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
            help="Also create a superuser `admin` if there is none and the Editors and "
            "Translators groups (setup_roles). Its password is DEMO_ADMIN_PASSWORD; `admin` "
            "when that is unset, on the local demo database (db.sqlite3 in the project) or "
            "with DEBUG on only.",
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
        password = os.environ.get("DEMO_ADMIN_PASSWORD")
        if not password:
            if not (settings.DEBUG or self.on_local_demo_database()):
                raise CommandError(
                    "Not creating admin/admin on this database (only on the local demo one, "
                    "db.sqlite3 in the project, or with DEBUG on): set DEMO_ADMIN_PASSWORD."
                )
            password = "admin"
        User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(
            f"Demo admin created: log in at /admin/ as `admin` with password `{password}`."
        )

    def on_local_demo_database(self):
        """The SQLite file `make run` uses when DATABASE_URL is unset: a machine's own demo."""
        name = connection.settings_dict["NAME"]
        return (connection.vendor == "sqlite"
                and Path(str(name)).resolve() == Path(settings.BASE_DIR, "db.sqlite3").resolve())
