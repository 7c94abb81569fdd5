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


# --- The page benchmark (bench_pages) ---------------------------------------------------

ROLES = ("librarian", "partner member", "kindergarten staff", "judge", "admin")
BENCH_ADMIN_EMAIL = "bench-admin@example.com"


def bench_users() -> dict:
    """Return a user per benchmark role (``None`` where the data has none).

    The generated people of municipality 1 when ``seed_scale`` ran, otherwise the first
    active user holding the role (e.g. the demo logins); the administrator is the
    benchmark's own superuser, created when missing.
    """
    from accounts.models import User
    from accounts.roles import Role

    wanted = {
        "librarian": ("bibliotekar", Role.LIBRARIAN),
        "partner member": ("skolebibliotekar", Role.PARTNER_MEMBER),
        "kindergarten staff": ("paedagog", Role.KINDERGARTEN_STAFF),
        "judge": ("dommer", Role.JUDGE),
    }
    users = {}
    for role, (kind, group) in wanted.items():
        users[role] = (
            User.objects.filter(email=scale_email(kind, 1, 0), is_active=True).first()
            or User.objects.filter(groups__name=group, is_active=True, is_superuser=False)
            .order_by("pk")
            .first()
        )
    admin, created = User.objects.get_or_create(
        email=BENCH_ADMIN_EMAIL,
        defaults={"full_name": "Bench Administrator", "is_staff": True, "is_superuser": True},
    )
    if created:
        from django.contrib.auth.models import Group

        admin.set_unusable_password()
        admin.save(update_fields=["password"])
        admin.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
    users["admin"] = admin
    return users
