"""What the scale-data generators share (``seed_scale``; never on a production database).

Each app may ship a ``scale.py`` with

- ``LABEL``: a short name for the progress lines;
- ``generated(*, number) -> bool``: whether municipality ``number`` is already there;
- ``generate(*, number, rng, options) -> dict[str, int]``: write that municipality's rows
  with bulk inserts and return what it wrote.

``seed_scale`` calls them municipality by municipality in the order of ``INSTALLED_APPS``,
one transaction per app and municipality, so an interrupted run resumes where it stopped.
"""

import resource
from collections.abc import Iterable
from itertools import islice

from django.db import reset_queries

BATCH = 5000


def municipality_prefix(number: int) -> str:
    """Return the name every generated row of municipality ``number`` starts with."""
    return f"Kommune {number:03d}"


def scale_email(kind: str, number: int, index: int) -> str:
    """Return the e-mail address of a generated person (``kind`` says which role)."""
    return f"{kind}.{number:03d}.{index}@scale.example"


def bulk_insert(model, rows: Iterable, *, batch: int = BATCH) -> list:
    """Insert ``rows`` (an iterable, consumed in batches) and return the saved objects.

    No row is saved one by one and no more than ``batch`` unsaved rows are held at once.
    """
    saved = []
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch)):
        saved += model.objects.bulk_create(chunk)
        # With DEBUG on, Django keeps every SQL statement: let them go.
        reset_queries()
    return saved


def bulk_count(model, rows: Iterable, *, batch: int = BATCH) -> int:
    """Insert ``rows`` in batches like ``bulk_insert`` and return only how many there were."""
    count = 0
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch)):
        model.objects.bulk_create(chunk)
        count += len(chunk)
        reset_queries()
    return count


def peak_mb() -> float:
    """Return the peak resident memory of this process in megabytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
