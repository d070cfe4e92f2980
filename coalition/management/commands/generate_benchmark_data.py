"""Generate issue 12's benchmark dataset into DATABASE_URL (PostgreSQL; a fresh database)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coalition import benchdata
from coalition.models import Coalition


class Command(BaseCommand):
    help = (
        "Bulk-insert the benchmark dataset (scale 1: 6 coalitions, 100,000 pledges in 6 currencies, 200,000 "
        "payments, 20,000 roadmap items, 50,000 allocations, 2,000 meetings, 50,000 action items, with "
        "transitions, orders, deliveries, decisions, invitations and history rows), printing progress. The "
        "read API token of the user `bench` is printed alone on the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the sizes above (default).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random figures (default 1).")

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 5:
            raise CommandError("--scale must be above 0 and at most 5.")
        if Coalition.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("This database already holds a benchmark dataset; use a fresh one.")
        settings.SUMMARY_ON_CHANGE = False  # the generator's writes must not queue summaries
        try:
            secret = benchdata.generate(scale, seed, out=self.stderr.write)
        except SystemExit as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(secret)
