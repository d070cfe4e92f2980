"""Load euro reference rates from a CSV file in the ECB layout (see contributions.ecb). No network."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contributions.ecb import parse_ecb_csv
from contributions.services import fx_rates_load


class Command(BaseCommand):
    help = (
        "Load exchange rates from an ECB euro reference-rate CSV (Date,USD,JPY,...; units per 1 EUR). "
        "Nothing is written if any cell is invalid; loading the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument(
            "--source", default="ECB euro reference rates", help="Source recorded on each rate."
        )

    def handle(self, *args, file, source, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        parsed = parse_ecb_csv(text)
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(parsed.errors)} error(s) in {path}; nothing was loaded.")
        counts = fx_rates_load(actor=None, rates=parsed.rates, source=source)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['created']} rate(s) added, {counts['updated']} corrected, "
                f"{counts['unchanged']} unchanged, {parsed.skipped} N/A cell(s) skipped."
            )
        )
