"""Create many realistic synthetic news releases, in English, French and Spanish."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from tqdm import tqdm

from newsroom.demo_generator import generate


class Command(BaseCommand):
    help = (
        "Create COUNT published news releases in all three languages, with themes, countries, "
        "press contacts and related releases, for development and benchmarks. Slugs are "
        "PREFIX-<number> and continue after those already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, help="Same seed, same content.")
        parser.add_argument("--prefix", default="demo", help="Slug prefix (default: demo).")
        parser.add_argument(
            "--years", type=int, default=10, help="Spread publication dates over this many years."
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count, seed, prefix, years, batch_size, **options):
        if count < 1 or batch_size < 1 or years < 1:
            raise CommandError("--count, --batch-size and --years must be at least 1.")
        try:
            validate_slug(prefix)
        except ValidationError:
            raise CommandError("--prefix may hold only letters, digits, - and _.") from None
        started = time.monotonic()
        made = generate(
            count, seed=seed, prefix=prefix, years=years, batch_size=batch_size,
            progress=self.progress,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made} releases in {elapsed:.1f} s ({made / elapsed:.0f} per second)."
            )
        )

    def progress(self, iterable, total):
        """A progress bar for people at a terminal; nothing in CI logs or pipes."""
        return tqdm(iterable, total=total, unit="batch", disable=not self.stdout.isatty())
