"""List, per language, the releases and institutional pages that still lack a translation."""

import json

from django.core.management.base import BaseCommand

from newsroom.translation_report import LANGUAGES, missing_translations


class Command(BaseCommand):
    help = (
        "Per language, the news releases and organisation pages that lack a translation "
        "(a checked field empty in that language while another language has it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--language", choices=LANGUAGES, help="Only this language (default: all)."
        )

    def handle(self, *args, format, language, **options):
        report = missing_translations([language] if language else None)
        if format == "json":
            data = {
                lang: {kind: [item.as_dict() for item in items] for kind, items in kinds.items()}
                for lang, kinds in report.items()
            }
            self.stdout.write(json.dumps({"missing": data}, ensure_ascii=False, indent=2))
            return
        for lang, kinds in report.items():
            items = [item for kind_items in kinds.values() for item in kind_items]
            self.stdout.write(self.style.MIGRATE_HEADING(f"{lang}: {len(items)} missing"))
            if items:
                self.stdout.write(
                    f"  {'kind':<8} {'slug':<40} {'status':<10} {'missing':<20} title"
                )
            for item in items:
                self.stdout.write(
                    f"  {item.kind:<8} {item.slug:<40} {item.status:<10} "
                    f"{', '.join(item.missing):<20} {item.title}"
                )
