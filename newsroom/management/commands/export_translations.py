"""Write a PO file for outside translators: releases and pages to translate into one language."""

from django.core.management.base import BaseCommand, CommandError

from core.language_policy import LANGUAGE_CODES
from core.translation_exchange import EXCHANGED, export_po
from core.translation_state import MISSING, STALE


class Command(BaseCommand):
    help = (
        "Export releases and pages as a PO file to translate into --language: by --id, or "
        "every one whose translation into that language is missing or out of date (--waiting)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=LANGUAGE_CODES)
        parser.add_argument("--kind", choices=list(EXCHANGED), default="release")
        parser.add_argument("--id", type=int, nargs="*", default=[], dest="ids")
        parser.add_argument("--waiting", action="store_true",
                            help="Every item whose translation is missing or out of date.")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, language, kind, ids, waiting, output, **options):
        model = EXCHANGED[kind]
        objects = model.objects.order_by("pk")
        if ids:
            objects = objects.filter(pk__in=ids)
            unknown = set(ids) - set(objects.values_list("pk", flat=True))
            if unknown:
                raise CommandError(f"No {kind} with id {', '.join(map(str, sorted(unknown)))}.")
        elif waiting:
            objects = [
                obj for obj in objects
                if obj.translation_state.get("languages", {}).get(language, {}).get("status")
                in (MISSING, STALE)
            ]
        else:
            raise CommandError("Say which items: --id … or --waiting.")
        text = export_po(objects, language)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text)
