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
