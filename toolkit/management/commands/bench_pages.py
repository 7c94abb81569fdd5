"""Time every main page of every app against a floor view (benchmarks only)."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from toolkit.discovery import app_modules
from toolkit.scale import bench_users

CSV_COLUMNS = "page,role,url,median_ms,p95_ms,queries,floor_median_ms,ratio"


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Log in as each role (librarian, partner member, kindergarten staff, judge, "
        "administrator), request every main page of every app on the data present "
        "(see seed_scale) and print the median and p95 time, the SQL query count and the "
        "ratio to a trivial floor view (25 rows from one query) measured in the same run, "
        "interleaved: floor, page, floor, page … In-process (Django's test client), with "
        "the settings the command runs under."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Requests per page.")
        parser.add_argument("--csv", action="store_true", help="Print CSV rows instead.")
        parser.add_argument(
            "--only", default="", help="Only the pages whose name contains this text."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (creates a user)."
        )

    def handle(self, *args, repeat, csv, only, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to run with DEBUG off without --force: it creates a benchmark "
                "administrator. Never run it against production."
            )
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        users = bench_users()
        missing = [role for role, user in users.items() if user is None]
        if missing:
            raise CommandError(
                f"No user for {', '.join(missing)}: run seed_scale (or seed_demo) first."
            )
        clients = {role: _client(user, role) for role, user in users.items()}
        pages = [
            page
            for module in app_modules("scale")
            if hasattr(module, "bench_pages")
            for page in module.bench_pages()
            if only.lower() in page[0].lower()
        ]
        if not csv:
            self.stdout.write(
                f"Database: {connection.vendor}, DEBUG={settings.DEBUG}, {repeat} requests per "
                "page, in-process; times in ms."
            )
            self.stdout.write(
                f"{'page':<44}{'role':<20}{'median':>8}{'p95':>8}{'queries':>9}"
                f"{'floor':>8}{'ratio':>8}"
            )
        else:
            self.stdout.write(CSV_COLUMNS)
        hosts = ["testserver", *settings.ALLOWED_HOSTS]
        with override_settings(ROOT_URLCONF="toolkit.bench_urls", ALLOWED_HOSTS=hosts):
            floor_url = reverse("bench_floor")
            for label, role, url in pages:
                client = clients[role]
                # Two untimed requests: one warms caches, the next counts the queries.
                _get(client, url)
                with CaptureQueriesContext(connection) as captured:
                    _get(client, url)
                queries = len(captured)
                _get(client, floor_url)
                floor_samples, samples = [], []
                for _ in range(repeat):
                    floor_samples.append(_timed(client, floor_url))
                    samples.append(_timed(client, url))
                median = statistics.median(samples) * 1000
                floor = statistics.median(floor_samples) * 1000
                ratio = median / floor if floor else 0
                p95 = _p95(samples) * 1000
                if csv:
                    self.stdout.write(
                        f"{_csv_field(label)},{role},{_csv_field(url)},{median:.1f},{p95:.1f},"
                        f"{queries},{floor:.2f},{ratio:.1f}"
                    )
                else:
                    self.stdout.write(
                        f"{label[:43]:<44}{role:<20}{median:8.1f}{p95:8.1f}{queries:9d}"
                        f"{floor:8.2f}{ratio:8.1f}"
                    )


def _csv_field(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text


def _client(user, role) -> Client:
    client = Client()
    client.force_login(user)
    if role == "admin":
        # The admin asks for a second factor: the benchmark's administrator has a
        # confirmed device and this session counts as verified with it.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _get(client, url):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}.")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def _timed(client, url) -> float:
    started = time.perf_counter()
    _get(client, url)
    return time.perf_counter() - started
