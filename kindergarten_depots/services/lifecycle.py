"""An agreement's lifecycle follows its partnership's: activating, pausing, resuming, ending.

The partnership is the one source of truth. Every status change goes through
``partnerships.services.partnership_change_status`` (which enforces the win-win gate
and records who, when and why); it sends ``partnerships.signals.status_changed``,
and ``partnership_status_changed`` below makes the agreement follow inside the same
transaction:

- active: the agreement is active (from a pause: the schedule is planned anew from today);
- paused: the future planned swaps are held (cancelled, marked as held);
- ended: every swap not yet delivered is cancelled with the reason, and a final
  collection brings the last batch home on the end day; once it is checked in the
  agreement is complete.
"""

from datetime import date

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import DepotAgreement, Loan, Swap
from kindergarten_depots.services.schedule import (
    closures_for,
    release_packed_items,
    swap_generate,
    working_day_on_or_after,
)
from partnerships.models import Partnership
from partnerships.services import partnership_change_status


def agreement_activate(*, agreement: DepotAgreement, by: User, note: str = "") -> DepotAgreement:
    """Activate the agreement through its partnership's win-win gate.

    Raises ValidationError (``activation_blocked``, ``transition_not_allowed``) when
    the partnership may not become active yet.
    """
    partnership_change_status(
        partnership=agreement.partnership, to_status=Partnership.Status.ACTIVE, by=by, note=note
    )
    agreement.refresh_from_db()
    return agreement


def agreement_pause(*, agreement: DepotAgreement, by: User, note: str = "") -> DepotAgreement:
    """Pause the agreement (and its partnership): its future planned swaps are held."""
    partnership_change_status(
        partnership=agreement.partnership, to_status=Partnership.Status.PAUSED, by=by, note=note
    )
    agreement.refresh_from_db()
    return agreement


def agreement_resume(*, agreement: DepotAgreement, by: User, note: str = "") -> DepotAgreement:
    """Resume a paused agreement: the schedule is planned anew from today."""
    if agreement.status != DepotAgreement.Status.PAUSED:
        raise ValidationError(_("Only a paused agreement can be resumed."), code="not_paused")
    return agreement_activate(agreement=agreement, by=by, note=note)


def agreement_end(*, agreement: DepotAgreement, on: date, reason: str, by: User) -> DepotAgreement:
    """End the agreement and its partnership on ``on`` (the day of the final collection).

    Raises ValidationError with code ``reason_missing`` without a reason,
    ``end_before_start`` for a day before the agreement started, and the status
    service's codes when the partnership cannot end.
    """
    if not reason.strip():
        raise ValidationError(_("Write why the agreement ends."), code="reason_missing")
    if on < agreement.start_date:
        raise ValidationError(
            _("The agreement cannot end before it started (%(date)s).")
            % {"date": date_format(agreement.start_date, "SHORT_DATE_FORMAT")},
            code="end_before_start",
        )
    partnership_change_status(
        partnership=agreement.partnership,
        to_status=Partnership.Status.ENDED,
        by=by,
        note=reason.strip(),
        on=on,
    )
    agreement.refresh_from_db()
    return agreement


def ending_consequences(*, agreement: DepotAgreement, on: date) -> dict:
    """Return what ending the agreement on ``on`` would do: the swaps it cancels and
    the books the final collection brings home (shown before the librarian confirms)."""
    return {
        "cancelled": list(_undelivered(agreement).order_by("planned_date", "pk")),
        "books_out": Loan.objects.filter(agreement=agreement).open().count(),
        "collection_day": working_day_on_or_after(on, closures_for(agreement.kindergarten_id))[0],
    }


def _undelivered(agreement):
    return agreement.swaps.filter(
        kind=Swap.Kind.SWAP, status__in=[Swap.Status.PLANNED, Swap.Status.PACKED]
    )


def partnership_status_changed(
    sender, *, partnership, from_status, to_status, by, note="", on=None, **kwargs
):
    """Make a depot agreement follow its partnership's new status (a signal receiver)."""
    agreement = (
        DepotAgreement.objects.select_for_update().filter(partnership_id=partnership.pk).first()
    )
    if agreement is None:
        return
    on = on or timezone.localdate()
    agreement.status = DepotAgreement.STATUS_OF_PARTNERSHIP[to_status]
    agreement.save(update_fields=["status", "updated_at"])
    if to_status == Partnership.Status.ENDED:
        _end(agreement, on=on, by=by, reason=note)
    elif to_status == Partnership.Status.PAUSED:
        _hold(agreement, by=by, note=note)
    elif to_status == Partnership.Status.ACTIVE and from_status == Partnership.Status.PAUSED:
        _resume(agreement)


def _cancel(swaps, *, reason: str, by: User, held: bool = False) -> int:
    now = timezone.now()
    count = 0
    for swap in swaps.select_for_update():
        release_packed_items(swap)
        swap.status = Swap.Status.CANCELLED
        swap.cancel_reason = reason[: Swap._meta.get_field("cancel_reason").max_length]
        swap.cancelled_by, swap.cancelled_at, swap.held = by, now, held
        swap.save(update_fields=["status", "cancel_reason", "cancelled_by", "cancelled_at", "held"])
        count += 1
    return count


def _end(agreement: DepotAgreement, *, on: date, by: User, reason: str) -> None:
    end_day = max(on, agreement.start_date)
    why = _("The agreement ended on %(date)s") % {"date": date_format(end_day, "SHORT_DATE_FORMAT")}
    _cancel(_undelivered(agreement), reason=f"{why}: {reason}" if reason else f"{why}.", by=by)
    agreement.end_date = end_day
    agreement.save(update_fields=["end_date", "updated_at"])
    Partnership.objects.filter(pk=agreement.partnership_id).update(end_date=end_day)
    if not Loan.objects.filter(agreement=agreement).open().exists():
        return  # Nothing is out: the agreement is complete at once.
    day, moved_reason = working_day_on_or_after(end_day, closures_for(agreement.kindergarten_id))
    sequence = max(agreement.swaps.values_list("sequence", flat=True), default=0) + 1
    Swap.objects.create(
        agreement=agreement,
        kind=Swap.Kind.FINAL_COLLECTION,
        sequence=sequence,
        original_date=end_day,
        planned_date=day,
        moved_reason=moved_reason,
    )


def _hold(agreement: DepotAgreement, *, by: User, note: str) -> None:
    reason = _("Held while the agreement is paused.")
    if note:
        reason = f"{reason} {note}"
    swaps = agreement.swaps.filter(
        kind=Swap.Kind.SWAP, status=Swap.Status.PLANNED, planned_date__gte=timezone.localdate()
    )
    _cancel(swaps, reason=reason, by=by, held=True)


def _resume(agreement: DepotAgreement) -> None:
    # Held swaps were the generated plan, not anyone's decision: the new plan replaces them.
    with disable_auditlog():
        agreement.swaps.filter(held=True, status=Swap.Status.CANCELLED, boxes__isnull=True).delete()
    swap_generate(agreement=agreement)
