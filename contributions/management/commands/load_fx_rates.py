"""Load euro reference rates from an ECB file as published (see contributions.ecb). No network."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contributions.ecb import read_rates_file
from contributions.services import fx_rates_load


class Command(BaseCommand):
    help = (
        "Load exchange rates from an ECB euro reference-rate file as published: the daily, 90-day or "
        "full-history CSV (Date,USD,JPY,...; units per 1 EUR) or its zip. Withdrawn currencies (CYP, EEK, "
        "HRK...) are skipped and counted. Nothing is written if any cell is invalid, nor when a rate jumps "
        "beyond the sane band of the previous one unless --confirm-jumps; loading the same file twice "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV or zip file.")
        parser.add_argument(
            "--source", default="", help="Source recorded on each rate (default: the ECB and the file name)."
        )
        parser.add_argument(
            "--published-on",
            type=date.fromisoformat,
            default=None,
            help="Publication date of the file (YYYY-MM-DD; default: its newest date).",
        )
        parser.add_argument(
            "--confirm-jumps",
            action="store_true",
            help="Load rates that jump beyond the sane band of the previous rate (they are listed).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")

    def handle(self, *args, file, source, published_on, confirm_jumps, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        parsed = read_rates_file(content, path.name)
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(parsed.errors)} error(s) in {path}; nothing was loaded.")
        report = fx_rates_load(
            actor=None,
            rates=parsed.rates,
            source=source or f"ECB euro reference rates ({path.name})",
            published_on=published_on or parsed.newest,
            confirm_jumps=confirm_jumps,
            dry_run=dry_run,
        )
        for change in report.changed:
            self.stdout.write(f"changed: {change}")
        for jump in report.jumps:
            self.stdout.write(f"jump: {jump}")
        skipped = ""
        if parsed.withdrawn:
            skipped = (
                f" {len(parsed.withdrawn)} withdrawn currenc{'y' if len(parsed.withdrawn) == 1 else 'ies'} "
                f"skipped ({', '.join(parsed.withdrawn_columns)}: {parsed.withdrawn_cells} cell(s))."
            )
        summary = (
            f"{report.added} rate(s) added, {len(report.changed)} changed, {report.unchanged} unchanged, "
            f"{parsed.missing} N/A cell(s) skipped.{skipped}"
        )
        if report.blocked:
            raise CommandError(
                f"{len(report.jumps)} rate(s) jump beyond the sane band (listed above); nothing was loaded. "
                f"Check them, or load again with --confirm-jumps. ({summary})"
            )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {summary}")
            return
        self.stdout.write(self.style.SUCCESS(summary))
