"""What the benchmark commands share: one line summarising a list of timings."""

import statistics


def timing_summary(samples: list[float]) -> str:
    """Return the median and p95 of ``samples`` (seconds) in milliseconds, and their number."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   "
        f"(n={len(ordered)})"
    )


def bench_librarian_client():
    """Return a test client logged in as the benchmarks' own librarian (created if missing)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.models import User
    from accounts.roles import Role

    user, _created = User.objects.get_or_create(
        email="bench-librarian@example.com", defaults={"full_name": "Bench Bibliotekar"}
    )
    user.groups.add(Group.objects.get(name=Role.LIBRARIAN))
    client = Client()
    client.force_login(user)
    return client
