"""Benchmark the depot hot paths on whatever data is in the database (see seed_scale)."""

import csv
import io
import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from kindergarten_depots import catalogue, services
from kindergarten_depots.models import DepotAgreement, Swap
from toolkit.bench import bench_librarian_client, timing_summary


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Report median and p95 timings of the packing proposal, a year of swap generation "
        "for all agreements, the item list, swap calendar and route sheet pages, and "
        "(with --csv-rows) the CSV import; plus peak memory. Changes are rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--generate-repeat", type=int, default=3)
        parser.add_argument(
            "--csv-rows", type=int, default=0, help="Also time importing a file of this many rows."
        )

    def handle(self, *args, repeat, generate_repeat, csv_rows, **options):
        if not DepotAgreement.objects.exists():
            raise CommandError("No depot data: run seed_scale (or seed_demo) first.")
        self.stdout.write(
            f"Database: {connection.vendor}. Peak memory at start: {_peak_mb():.0f} MB."
        )
        self._proposal(repeat)
        self._generate(generate_repeat)
        self._pages(repeat)
        if csv_rows:
            self._csv(csv_rows)
        self.stdout.write(self.style.SUCCESS(f"Peak memory: {_peak_mb():.0f} MB."))

    def _proposal(self, repeat):
        swaps = list(
            Swap.objects.filter(status=Swap.Status.PLANNED, planned_date__gte=timezone.localdate())
            .select_related("agreement")
            .order_by("?")[:repeat]
        )
        samples = []
        for swap in swaps:
            started = time.perf_counter()
            services.swap_propose(swap=swap)
            samples.append(time.perf_counter() - started)
        if samples:
            self.stdout.write(f"Packing proposal (1 swap):              {timing_summary(samples)}")

    def _generate(self, repeat):
        agreements = list(DepotAgreement.objects.all())
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    services.swaps_generate(agreements=agreements)
                    samples.append(time.perf_counter() - started)
                    raise _Rollback
            except _Rollback:
                pass
        self.stdout.write(
            f"Generate swaps, {len(agreements)} agreements: {timing_summary(samples)}"
        )

    def _pages(self, repeat):
        busiest = (
            Swap.objects.values("planned_date")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("planned_date", flat=True)
            .first()
        )
        client = bench_librarian_client()
        pages = [
            ("Item list", reverse("kindergarten_depots:item_list"), {}),
            (
                "Item list, filtered",
                reverse("kindergarten_depots:item_list"),
                {"q": "ræven", "status": "available"},
            ),
            (
                "Swap calendar (month)",
                reverse("kindergarten_depots:swap_calendar"),
                {"date": busiest.isoformat()},
            ),
            (
                "Route sheet (busiest day)",
                reverse("kindergarten_depots:route_sheet"),
                {"date": busiest.isoformat()},
            ),
        ]
        with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS], DEBUG=True):
            for label, url, params in pages:
                samples, queries = [], 0
                for _ in range(repeat):
                    reset_queries()
                    started = time.perf_counter()
                    response = client.get(url, params)
                    samples.append(time.perf_counter() - started)
                    queries = len(connection.queries)
                    assert response.status_code == 200, (url, response.status_code)
                self.stdout.write(f"{label + ':':<40}{timing_summary(samples)}   {queries} queries")

    def _csv(self, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["stregkode", "titel", "forfatter", "isbn", "alder", "emner", "opstilling"])
        for n in range(rows):
            writer.writerow(
                [f"B{n:09d}", f"Benchmarkbog {n}", "Forfatter", "", ["0-2", "3-4", "5-6"][n % 3],
                 "Dyr|Natur" if n % 2 else "Eventyr", "Billedbøger"]
            )  # fmt: skip
        text = buffer.getvalue()
        del buffer
        started = time.perf_counter()
        try:
            with transaction.atomic():
                counts = catalogue.catalogue_import(text=text)
                elapsed = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"CSV import of {rows} rows: {elapsed:.1f} s ({counts}), peak memory {_peak_mb():.0f} MB"
        )
