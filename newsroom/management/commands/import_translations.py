"""Import a PO file returned by outside translators (made by export_translations or the
admin's export action)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.translation_exchange import ImportRefused, import_po


class Command(BaseCommand):
    help = (
        "Import the translations of a PO file: only its language changes; nothing is written "
        "if any entry is wrong (an original changed since the file was made, markup that does "
        "not match the original's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true",
                            help="Import even where the original changed since the export.")
        parser.add_argument("--user", help="Username recorded as having saved the changes.")

    def handle(self, *args, file, force, user, **options):
        saver = None
        if user:
            saver = get_user_model().objects.filter(username=user).first()
            if saver is None:
                raise CommandError(f"No user {user!r}.")
        try:
            with open(file, encoding="utf-8") as handle:
                content = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            done = import_po(content, user=saver, force=force)
        except ImportRefused as refused:
            raise CommandError(
                "Nothing imported:\n" + "\n".join(f"  {p}" for p in refused.problems)
            ) from refused
        for item in done:
            self.stdout.write(f"{item.obj._meta.model_name} {item.obj.pk} “{item.obj}”: "
                              f"{', '.join(item.fields)}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} item(s) updated."))
