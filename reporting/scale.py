"""The statistics pages the page benchmark times (``bench_pages``; see ``toolkit.scale``)."""

from django.urls import reverse


def bench_pages() -> list[tuple[str, str, str]]:
    """Return the statistics pages: (name, role, URL)."""
    return [
        ("Statistics", "librarian", reverse("reporting:statistics")),
        ("Statistics CSV (books per month)", "librarian", reverse("reporting:export", args=["books-per-month", "csv"])),
        ("Statistics Excel (all tables)", "librarian", reverse("reporting:export", args=["alle", "xlsx"])),
        ("Annual report", "librarian", reverse("reporting:annual_report")),
        ("Statistics", "partner member", reverse("reporting:statistics")),
    ]  # fmt: skip
