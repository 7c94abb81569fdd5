"""Benchmark of a 260,000-row catalogue import through the background task: not collected
by default.

Run: .venv/bin/pytest -q -s tests/bench/bench_catalogue_import.py
(set DATABASE_URL to run it against PostgreSQL, as in production; ROWS=… to change
the size). It generates the CSV in memory (nothing is committed), uploads it,
confirms it and runs the worker once, then prints rows per second and the peak
memory of the process. It asserts only that every row was imported.
"""

import os
import resource
import time

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import Role
from kindergarten_depots import catalogue
from kindergarten_depots.models import ImportBatch, Item

ROWS = int(os.environ.get("ROWS", "260000"))
AGES = ["0-2", "3-4", "5-6"]
THEMES = ["Dyr", "Venskab", "Følelser", "Vinter", "Eventyr", "Rim og remser"]


def catalogue_csv(rows: int) -> bytes:
    """Return a library-system export of ``rows`` books, as the importer expects it."""
    lines = ["Stregkode;Titel;Forfatter;ISBN;Alder;Emner;Opstilling"]
    for n in range(rows):
        lines.append(
            f"{5000000000 + n};Bog nummer {n};Forfatter {n % 5000};97887{n:08d};"
            f"{AGES[n % 3]};{THEMES[n % 6]}|{THEMES[(n + 1) % 6]};Billedbøger"
        )
    return ("\n".join(lines) + "\n").encode()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture
def role_groups(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role)


# The worker manages its own database connections, so the import really commits.
@pytest.mark.django_db(transaction=True)
def test_bench_a_260000_row_catalogue_import(role_groups, librarian, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    content = catalogue_csv(ROWS)
    before = peak_rss_mb()
    batch = catalogue.import_batch_create(filename="katalog.csv", content=content, by=librarian)
    del content
    assert catalogue.import_batch_confirm(batch=batch, by=librarian)

    started = time.monotonic()
    call_command("run_worker", "--once", verbosity=0)
    seconds = time.monotonic() - started

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Item.objects.count() == ROWS
    print(
        f"\n{ROWS} rows imported in {seconds:.1f} s = {ROWS / seconds:,.0f} rows/s; "
        f"peak memory {peak_rss_mb():.0f} MB (was {before:.0f} MB before the upload)"
    )
