"""Time one status summary against hand-written SQL and measure its peak memory (issue 12's target)."""

from django.core.management.base import BaseCommand, CommandError

from coalition.models import Coalition
from summaries import bench


class Command(BaseCommand):
    help = (
        "Benchmark a status summary on PostgreSQL: --generate bulk-inserts a dataset (scale 1: 100,000 "
        "pledges, 200,000 payments...) into DATABASE_URL, then the summary of the largest coalition is timed "
        "against hand-written SQL of the same per-state totals (alternating runs) and its peak memory taken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true", help="Generate the dataset first.")
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeats", type=int, default=5)

    def handle(self, *args, generate, scale, seed, repeats, **options):
        from django.conf import settings

        settings.SUMMARY_ON_CHANGE = False  # the generator's writes must not queue summaries
        out = self.stdout.write
        if generate:
            if Coalition.objects.filter(slug__startswith="bench-").exists():
                raise CommandError("This database already holds a benchmark dataset; use a fresh one.")
            bench.generate(scale, seed, out=out)
        coalition = Coalition.objects.filter(slug="bench-0").first()
        if coalition is None:
            raise CommandError("No benchmark dataset here: run with --generate (on a fresh database).")
        ratio = bench.run(coalition, repeats, out=out)
        base, peak = bench.baseline_memory(), bench.peak_memory(coalition.pk)
        out(
            f"peak RSS of a process computing the summary: {peak:.0f} MiB (Django alone: {base:.0f} MiB; "
            "target < 150 MiB)"
        )
        if ratio > 2 or peak >= 150:
            out(self.style.WARNING("a target is missed"))
