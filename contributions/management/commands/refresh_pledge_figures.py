"""Recompute every pledge's stored figures (contributions.figures_store), after writes that bypass the
portal (a raw `loaddata`, a hand-written SQL change); `--check` only reports the pledges that differ."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contributions.figures_store import STORED, refresh_pledge_figures
from contributions.models import Pledge


class Rollback(Exception):
    """Raised inside the transaction to undo the refresh of a --check."""


class Command(BaseCommand):
    help = (
        "Recompute the figures stored on every pledge (rate of the announcement date, paid, EUR figures) in "
        "one UPDATE and print how many differed. The portal keeps them exact on every write it makes; run "
        "this after writes that bypass it. --check changes nothing and exits 1 when any pledge differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report only; exit 1 if any differs.")

    def handle(self, *args, check=False, **options):
        def stored():
            return {row[0]: row[1:] for row in Pledge._base_manager.values_list("pk", *STORED).iterator()}

        try:
            with transaction.atomic():
                before = stored()
                refresh_pledge_figures()
                after = stored()
                differing = sorted(pk for pk, values in after.items() if before.get(pk) != values)
                if check:
                    raise Rollback
        except Rollback:
            pass
        shown = ", ".join(str(pk) for pk in differing[:20]) + (" …" if len(differing) > 20 else "")
        verb = "differ" if check else "corrected"
        self.stdout.write(
            f"{len(after)} pledges, {len(differing)} {verb}" + (f": {shown}" if differing else "")
        )
        if check and differing:
            raise CommandError(f"{len(differing)} pledges have stored figures that differ from their inputs.")
