"""Figures for the depot overview: what the depots reach and what they cost in books."""

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from kindergarten_depots.models import DepotAgreement, Item, Loan
from partnerships.models import Partner


def depot_overview(*, today: date) -> dict:
    """Return the overview figures (a fixed number of queries)."""
    active = DepotAgreement.objects.active().filter(start_date__lte=today, end_date__gte=today)
    by_type = dict(active.values_list("type").annotate(n=Count("pk")).order_by())
    kindergartens = Partner.objects.filter(pk__in=active.values("kindergarten_id"))
    reach = kindergartens.aggregate(count=Count("pk"), children=Sum("number_of_children"))
    year_ago = date(today.year - 1, today.month, 1)
    per_month = list(
        Loan.objects.filter(delivered_on__gte=year_ago)
        .annotate(month=TruncMonth("delivered_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    returns = Loan.objects.filter(returned_on__isnull=False).aggregate(
        total=Count("pk"),
        damaged=Count("pk", filter=Q(return_state=Loan.ReturnState.DAMAGED)),
        missing=Count("pk", filter=Q(return_state=Loan.ReturnState.MISSING)),
    )
    total = returns["total"] or 0
    return {
        "types": [(label, by_type.get(value, 0)) for value, label in DepotAgreement.Type.choices],
        "kindergartens": reach["count"] or 0,
        "children": reach["children"] or 0,
        "books_out": Loan.objects.open().count(),
        "items_total": Item.objects.count(),
        "per_month": per_month,
        "returned_total": total,
        "damaged": returns["damaged"],
        "missing": returns["missing"],
        "damage_rate": (100 * returns["damaged"] / total) if total else 0,
        "loss_rate": (100 * returns["missing"] / total) if total else 0,
    }


def overview_rows(stats: dict) -> list[list]:
    """Return the overview as rows for a CSV file."""
    rows = [[_("Figure"), _("Value")]]
    for label, count in stats["types"]:
        rows.append([_("Active agreements: %(type)s") % {"type": label}, count])
    rows += [
        [_("Kindergartens reached"), stats["kindergartens"]],
        [_("Children reached"), stats["children"]],
        [_("Books out now"), stats["books_out"]],
        [_("Books returned in all"), stats["returned_total"]],
        [_("Damaged (written off, not charged)"), stats["damaged"]],
        [_("Missing (written off, not charged)"), stats["missing"]],
        [_("Damage rate (%)"), f"{stats['damage_rate']:.1f}".replace(".", ",")],
        [_("Loss rate (%)"), f"{stats['loss_rate']:.1f}".replace(".", ",")],
        [],
        [_("Month"), _("Books delivered")],
    ]
    for month, count in stats["per_month"]:
        rows.append([month.strftime("%Y-%m"), count])
    return rows


# --- Figures for a period (the statistics area and the annual report) ------------------


def _return_rates(loans, group_by: str) -> list[dict]:
    rows = (
        loans.order_by()
        .values(group_by)
        .annotate(
            total=Count("pk"),
            damaged=Count("pk", filter=Q(return_state=Loan.ReturnState.DAMAGED)),
            missing=Count("pk", filter=Q(return_state=Loan.ReturnState.MISSING)),
        )
        .order_by(group_by)
    )
    return [
        {
            "name": row[group_by],
            "total": row["total"],
            "returned": row["total"] - row["damaged"] - row["missing"],
            "damaged": row["damaged"],
            "missing": row["missing"],
        }
        for row in rows
    ]


def period_figures(*, start: date, end: date) -> dict:
    """Return the depots' reach and book figures for the period (a fixed number of queries).

    An agreement counts when it ran at some time in the period (drafts never do); books
    count in the month they were delivered; returns count on the day they came back.
    """
    agreements = DepotAgreement.objects.exclude(status=DepotAgreement.Status.DRAFT).filter(
        start_date__lte=end, end_date__gte=start
    )
    by_type = dict(agreements.order_by().values_list("type").annotate(n=Count("pk")))
    reach = Partner.objects.filter(pk__in=agreements.values("kindergarten_id")).aggregate(
        count=Count("pk"), children=Sum("number_of_children")
    )
    per_month = list(
        Loan.objects.filter(delivered_on__gte=start, delivered_on__lte=end)
        .annotate(month=TruncMonth("delivered_on"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    returned = Loan.objects.filter(returned_on__gte=start, returned_on__lte=end)
    return {
        "types": [(label, by_type.get(value, 0)) for value, label in DepotAgreement.Type.choices],
        "kindergartens": reach["count"] or 0,
        "children": reach["children"] or 0,
        "per_month": [(_as_date(month), count) for month, count in per_month],
        "by_branch": _return_rates(returned, "agreement__branch__name"),
        "by_kindergarten": _return_rates(returned, "agreement__kindergarten__name"),
    }


def _as_date(value) -> date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def by_branch(*, start: date, end: date) -> list[dict]:
    """Return, per serving branch, the agreements and kindergartens of the period and the
    books delivered in it."""
    agreements = DepotAgreement.objects.exclude(status=DepotAgreement.Status.DRAFT).filter(
        start_date__lte=end, end_date__gte=start
    )
    books = dict(
        Loan.objects.filter(delivered_on__gte=start, delivered_on__lte=end)
        .order_by()
        .values_list("agreement__branch__name")
        .annotate(n=Count("pk"))
    )
    rows = (
        agreements.order_by()
        .values("branch__name")
        .annotate(agreements=Count("pk"), kindergartens=Count("kindergarten", distinct=True))
        .order_by("branch__name")
    )
    return [
        {
            "name": row["branch__name"],
            "agreements": row["agreements"],
            "kindergartens": row["kindergartens"],
            "books": books.get(row["branch__name"], 0),
        }
        for row in rows
    ]
