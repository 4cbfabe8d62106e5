"""Create or update news releases from a file in the releases interchange format."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.interchange import MAX_REPORTED_ERRORS, ImportFailed, import_releases


class Command(BaseCommand):
    help = (
        "Import news releases from FILE (docs/release-format.md; '-' reads standard input). "
        "Existing releases are updated by slug. All or nothing: an invalid record aborts the "
        "whole import and nothing is kept. A release changed on the site since the file was "
        "exported is refused and named (the others are imported; the command then exits "
        "non-zero); --force overwrites it. A record making a release public dated more than an "
        "hour ago fails the import unless --allow-backdated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to read, or '-' for standard input.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite releases changed on the site since the export, deliberately.",
        )
        parser.add_argument(
            "--allow-backdated",
            action="store_true",
            help=(
                "Let records make releases public with a public time more than an hour ago "
                "(an archive): without it such a record fails the import, as a mistyped year "
                "would publish a release dated then and announce it to nobody."
            ),
        )

    def handle(self, *args, file, force=False, allow_backdated=False, **options):
        data = self.read(file)
        try:
            result = import_releases(
                data, progress=self.progress, force=force, allow_backdated=allow_backdated
            )
        except ImportFailed as failure:
            shown = failure.errors[:MAX_REPORTED_ERRORS]
            more = len(failure.errors) - len(shown)
            lines = shown + ([f"… and {more} more problems"] if more > 0 else [])
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {line}" for line in lines)
            ) from None
        unchanged = (
            f", {result.releases_unchanged} unchanged" if result.releases_unchanged else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.releases_created + result.releases_updated} releases "
                f"({result.releases_created} created, {result.releases_updated} updated"
                f"{unchanged}), "
                f"{result.themes_created + result.themes_updated} themes "
                f"({result.themes_created} created), "
                f"{result.contacts_created + result.contacts_updated} press contacts "
                f"({result.contacts_created} created)."
            )
        )
        if result.refused:
            raise CommandError(
                f"{len(result.refused)} releases were refused and left as they are on the site "
                "(import them with --force to overwrite):\n"
                + "\n".join(f"  {line}" for line in result.refused)
            )

    def read(self, file):
        try:
            if file == "-":
                return json.load(sys.stdin)
            with open(file, encoding="utf-8") as stream:
                return json.load(stream)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno})."
            ) from None

    def progress(self, iterable, total):
        """A progress bar for people at a terminal; nothing in CI logs or pipes."""
        return tqdm(iterable, total=total, unit="release", disable=not self.stdout.isatty())
