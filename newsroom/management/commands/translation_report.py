"""Per language, the items whose translation is missing or out of date (stale)."""

import json

from django.core.management.base import BaseCommand, CommandError

from core.translation_state import MISSING, STALE
from newsroom.translation_report import KINDS, LANGUAGES, translation_items


class Command(BaseCommand):
    help = (
        "Per language, the releases, pages, people, units, offices, themes and press contacts' "
        "roles whose translation is missing or out of date (the original changed since it was "
        "translated), oldest first. With --stale, exits with status 1 when there is any "
        "(for cron or CI)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--language", choices=LANGUAGES, help="Only this language (default: all)."
        )
        parser.add_argument(
            "--kind", choices=[kind for kind, _model, _name in KINDS], action="append",
            help="Only this kind of item (may be given more than once).",
        )
        parser.add_argument(
            "--stale", action="store_true",
            help="Exit with status 1 when anything is missing or out of date.",
        )

    def handle(self, *args, format, language, kind, stale, **options):
        languages = [language] if language else LANGUAGES
        items = translation_items(languages, kinds=kind, statuses=(MISSING, STALE))
        if format == "json":
            self.stdout.write(json.dumps(
                {"waiting": [item.as_dict() for item in items]}, ensure_ascii=False, indent=2
            ))
        else:
            for lang in languages:
                mine = [item for item in items if item.language == lang]
                missing = sum(item.status == MISSING for item in mine)
                self.stdout.write(self.style.MIGRATE_HEADING(
                    f"{lang}: {missing} missing, {len(mine) - missing} stale"
                ))
                if mine:
                    self.stdout.write(f"  {'status':<8} {'kind':<8} {'since':<17} "
                                      f"{'slug':<40} {'fields':<20} title")
                for item in mine:
                    since = item.since.strftime("%Y-%m-%d %H:%M") if item.since else "-"
                    fields = ", ".join(item.missing or item.stale)
                    self.stdout.write(
                        f"  {item.status:<8} {item.kind:<8} {since:<17} {item.slug:<40} "
                        f"{fields:<20} {item.title}"
                    )
        if stale and items:
            raise CommandError(
                f"{len(items)} translation(s) missing or out of date.", returncode=1
            )
