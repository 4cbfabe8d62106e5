"""Write every news release, in every language, to a file in the releases interchange format."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsroom.interchange import export_releases


class Command(BaseCommand):
    help = (
        "Export every news release (all languages, themes, countries, press contacts, related "
        "releases, image references) to FILE as JSON (docs/release-format.md; '-' writes to "
        "standard output)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to write, or '-' for standard output.")

    def handle(self, *args, file, **options):
        if file == "-":
            export_releases(_Unterminated(self.stdout))
            return
        try:
            with open(file, "w", encoding="utf-8") as stream:
                count = export_releases(stream, progress=self.progress)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"Exported {count} releases to {file}."))

    def progress(self, iterable, total):
        """A progress bar for people at a terminal; nothing in CI logs or pipes."""
        return tqdm(iterable, total=total, unit="release", disable=not self.stdout.isatty())


class _Unterminated:
    """Lets the exporter write to self.stdout without a newline added after each piece."""

    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.write(text, ending="")
