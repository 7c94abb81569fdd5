"""Figures for the depot overview: what the depots reach and what they cost in books."""

from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.translation import gettext as _

from kindergarten_depots.models import DepotAgreement, Loan
from partnerships.models import Partner

RETURNED, DAMAGED, MISSING = (
    Loan.ReturnState.RETURNED,
    Loan.ReturnState.DAMAGED,
    Loan.ReturnState.MISSING,
)


FIGURES = ("delivered", "returned", "damaged", "missing", "found")


def loans_counted(*, start: date, end: date, today: date) -> dict:
    """Count the period's books from its loans: per month, per year, and per agreement
    ``[delivered, returned, damaged, missing]``.

    The reporting app replaces this at start-up with ``reporting.monthly.agreement_figures``
    (same result, from figures precomputed per month); this app never imports reporting.
    """
    delivered_in = Q(delivered_on__gte=start, delivered_on__lte=end)
    back_in = Q(returned_on__gte=start, returned_on__lte=end)
    states = {
        name: Count("pk", filter=back_in & Q(return_state=state))
        for name, state in (("returned", RETURNED), ("damaged", DAMAGED), ("missing", MISSING))
    }
    years: dict = {}
    for field, condition, counts in (
        ("delivered_on", delivered_in, {"delivered": Count("pk")}),
        ("returned_on", back_in, states),
    ):
        for row in (
            Loan.objects.filter(condition)
            .annotate(year=ExtractYear(field))
            .values("year")
            .annotate(**counts)
            .order_by()
        ):
            years.setdefault(row["year"], dict.fromkeys(FIGURES[:4], 0)).update(row)
    return {
        "per_month": list(
            Loan.objects.filter(delivered_in)
            .annotate(month=TruncMonth("delivered_on"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ),
        "per_year": [years[year] for year in sorted(years)],
        "by_agreement": _by_agreement(delivered_in, back_in, states),
    }


def _by_agreement(delivered_in: Q, back_in: Q, states: dict) -> dict:
    agreements: dict = {}
    for agreement_id, count in (
        Loan.objects.filter(delivered_in).values_list("agreement_id").annotate(n=Count("pk"))
    ).order_by():
        agreements[agreement_id] = [count, 0, 0, 0]
    for agreement_id, *counts in (
        Loan.objects.filter(back_in)
        .values_list("agreement_id")
        .annotate(**{f"n_{name}": count for name, count in states.items()})
        .order_by()
    ):
        agreements[agreement_id] = agreements.get(agreement_id, [0])[:1] + counts
    return agreements


F_BRANCH = "agreement__branch__name"

# Where the period's books are counted: replaced by the reporting app at start-up with its
# monthly figures, so a year's statistics never scan every loan.
period_loans = loans_counted

# The page shows this many kindergartens (the CSV has them all).
PAGE_ROWS = 50


def _sorted(rows: dict, key: str) -> list[dict]:
    ordered = sorted(rows.items(), key=lambda pair: (pair[0] is None, pair[0] or ""))
    return [
        {key: name if key == "year" else (name or "–"), **dict(zip(FIGURES, row, strict=True))}
        for name, row in ordered
    ]


def _add(rows: dict, name, figures) -> None:
    total = rows.get(name)
    rows[name] = (
        list(figures) if total is None else [a + b for a, b in zip(total, figures, strict=True)]
    )


def depot_overview(*, today: date, start: date | None = None, end: date | None = None) -> dict:
    """Return the overview figures for the period ``start``–``end`` (this year so far by
    default), in a fixed number of queries, none of which reads every loan: the books come
    from ``period_loans`` (monthly figures), books found again from an index."""
    start = start or date(today.year, 1, 1)
    end = end or today
    loans = period_loans(start=start, end=end, today=today)
    branches: dict = {}
    kindergartens: dict = {}
    years = {row["year"]: [row.get(name) or 0 for name in FIGURES] for row in loans["per_year"]}
    by_agreement = loans["by_agreement"]
    # One row per agreement (thousands at most, never one per loan).
    for agreement_id, branch, kindergarten in DepotAgreement.objects.order_by().values_list(
        "pk", "branch__name", "kindergarten__name"
    ):
        figures = by_agreement.get(agreement_id)
        if figures:
            _add(branches, branch, [*figures, 0])
            _add(kindergartens, kindergarten, [*figures, 0])
    for branch, kindergarten, year, count in (
        Loan.objects.filter(found_on__gte=start, found_on__lte=end)
        .annotate(year=ExtractYear("found_on"))
        .values_list(F_BRANCH, "agreement__kindergarten__name", "year")
        .annotate(n=Count("pk"))
        .order_by()
    ):  # few rows: books found again are rare
        found = [0, 0, 0, 0, count]
        _add(branches, branch, found)
        _add(kindergartens, kindergarten, found)
        _add(years, year, found)
    sums = [sum(column) for column in zip(*branches.values(), strict=True)] or [0] * 5
    totals = dict(zip(FIGURES, sums, strict=True))
    back = totals["returned"] + totals["damaged"] + totals["missing"]
    per_kindergarten = _sorted(kindergartens, "name")
    return {
        "start": start,
        "end": end,
        **period_reach(start=start, end=end),
        "books_out": Loan.objects.open().count(),
        "per_month": loans["per_month"],
        **totals,
        "damage_rate": (100 * totals["damaged"] / back) if back else 0,
        "loss_rate": (100 * totals["missing"] / back) if back else 0,
        "per_year": _sorted(years, "year"),
        "per_branch": _sorted(branches, "name"),
        "per_kindergarten": per_kindergarten,
        "per_kindergarten_shown": per_kindergarten[:PAGE_ROWS],
    }


def overview_rows(stats: dict) -> list[list]:
    """Return the overview as rows for a CSV file."""
    rows = [[_("Figure"), _("Value")]]
    rows.append([_("Period"), f"{stats['start']:%Y-%m-%d} – {stats['end']:%Y-%m-%d}"])
    for label, count in stats["types"]:
        rows.append([_("Agreements in the period: %(type)s") % {"type": label}, count])
    rows += [
        [_("Kindergartens reached"), stats["kindergartens"]],
        [_("Children reached"), stats["children"]],
        [_("Books out now"), stats["books_out"]],
        [_("Books delivered"), stats["delivered"]],
        [_("Books returned"), stats["returned"]],
        [_("Damaged (written off, not charged)"), stats["damaged"]],
        [_("Missing (written off, not charged)"), stats["missing"]],
        [_("Found again (returned late)"), stats["found"]],
        [_("Damage rate (%)"), f"{stats['damage_rate']:.1f}".replace(".", ",")],
        [_("Loss rate (%)"), f"{stats['loss_rate']:.1f}".replace(".", ",")],
        [],
        [_("Month"), _("Books delivered")],
    ]
    for month, count in stats["per_month"]:
        rows.append([month.strftime("%Y-%m"), count])
    header = [_("Delivered"), _("Returned"), _("Damaged"), _("Missing"), _("Found again")]
    keys = ["delivered", "returned", "damaged", "missing", "found"]
    for title, key, name in (
        (_("Year"), "per_year", "year"),
        (_("Branch"), "per_branch", "name"),
        (_("Kindergarten"), "per_kindergarten", "name"),
    ):
        rows += [[], [title, *header]]
        rows += [[row[name], *(row[k] for k in keys)] for row in stats[key]]
    return rows


# --- Figures for a period (the statistics area and the annual report) ------------------
# The books' figures of a period (per month, per branch, returns) come from monthly
# figures precomputed by the reporting app (``reporting.monthly``).


def _running(start: date, end: date):
    """Return the agreements that ran at some time in the period (drafts never do)."""
    return DepotAgreement.objects.exclude(status=DepotAgreement.Status.DRAFT).filter(
        start_date__lte=end, end_date__gte=start
    )


def period_reach(*, start: date, end: date) -> dict:
    """Return the period's agreements by type and the kindergartens and children they
    reached (a fixed number of queries)."""
    agreements = _running(start, end)
    by_type = dict(agreements.order_by().values_list("type").annotate(n=Count("pk")))
    reach = Partner.objects.filter(pk__in=agreements.values("kindergarten_id")).aggregate(
        count=Count("pk"), children=Sum("number_of_children")
    )
    return {
        "types": [(label, by_type.get(value, 0)) for value, label in DepotAgreement.Type.choices],
        "kindergartens": reach["count"] or 0,
        "children": reach["children"] or 0,
    }


def agreements_by_branch(*, start: date, end: date) -> list[dict]:
    """Return, per serving branch, the agreements and kindergartens of the period."""
    return list(
        _running(start, end)
        .order_by()
        .values(name=F("branch__name"))
        .annotate(agreements=Count("pk"), kindergartens=Count("kindergarten", distinct=True))
        .order_by("branch__name")
    )
