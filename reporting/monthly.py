"""The depot figures of a period from monthly figures, computed once per month.

A year of statistics used to count every loan of the year four times per request. Now a
calendar month that is over is counted once (``months_compute``, run by the nightly
``compute_monthly_figures`` or on the first request that needs it) into
``MonthlyLoanFigures``: one row per agreement and month. A period's figures add up those
rows and count live only what cannot be precomputed: the current month (and later) and
partial months at the period's edges. Every figure is aggregated in the database, in a
fixed number of queries whatever the data size.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from kindergarten_depots.models import Loan
from reporting.models import FiguresMonth, MonthlyLoanFigures

RETURNED, DAMAGED, MISSING = (
    Loan.ReturnState.RETURNED,
    Loan.ReturnState.DAMAGED,
    Loan.ReturnState.MISSING,
)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _as_date(value) -> date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def period_split(start: date, end: date, *, today: date) -> tuple[list[date], list[tuple]]:
    """Return the whole months of the period that are over (their first days), and the
    date ranges left over: partial months at the edges and the current month onwards."""
    current = today.replace(day=1)
    months, live = [], []
    month = start.replace(day=1)
    while month <= end:
        last = _next_month(month) - timedelta(days=1)
        low, high = max(month, start), min(last, end)
        if low == month and high == last and month < current:
            months.append(month)
        elif live and live[-1][1] + timedelta(days=1) == low:
            live[-1] = (live[-1][0], high)
        else:
            live.append((low, high))
        month = _next_month(month)
    return months, live


def months_compute(months: list[date]) -> int:
    """Count the loans of ``months`` (first days of months that are over) into
    ``MonthlyLoanFigures``, replacing what was there; return how many rows were written."""
    if not months:
        return 0
    wanted = set(months)
    low, high = min(months), _next_month(max(months)) - timedelta(days=1)
    rows: dict[tuple, MonthlyLoanFigures] = {}

    def row(month, agreement_id):
        key = (_as_date(month), agreement_id)
        if key not in rows:
            rows[key] = MonthlyLoanFigures(month=key[0], agreement_id=agreement_id)
        return rows[key]

    delivered = (
        Loan.objects.filter(delivered_on__gte=low, delivered_on__lte=high)
        .annotate(month=TruncMonth("delivered_on"))
        .order_by()
        .values_list("month", "agreement_id")
        .annotate(n=Count("pk"))
    )
    for month, agreement_id, count in delivered:
        row(month, agreement_id).delivered = count
    back = (
        Loan.objects.filter(returned_on__gte=low, returned_on__lte=high)
        .annotate(month=TruncMonth("returned_on"))
        .order_by()
        .values_list("month", "agreement_id")
        .annotate(
            returned=Count("pk", filter=Q(return_state=RETURNED)),
            damaged=Count("pk", filter=Q(return_state=DAMAGED)),
            missing=Count("pk", filter=Q(return_state=MISSING)),
        )
    )
    for month, agreement_id, returned, damaged, missing in back:
        figures = row(month, agreement_id)
        figures.returned, figures.damaged, figures.missing = returned, damaged, missing
    computed = [figures for (month, _a), figures in rows.items() if month in wanted]
    now = timezone.now()
    try:
        with transaction.atomic():
            MonthlyLoanFigures.objects.filter(month__in=wanted).delete()
            FiguresMonth.objects.filter(month__in=wanted).delete()
            MonthlyLoanFigures.objects.bulk_create(computed, batch_size=5000)
            FiguresMonth.objects.bulk_create(
                [FiguresMonth(month=month, computed_at=now) for month in sorted(wanted)]
            )
    except IntegrityError:
        # Another process computed the same months at the same moment: theirs stand.
        return 0
    return len(computed)


def months_missing(months: list[date]) -> list[date]:
    """Return those of ``months`` that have not been computed yet."""
    done = set(FiguresMonth.objects.filter(month__in=months).values_list("month", flat=True))
    return [month for month in months if month not in done]


def _either(field: str, ranges: list[tuple]) -> Q:
    query = Q(pk__in=[])
    for low, high in ranges:
        query |= Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return query


def _merge(*groups, key: str) -> list[dict]:
    """Add up rows of counts that share ``key`` (rows already aggregated per group)."""
    merged: dict = {}
    for rows in groups:
        for row in rows:  # aggregated rows: a few per branch, kindergarten or month
            name = _as_date(row[key]) if key == "month" else row[key]
            total = merged.setdefault(name, {key: name})
            for field, value in row.items():
                if field != key:
                    total[field] = total.get(field, 0) + (value or 0)
    return sorted(merged.values(), key=lambda row: (row[key] is None, row[key] or ""))


def loan_figures(*, start: date, end: date, today: date) -> dict:
    """Return the period's books delivered per month and per branch, and the returns per
    branch and per kindergarten (books counted in the month they were delivered, returns
    on the day they came back)."""
    months, live = period_split(start, end, today=today)
    missing = months_missing(months)
    if missing:
        months_compute(missing)
    table = MonthlyLoanFigures.objects.filter(month__in=months).order_by()
    delivered_live = Loan.objects.filter(_either("delivered_on", live)).order_by()
    back_live = Loan.objects.filter(_either("returned_on", live)).order_by()

    per_month = _merge(
        table.values("month").annotate(n=Sum("delivered")).filter(n__gt=0),
        delivered_live.annotate(month=TruncMonth("delivered_on"))
        .values("month")
        .annotate(n=Count("pk")),
        key="month",
    )
    books_by_branch = _merge(
        table.values(name=F(F_BRANCH)).annotate(books=Sum("delivered")),
        delivered_live.values(name=F(F_BRANCH)).annotate(books=Count("pk")),
        key="name",
    )

    def returns(field):
        return _merge(
            table.values(name=F(field)).annotate(
                returned=Sum("returned"), damaged=Sum("damaged"), missing=Sum("missing")
            ),
            back_live.values(name=F(field)).annotate(
                returned=Count("pk", filter=Q(return_state=RETURNED)),
                damaged=Count("pk", filter=Q(return_state=DAMAGED)),
                missing=Count("pk", filter=Q(return_state=MISSING)),
            ),
            key="name",
        )

    def with_total(rows):
        for row in rows:
            row["total"] = row["returned"] + row["damaged"] + row["missing"]
        return [row for row in rows if row["total"]]

    return {
        "per_month": sorted(
            ((_as_date(row["month"]), row["n"]) for row in per_month), key=lambda pair: pair[0]
        ),
        "books_by_branch": {row["name"]: row["books"] for row in books_by_branch},
        "by_branch": with_total(returns(F_BRANCH)),
        "by_kindergarten": with_total(returns(F_KINDERGARTEN)),
    }


STATES = {
    "returned": Count("pk", filter=Q(return_state=RETURNED)),
    "damaged": Count("pk", filter=Q(return_state=DAMAGED)),
    "missing": Count("pk", filter=Q(return_state=MISSING)),
}
SUMS = {name: Sum(name) for name in ("delivered", "returned", "damaged", "missing")}


def agreement_figures(*, start: date, end: date, today: date) -> dict:
    """Return the period's books per month, every figure per year, and per agreement
    ``[delivered, returned, damaged, missing]``, for the depots' own statistics page: five
    grouped queries, none of which reads more loans than those of the live months (nor
    joins them to anything)."""
    months, live = period_split(start, end, today=today)
    missing = months_missing(months)
    if missing:
        months_compute(missing)
    table = MonthlyLoanFigures.objects.filter(month__in=months).order_by()
    per_month: dict = dict(table.values_list("month").annotate(n=Sum("delivered")).filter(n__gt=0))
    years: dict = {}
    agreements: dict = {}

    def add(agreement_id, year, figures, first=0):
        for totals in (
            agreements.setdefault(agreement_id, [0, 0, 0, 0]),
            years.setdefault(year, [0, 0, 0, 0]),
        ):
            for index, value in enumerate(figures, start=first):
                totals[index] += value or 0

    # One row per agreement and year (or live month): thousands, never one per loan.
    for agreement_id, year, *figures in (
        table.annotate(year=ExtractYear("month"))
        .values_list("agreement_id", "year")
        .annotate(**{f"n_{name}": total for name, total in SUMS.items()})
    ):
        add(agreement_id, year, figures)
    for agreement_id, month, count in (
        Loan.objects.filter(_either("delivered_on", live))
        .order_by()
        .annotate(month=TruncMonth("delivered_on"))
        .values_list("agreement_id", "month")
        .annotate(n=Count("pk"))
    ):
        month = _as_date(month)
        per_month[month] = per_month.get(month, 0) + count
        add(agreement_id, month.year, [count])
    for agreement_id, year, *figures in (
        Loan.objects.filter(_either("returned_on", live))
        .order_by()
        .annotate(year=ExtractYear("returned_on"))
        .values_list("agreement_id", "year")
        .annotate(**{f"n_{name}": count for name, count in STATES.items()})
    ):
        add(agreement_id, year, figures, first=1)
    names = ("delivered", "returned", "damaged", "missing")
    return {
        "per_month": sorted((_as_date(month), n) for month, n in per_month.items()),
        "per_year": [
            {"year": year, **dict(zip(names, years[year], strict=True))} for year in sorted(years)
        ],
        "by_agreement": agreements,
    }


F_BRANCH = "agreement__branch__name"
F_KINDERGARTEN = "agreement__kindergarten__name"


def agreement_figures_cached(*, start: date, end: date, today: date) -> dict:
    """``agreement_figures``, kept in the shared figures cache for the same ten minutes
    as the statistics area's figures (the depots' statistics page uses this)."""
    from reporting.report import CACHE_SECONDS, figures_cache

    return figures_cache().get_or_set(
        f"reporting:depot-agreements:{start}:{end}:{today}",
        lambda: agreement_figures(start=start, end=end, today=today),
        CACHE_SECONDS,
    )
