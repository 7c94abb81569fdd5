"""Depot agreements and their partnerships."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import DepotAgreement, Theme, Wish
from kindergarten_depots.services.schedule import swap_generate
from partnerships.models import (
    Branch,
    ContactPerson,
    Partner,
    Partnership,
    PartnershipPartner,
)


def agreement_create(
    *,
    kindergarten: Partner,
    type: str,
    branch: Branch,
    start_date: date,
    end_date: date,
    coordinator: User,
    age_groups: list[str],
    themes: Iterable[Theme] = (),
    books_per_delivery: int | None = None,
    swap_interval_weeks: int | None = None,
    status: str = DepotAgreement.Status.ACTIVE,
    contact: ContactPerson | None = None,
    delivery_address: str = "",
    delivery_instructions: str = "",
    repeat_after_months: int | None = None,
    picking: str = DepotAgreement.Picking.BRANCH_FIRST,
    picking_branch: Branch | None = None,
    books_per_box: int = DepotAgreement.BOOKS_PER_BOX,
) -> DepotAgreement:
    """Create a depot agreement together with its partnership (journal, tasks and time come with it)."""
    default_books, default_weeks = DepotAgreement.TYPE_DEFAULTS[DepotAgreement.Type(type)]
    kind = (
        Partnership.Kind.KINDERGARTEN_DEPOT
        if type == DepotAgreement.Type.DEPOT
        else Partnership.Kind.KINDERGARTEN_LIBRARY
    )
    with transaction.atomic():
        partnership = Partnership.objects.create(
            title=f"{DepotAgreement.Type(type).label}: {kindergarten.name}",
            kind=kind,
            status=Partnership.Status.ACTIVE,
            start_date=start_date,
            end_date=end_date,
            coordinator=coordinator,
            created_by=coordinator,
            purpose=_("Books for the children of %(name)s, swapped for fresh ones regularly.")
            % {"name": kindergarten.name},
        )
        PartnershipPartner.objects.create(partnership=partnership, partner=kindergarten)
        agreement = DepotAgreement(
            partnership=partnership,
            kindergarten=kindergarten,
            type=type,
            branch=branch,
            start_date=start_date,
            end_date=end_date,
            age_groups=list(age_groups),
            books_per_delivery=books_per_delivery or default_books,
            swap_interval_weeks=swap_interval_weeks or default_weeks,
            status=status,
            contact=contact,
            delivery_address=delivery_address,
            delivery_instructions=delivery_instructions,
            repeat_after_months=repeat_after_months,
            picking=picking,
            picking_branch=picking_branch,
            books_per_box=books_per_box,
        )
        agreement.full_clean(exclude=["partnership"])
        agreement.save()
        agreement.themes.set(themes)
    return agreement


def agreement_update(*, agreement: DepotAgreement, changed: list[str]) -> int:
    """Keep the partnership in step with a saved agreement; regenerate the schedule if needed.

    Returns the number of swaps created by the regeneration (0 when nothing was regenerated).
    """
    with transaction.atomic():
        Partnership.objects.filter(pk=agreement.partnership_id).update(
            start_date=agreement.start_date,
            end_date=agreement.end_date,
            kind=Partnership.Kind.KINDERGARTEN_DEPOT
            if agreement.type == DepotAgreement.Type.DEPOT
            else Partnership.Kind.KINDERGARTEN_LIBRARY,
        )
        if {"start_date", "end_date", "swap_interval_weeks"} & set(changed) and (
            agreement.swaps.exists()
        ):
            return swap_generate(agreement=agreement)["created"]
    return 0


def wish_create(
    *,
    agreement: DepotAgreement,
    theme: Theme | None = None,
    age_group: str = "",
    text: str = "",
    by: User,
) -> Wish:
    """Record what a kindergarten wishes for its next swap (shown on the packing screen)."""
    if not (theme or age_group or text.strip()):
        raise ValidationError(
            _("Write a wish, or choose a theme or an age group."), code="wish_empty"
        )
    return Wish.objects.create(
        agreement=agreement, theme=theme, age_group=age_group, text=text.strip(), created_by=by
    )


def themes_get_or_create(*, names: list[str]) -> list[Theme]:
    """Return the themes with these names (case-insensitive), creating missing ones."""
    wanted = {Theme.key(name): name.strip() for name in names if name.strip()}
    existing = {Theme.key(theme.name): theme for theme in Theme.objects.all()}
    result = []
    for key, name in wanted.items():
        theme = existing.get(key) or Theme.objects.create(name=name)
        result.append(theme)
    return result
