"""Figures about partnerships for a period, aggregated in the database.

Every function takes the partnerships the viewer may see (a scoped queryset) and the
period's first and last day, and runs a fixed number of queries whatever the data size.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from partnerships.models import Evaluation, Partnership, TimeEntry


def in_period(partnerships, *, start: date, end: date):
    """Return the partnerships that ran at some time in the period.

    One without a start date counts from the day it was created; one without an end
    date is still running.
    """
    return partnerships.filter(
        Q(start_date__lte=end) | Q(start_date__isnull=True, created_at__date__lte=end),
        Q(end_date__isnull=True) | Q(end_date__gte=start),
    )


def _period_entries(partnerships, *, start, end):
    return TimeEntry.objects.filter(
        partnership__in=partnerships.values("pk"), date__gte=start, date__lte=end
    )


def by_kind_and_status(partnerships, *, start: date, end: date) -> list[dict]:
    """Return, per kind, how many partnerships of the period are in each status."""
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in in_period(partnerships, start=start, end=end)
        .values("kind", "status")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    rows = []
    for kind, label in Partnership.Kind.choices:
        per_status = [counts.get((kind, status), 0) for status in Partnership.Status.values]
        rows.append({"kind": kind, "label": label, "counts": per_status, "total": sum(per_status)})
    return rows


def hours_per_partnership(partnerships, *, start: date, end: date) -> list[dict]:
    """Return each partnership of the period with its estimate and the hours logged in it."""
    used = Sum(
        "time_entries__hours",
        filter=Q(time_entries__date__gte=start, time_entries__date__lte=end),
    )
    return list(
        in_period(partnerships, start=start, end=end)
        .order_by()
        .values(
            "pk",
            "title",
            "kind",
            "estimated_hours",
            "coordinator__full_name",
            "coordinator__email",
        )
        .annotate(used=used)
        .order_by("title", "pk")
    )


def hours_by_kind(partnerships, *, start: date, end: date) -> list[dict]:
    """Return the estimated hours and the hours logged in the period, per kind."""
    running = in_period(partnerships, start=start, end=end)
    estimates = dict(running.order_by().values_list("kind").annotate(total=Sum("estimated_hours")))
    used = dict(
        _period_entries(running, start=start, end=end)
        .order_by()
        .values_list("partnership__kind")
        .annotate(total=Sum("hours"))
    )
    return [
        {
            "label": label,
            "estimate": estimates.get(kind) or Decimal("0"),
            "used": used.get(kind) or Decimal("0"),
        }
        for kind, label in Partnership.Kind.choices
    ]


def hours_by_coordinator(partnerships, *, start: date, end: date) -> list[dict]:
    """Return, per coordinator, their partnerships, estimated hours and hours logged."""
    running = in_period(partnerships, start=start, end=end)
    estimates = {
        row["coordinator"]: row
        for row in running.order_by()
        .values("coordinator", "coordinator__full_name", "coordinator__email")
        .annotate(count=Count("pk"), estimate=Sum("estimated_hours"))
    }
    used = dict(
        _period_entries(running, start=start, end=end)
        .order_by()
        .values_list("partnership__coordinator")
        .annotate(total=Sum("hours"))
    )
    rows = [
        {
            "name": row["coordinator__full_name"] or row["coordinator__email"],
            "count": row["count"],
            "estimate": row["estimate"] or Decimal("0"),
            "used": used.get(pk) or Decimal("0"),
        }
        for pk, row in estimates.items()
    ]
    return sorted(rows, key=lambda row: (row["name"] or "").lower())


def reviews(partnerships, *, start: date, end: date, today: date) -> list[dict]:
    """Return the running partnerships whose review falls in the period or is overdue."""
    return list(
        partnerships.running()
        .filter(Q(review_date__gte=start, review_date__lte=end) | Q(review_date__lt=today))
        .order_by("review_date", "title", "pk")
        .values("pk", "title", "review_date", "coordinator__full_name", "coordinator__email")
    )


def reach_by_kind(partnerships, *, start: date, end: date) -> list[dict]:
    """Return the evaluations made in the period and the people they report reached, per kind."""
    totals = {
        row["partnership__kind"]: row
        for row in Evaluation.objects.filter(
            partnership__in=partnerships.values("pk"),
            evaluated_on__gte=start,
            evaluated_on__lte=end,
        )
        .order_by()
        .values("partnership__kind")
        .annotate(evaluations=Count("pk"), people=Sum("people_reached"))
    }
    return [
        {
            "label": label,
            "evaluations": totals.get(kind, {}).get("evaluations", 0),
            "people": totals.get(kind, {}).get("people") or 0,
        }
        for kind, label in Partnership.Kind.choices
    ]


def annual_list(partnerships, *, start: date, end: date, exclude_kinds=()):
    """Return the period's partnerships with partners and evaluations, for the annual report."""
    return (
        in_period(partnerships, start=start, end=end)
        .exclude(kind__in=exclude_kinds)
        .select_related("coordinator")
        .prefetch_related(
            "partners",
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.filter(
                    evaluated_on__gte=start, evaluated_on__lte=end
                ).order_by("-evaluated_on", "-pk"),
                to_attr="period_evaluations",
            ),
        )
        .order_by("kind", "title", "pk")
    )
