"""Depot agreements and their partnerships."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import DepotAgreement, Theme, Wish, default_gains
from kindergarten_depots.services.schedule import swap_generate
from partnerships.models import Branch, ContactPerson, Partner, Partnership
from partnerships.services import partnership_create


def agreement_period_check(
    *, kindergarten_id, start_date: date, end_date: date, exclude_pk=None
) -> None:
    """Refuse a period that ends before it starts, runs for more than ten years, or
    overlaps another agreement of the same kindergarten."""
    if end_date < start_date:
        raise ValidationError(
            {
                "end_date": ValidationError(
                    _("The end date cannot be before the start date."), code="end_before_start"
                )
            }
        )
    if end_date > _years_after(start_date, DepotAgreement.MAX_YEARS):
        raise ValidationError(
            {
                "end_date": ValidationError(
                    _("An agreement runs for at most %(years)s years.")
                    % {"years": DepotAgreement.MAX_YEARS},
                    code="period_too_long",
                )
            }
        )
    other = (
        DepotAgreement.objects.overlapping(
            kindergarten_id=kindergarten_id,
            start_date=start_date,
            end_date=end_date,
            exclude_pk=exclude_pk,
        )
        .order_by("start_date")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "start_date": ValidationError(
                    _(
                        "The kindergarten already has an agreement for %(start)s–%(end)s. "
                        "One kindergarten has one agreement at a time."
                    )
                    % {
                        "start": date_format(other.start_date, "SHORT_DATE_FORMAT"),
                        "end": date_format(other.end_date, "SHORT_DATE_FORMAT"),
                    },
                    code="agreement_overlaps",
                )
            }
        )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


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
    library_gains: str | None = None,
    partner_gains: str | None = None,
    contact: ContactPerson | None = None,
    delivery_address: str = "",
    delivery_instructions: str = "",
    repeat_after_months: int | None = None,
    picking: str = DepotAgreement.Picking.BRANCH_FIRST,
    picking_branch: Branch | None = None,
    books_per_box: int = DepotAgreement.BOOKS_PER_BOX,
) -> DepotAgreement:
    """Create a draft depot agreement together with its partnership (journal, tasks and
    time come with it).

    The partnership starts as an idea, recorded as a status change; it becomes active
    only through the win-win gate (``agreement_activate``). The gains default to what
    each side gains from this type of agreement. Raises ValidationError with the codes
    ``end_before_start``, ``period_too_long`` and ``agreement_overlaps``.
    """
    default_books, default_weeks = DepotAgreement.TYPE_DEFAULTS[DepotAgreement.Type(type)]
    default_library_gains, default_partner_gains = default_gains(type)
    with transaction.atomic():
        # Two librarians saving agreements for one kindergarten at once: one waits.
        Partner.objects.select_for_update().filter(pk=kindergarten.pk).first()
        agreement_period_check(
            kindergarten_id=kindergarten.pk, start_date=start_date, end_date=end_date
        )
        partnership = partnership_create(
            partnership=Partnership(
                title=f"{DepotAgreement.Type(type).label}: {kindergarten.name}",
                kind=_partnership_kind(type),
                start_date=start_date,
                end_date=end_date,
                coordinator=coordinator,
                purpose=_("Books for the children of %(name)s, swapped for fresh ones regularly.")
                % {"name": kindergarten.name},
                library_gains=default_library_gains if library_gains is None else library_gains,
                partner_gains=default_partner_gains if partner_gains is None else partner_gains,
            ),
            partners=[kindergarten],
            by=coordinator,
        )
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
            status=DepotAgreement.STATUS_OF_PARTNERSHIP[partnership.status],
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


def _partnership_kind(agreement_type: str) -> str:
    if agreement_type == DepotAgreement.Type.DEPOT:
        return Partnership.Kind.KINDERGARTEN_DEPOT
    return Partnership.Kind.KINDERGARTEN_LIBRARY


def agreement_update(
    *,
    agreement: DepotAgreement,
    changed: list[str],
    library_gains: str | None = None,
    partner_gains: str | None = None,
) -> dict | None:
    """Keep the partnership in step with a saved agreement; regenerate the schedule if needed.

    Call it inside the transaction that saves the agreement. The period is checked
    like ``agreement_create``'s. Returns the regeneration's counts (see
    ``swap_generate``), or None when nothing was regenerated.
    """
    with transaction.atomic():
        agreement_period_check(
            kindergarten_id=agreement.kindergarten_id,
            start_date=agreement.start_date,
            end_date=agreement.end_date,
            exclude_pk=agreement.pk,
        )
        values = {
            "start_date": agreement.start_date,
            "end_date": agreement.end_date,
            "kind": _partnership_kind(agreement.type),
        }
        if library_gains is not None:
            values["library_gains"] = library_gains
        if partner_gains is not None:
            values["partner_gains"] = partner_gains
        Partnership.objects.filter(pk=agreement.partnership_id).update(**values)
        if {"start_date", "end_date", "swap_interval_weeks"} & set(changed) and (
            agreement.swaps.exists()
        ):
            return swap_generate(agreement=agreement)
    return None


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
