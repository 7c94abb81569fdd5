"""The depot part of the 360° partner page: agreements and swaps (see partnerships.partner_page)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kindergarten_depots.models import DepotAgreement, Swap
from partnerships.partner_page import TIMELINE_LENGTH, TimelineEvent


def _agreements(*, partner, user):
    return DepotAgreement.objects.visible_to(user).filter(kindergarten=partner)


def sections(*, partner, user) -> list[dict]:
    agreements = list(
        _agreements(partner=partner, user=user)
        .select_related("branch")
        .annotate(
            books_out=Count("loans", filter=Q(loans__returned_on__isnull=True), distinct=True),
            books_delivered=Count("loans", distinct=True),
        )
        .order_by("-start_date", "pk")
    )
    if not agreements:
        return []
    return [
        {
            "template": "kindergarten_depots/includes/partner_agreements.html",
            "agreements": agreements,
        }
    ]


def timeline(*, partner, user) -> list[TimelineEvent]:
    swaps = (
        Swap.objects.filter(agreement__in=_agreements(partner=partner, user=user).values("pk"))
        .exclude(status=Swap.Status.PLANNED)
        .select_related("agreement")
        .order_by("-planned_date", "-pk")[:TIMELINE_LENGTH]
    )
    return [
        TimelineEvent(
            day=swap.planned_date,
            kind=_("Swap"),
            title=str(swap.agreement.get_type_display()),
            text=_("Swap %(number)s: %(status)s.")
            % {"number": swap.sequence, "status": swap.get_status_display()},
            url=swap.get_absolute_url(),
        )
        for swap in swaps
    ]
