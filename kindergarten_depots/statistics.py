"""Figures for the depot overview: what the depots reach and what they cost in books."""

from datetime import date

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.translation import gettext as _

from kindergarten_depots.models import DepotAgreement, Item, Loan
from partnerships.models import Partner

RETURNED, DAMAGED, MISSING = (
    Loan.ReturnState.RETURNED,
    Loan.ReturnState.DAMAGED,
    Loan.ReturnState.MISSING,
)


def loans_counted(*, start: date, end: date, today: date, detailed: bool = False) -> dict:
    """Count the period's books from the loans themselves (the shape of
    ``reporting.monthly.loan_figures``, which replaces this at start-up with figures
    precomputed per month; this app never imports reporting)."""
    delivered = Loan.objects.filter(delivered_on__gte=start, delivered_on__lte=end).order_by()
    back = Loan.objects.filter(returned_on__gte=start, returned_on__lte=end).order_by()
    states = {
        "returned": Count("pk", filter=Q(return_state=RETURNED)),
        "damaged": Count("pk", filter=Q(return_state=DAMAGED)),
        "missing": Count("pk", filter=Q(return_state=MISSING)),
    }

    def returns(field):
        return list(back.values(name=F(field)).annotate(**states))

    years: dict = {}
    for row in (
        delivered.annotate(year=ExtractYear("delivered_on"))
        .values("year")
        .annotate(delivered=Count("pk"))
    ):
        years.setdefault(row["year"], {}).update(row)
    for row in back.annotate(year=ExtractYear("returned_on")).values("year").annotate(**states):
        years.setdefault(row["year"], {}).update(row)
    return {
        "per_month": list(
            delivered.annotate(month=TruncMonth("delivered_on"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ),
        "books_by_branch": dict(delivered.values_list(F_BRANCH).annotate(n=Count("pk"))),
        "books_by_kindergarten": dict(
            delivered.values_list(F_KINDERGARTEN).annotate(n=Count("pk"))
        ),
        "by_branch": returns(F_BRANCH),
        "by_kindergarten": returns(F_KINDERGARTEN),
        "per_year": [years[year] for year in sorted(years)],
    }


F_BRANCH = "agreement__branch__name"
F_KINDERGARTEN = "agreement__kindergarten__name"
FIGURES = ("delivered", "returned", "damaged", "missing", "found")

# Where the period's books are counted: replaced by the reporting app at start-up with its
# monthly figures, so a year's statistics never scan every loan.
period_loans = loans_counted


def _rows(key: str, delivered: dict, back: list[dict], found: dict) -> list[dict]:
    """Put the delivered books, the returns and the books found again of each name (or
    year) into one row per name, sorted by it."""
    rows: dict = {}
    for name, count in delivered.items():
        rows.setdefault(name, dict.fromkeys(FIGURES, 0))["delivered"] = count
    for row in back:
        figures = rows.setdefault(row[key], dict.fromkeys(FIGURES, 0))
        for name in ("delivered", "returned", "damaged", "missing"):
            figures[name] += row.get(name) or 0
    for name, count in found.items():
        rows.setdefault(name, dict.fromkeys(FIGURES, 0))["found"] = count
    ordered = sorted(rows.items(), key=lambda pair: (pair[0] is None, pair[0] or ""))
    if key == "year":
        return [{"year": name, **figures} for name, figures in ordered]
    return [{"name": name or "–", **figures} for name, figures in ordered]


def depot_overview(*, today: date, start: date | None = None, end: date | None = None) -> dict:
    """Return the overview figures for the period ``start``–``end`` (this year so far by
    default), in a fixed number of queries, none of which reads every loan: the books come
    from ``period_loans`` (monthly figures), books found again from an index."""
    start = start or date(today.year, 1, 1)
    end = end or today
    loans = period_loans(start=start, end=end, today=today, detailed=True)
    found: dict = {"branch": {}, "kindergarten": {}, "year": {}}
    for branch, kindergarten, year, count in (
        Loan.objects.filter(found_on__gte=start, found_on__lte=end)
        .annotate(year=ExtractYear("found_on"))
        .values_list(F_BRANCH, F_KINDERGARTEN, "year")
        .annotate(n=Count("pk"))
        .order_by()
    ):  # a few rows: one per kindergarten and year with a book found again
        for part, name in (("branch", branch), ("kindergarten", kindergarten), ("year", year)):
            found[part][name] = found[part].get(name, 0) + count
    totals = {
        "delivered": sum(count for _month, count in loans["per_month"]),
        **{
            name: sum(row[name] for row in loans["by_branch"])
            for name in ("returned", "damaged", "missing")
        },
        "found": sum(found["year"].values()),
    }
    back = totals["returned"] + totals["damaged"] + totals["missing"]
    return {
        "start": start,
        "end": end,
        **period_reach(start=start, end=end),
        "books_out": Loan.objects.open().count(),
        "items_total": Item.objects.count(),
        "per_month": loans["per_month"],
        **totals,
        "damage_rate": (100 * totals["damaged"] / back) if back else 0,
        "loss_rate": (100 * totals["missing"] / back) if back else 0,
        "per_year": _rows("year", {}, loans["per_year"], found["year"]),
        "per_branch": _rows("name", loans["books_by_branch"], loans["by_branch"], found["branch"]),
        "per_kindergarten": _rows(
            "name", loans["books_by_kindergarten"], loans["by_kindergarten"], found["kindergarten"]
        ),
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
