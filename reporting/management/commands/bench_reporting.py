"""Benchmark the statistics pages and their exports on whatever data is in the database."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.db.models import Count
from django.test.utils import override_settings
from django.urls import reverse

from kindergarten_depots.models import Loan
from partnerships.models import Partner
from reporting.report import figures_cache
from toolkit.bench import bench_librarian_client, timing_summary


class Command(BaseCommand):
    help = (
        "Report median and p95 timings (and query counts) of the statistics page, its CSV "
        "and Excel exports and the annual report (figures computed afresh, and from the "
        "cache), and of the busiest partner page, for the year with the most deliveries. "
        "Run seed_scale (or seed_demo) first; DEBUG only. It clears the cache."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, repeat, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to run with DEBUG off (use --force on a test copy).")
        year = (
            Loan.objects.values_list("delivered_on__year")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("delivered_on__year", flat=True)
            .first()
        )
        if year is None:
            raise CommandError("No depot data: run seed_scale (or seed_demo) first.")
        partner = Partner.objects.annotate(n=Count("depot_agreements")).order_by("-n", "pk").first()
        client = bench_librarian_client()
        query = {"year": year}
        pages = []
        for fresh in (True, False):
            # Fresh: the figures are computed; cached: they come from the cache.
            state = "fresh" if fresh else "cached"
            pages += [
                (f"Statistics page, {state}", reverse("reporting:statistics"), query, fresh),
                (
                    f"CSV, one table, {state}",
                    reverse("reporting:export", args=["returns-by-kindergarten", "csv"]),
                    query,
                    fresh,
                ),
                (
                    f"Excel, all tables, {state}",
                    reverse("reporting:export", args=["alle", "xlsx"]),
                    query,
                    fresh,
                ),
                (f"Annual report, {state}", reverse("reporting:annual_report"), query, fresh),
            ]
        pages.append(("Partner page (a kindergarten)", partner.get_absolute_url(), {}, False))
        self.stdout.write(f"Database: {connection.vendor}. Year: {year}.")
        with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS], DEBUG=True):
            for label, url, params, fresh in pages:
                samples, queries, size = [], 0, 0
                for _ in range(repeat):
                    if fresh:
                        figures_cache().clear()
                    reset_queries()
                    started = time.perf_counter()
                    response = client.get(url, params)
                    samples.append(time.perf_counter() - started)
                    queries, size = len(connection.queries), len(response.content)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                self.stdout.write(
                    f"{label + ':':<34}{timing_summary(samples)}   {queries} queries   "
                    f"{size / 1024:.0f} KB"
                )
