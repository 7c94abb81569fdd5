"""Generate national-scale data for every app (benchmarks only; never on production)."""

import random
import time

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction

from toolkit.discovery import app_modules
from toolkit.scale import municipality_prefix, peak_mb


class Command(BaseCommand):
    help = (
        "Generate data at national scale with bulk inserts, per municipality (98 is about "
        "Denmark): 3 branches, 15 staff and partner members, 12 schools and associations, "
        "about 52 partnerships with members, journal, tasks, time entries, evaluations and "
        "attachments; 50 kindergartens with depot agreements, 5,000 books and 20,000 loans; "
        "one championship edition with 200 readers, its rounds, heats, judges and scores. "
        "Whatever is already there is skipped, so an interrupted run can be resumed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=1)
        parser.add_argument("--kindergartens", type=int, default=50, help="Per municipality.")
        parser.add_argument("--items", type=int, default=5000, help="Books per municipality.")
        parser.add_argument("--years", type=int, default=3, help="Years of history.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, municipalities, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to generate benchmark data with DEBUG off (use --force).")
        started = time.perf_counter()
        generators = [module for module in app_modules("scale") if hasattr(module, "generate")]
        totals: dict[str, int] = {}
        for number in range(1, municipalities + 1):
            for module in generators:
                label = f"{municipality_prefix(number)}, {module.LABEL}"
                if module.generated(number=number):
                    self.stdout.write(f"{label}: already there, skipped.")
                    continue
                # The same seed per municipality and app: a resumed run writes the same data.
                rng = random.Random(number * 1000 + generators.index(module))
                with transaction.atomic():
                    counts = module.generate(number=number, rng=rng, options=options)
                reset_queries()
                for key, value in counts.items():
                    totals[key] = totals.get(key, 0) + value
                summary = ", ".join(f"{value} {key}" for key, value in counts.items())
                self.stdout.write(
                    f"{label}: {summary} ({time.perf_counter() - started:.1f} s, "
                    f"peak {peak_mb():.0f} MB)"
                )
        if connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum would gather them a little later.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # Cached figures (statistics) describe the data before this run.
        for alias in settings.CACHES:
            caches[alias].clear()
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.perf_counter() - started:.1f} s: {totals}. "
                f"Peak memory {peak_mb():.0f} MB."
            )
        )
