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


def _counts(start: date, end: date) -> dict:
    """Return the conditional counts of loans: delivered in the period, and returned,
    damaged, missing and found again (returned late) by the day they came back."""
    came_back = Q(returned_on__gte=start, returned_on__lte=end)
    return {
        "delivered": Count("pk", filter=Q(delivered_on__gte=start, delivered_on__lte=end)),
        "returned": Count("pk", filter=came_back & Q(return_state=RETURNED)),
        "damaged": Count("pk", filter=came_back & Q(return_state=DAMAGED)),
        "missing": Count("pk", filter=came_back & Q(return_state=MISSING)),
        "found": Count("pk", filter=Q(found_on__gte=start, found_on__lte=end)),
    }


def _breakdown(field: str, start: date, end: date) -> list[dict]:
    rows = (
        Loan.objects.filter(
            Q(delivered_on__gte=start, delivered_on__lte=end)
            | Q(returned_on__gte=start, returned_on__lte=end)
            | Q(found_on__gte=start, found_on__lte=end)
        )
        .values(field)
        .annotate(**_counts(start, end))
        .order_by(field)
    )
    return [{"name": row.pop(field) or "–", **row} for row in rows]


def depot_overview(*, today: date, start: date | None = None, end: date | None = None) -> dict:
    """Return the overview figures for the period ``start``–``end`` (this year so far by
    default), in a fixed number of queries."""
    start = start or date(today.year, 1, 1)
    end = end or today
    running = DepotAgreement.objects.exclude(status=DepotAgreement.Status.DRAFT).filter(
        start_date__lte=end, end_date__gte=start
    )
    by_type = dict(running.values_list("type").annotate(n=Count("pk")).order_by())
    kindergartens = Partner.objects.filter(pk__in=running.values("kindergarten_id"))
    reach = kindergartens.aggregate(count=Count("pk"), children=Sum("number_of_children"))
    year_ago = date(today.year - 1, today.month, 1)
    per_month = list(
        Loan.objects.filter(delivered_on__gte=year_ago)
        .annotate(month=TruncMonth("delivered_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    totals = Loan.objects.aggregate(**_counts(start, end))
    back = totals["returned"] + totals["damaged"] + totals["missing"]
    per_year = list(
        Loan.objects.annotate(year=ExtractYear("delivered_on"))
        .values("year")
        .annotate(
            delivered=Count("pk"),
            returned=Count("pk", filter=Q(return_state=RETURNED)),
            damaged=Count("pk", filter=Q(return_state=DAMAGED)),
            missing=Count("pk", filter=Q(return_state=MISSING)),
            found=Count("pk", filter=Q(found_on__isnull=False)),
        )
        .order_by("year")
    )
    return {
        "start": start,
        "end": end,
        "types": [(label, by_type.get(value, 0)) for value, label in DepotAgreement.Type.choices],
        "kindergartens": reach["count"] or 0,
        "children": reach["children"] or 0,
        "books_out": Loan.objects.open().count(),
        "items_total": Item.objects.count(),
        "per_month": per_month,
        **totals,
        "damage_rate": (100 * totals["damaged"] / back) if back else 0,
        "loss_rate": (100 * totals["missing"] / back) if back else 0,
        "per_year": per_year,
        "per_branch": _breakdown("agreement__branch__name", start, end),
        "per_kindergarten": _breakdown("agreement__kindergarten__name", start, end),
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
        (_("Year (delivered)"), "per_year", "year"),
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
