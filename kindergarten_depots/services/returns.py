"""Delivery, check-in of returned books, and loss reports."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import (
    Item,
    Loan,
    LossReport,
    Swap,
)


def swap_deliver(*, swap: Swap, by: User, on: date | None = None) -> Swap:
    """Mark a packed swap delivered: each packed book becomes a loan to the kindergarten.

    The books of the previous delivery are now due back; check them in with
    ``swap_check_in`` on this swap.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.status == Swap.Status.PLANNED:
            raise ValidationError(
                _("A swap cannot be delivered before it is packed."), code="swap_not_packed"
            )
        if not swap.can_be_delivered():
            raise ValidationError(
                _("This swap cannot be delivered (it is %(status)s).")
                % {"status": swap.get_status_display().lower()},
                code="swap_not_deliverable",
            )
        item_ids = list(swap.packed_items.values_list("item_id", flat=True))
        try:
            with transaction.atomic():
                Loan.objects.bulk_create(
                    [
                        Loan(
                            item_id=item_id,
                            agreement_id=swap.agreement_id,
                            delivered_by=swap,
                            delivered_on=on,
                        )
                        for item_id in item_ids
                    ]
                )
        except IntegrityError:
            raise ValidationError(
                _("A book on this packing list is still registered in another depot."),
                code="item_in_other_depot",
            ) from None
        swap.status = Swap.Status.DELIVERED
        swap.delivered_by = by
        swap.delivered_at = timezone.now()
        swap.save(update_fields=["status", "delivered_by", "delivered_at"])
    return swap


def swap_check_in(
    *, swap: Swap, returned: set[str], damaged: set[str] = frozenset(), by: User
) -> dict[str, int]:
    """Check in the books that came back when ``swap`` was delivered.

    ``returned`` holds the barcodes scanned, ``damaged`` those of them that came
    back damaged. Every other book of the earlier deliveries is missing. Missing
    and damaged books are written off and never charged. Earlier swaps whose
    books are all back become completed. Cannot run twice for the same swap.
    Returns counts per return state.
    """
    returned = {barcode.strip() for barcode in returned if barcode.strip()}
    damaged = {barcode.strip() for barcode in damaged if barcode.strip()}
    today = timezone.localdate()
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.checked_in_at is not None:
            raise ValidationError(
                _("The returns of this swap have already been checked in."),
                code="swap_already_checked_in",
            )
        if not swap.can_be_checked_in():
            raise ValidationError(
                _("Returns are checked in when the swap has been delivered."),
                code="swap_not_delivered",
            )
        loans = list(Loan.objects.due_back_with(swap).select_for_update(of=("self",)))
        known = {loan.item.barcode for loan in loans}
        unknown = (returned | damaged) - known
        if unknown:
            raise ValidationError(
                _("These barcodes are not among the books due back: %(barcodes)s.")
                % {"barcodes": ", ".join(sorted(unknown))},
                code="barcodes_not_due",
            )
        counts = dict.fromkeys(Loan.ReturnState.values, 0)
        item_status = {}
        for loan in loans:
            barcode = loan.item.barcode
            if barcode in damaged:
                state, status = Loan.ReturnState.DAMAGED, Item.Status.DAMAGED
            elif barcode in returned:
                state, status = Loan.ReturnState.RETURNED, Item.Status.AVAILABLE
            else:
                state, status = Loan.ReturnState.MISSING, Item.Status.LOST
            loan.return_state = state
            loan.returned_on = today
            loan.returned_by = swap
            loan.written_off = state != Loan.ReturnState.RETURNED
            counts[state] += 1
            item_status.setdefault(status, []).append(loan.item_id)
        Loan.objects.bulk_update(
            loans, ["return_state", "returned_on", "returned_by", "written_off"]
        )
        now = timezone.now()
        for status, item_ids in item_status.items():
            Item.objects.filter(pk__in=item_ids).update(status=status, updated_at=now)
        # Every earlier delivery is now back (or written off): those swaps are done.
        Swap.objects.filter(agreement_id=swap.agreement_id, status=Swap.Status.DELIVERED).exclude(
            pk=swap.pk
        ).update(status=Swap.Status.COMPLETED)
        swap.checked_in_by = by
        swap.checked_in_at = now
        swap.save(update_fields=["checked_in_by", "checked_in_at"])
    return counts


def loss_report_create(*, loan: Loan, kind: str, description: str, by: User) -> LossReport:
    """Record a kindergarten's report of a missing or damaged book (never charged)."""
    if not loan.is_open:
        raise ValidationError(
            _("The book has already come back to the library."), code="loan_returned"
        )
    return LossReport.objects.create(loan=loan, kind=kind, description=description, reported_by=by)


def damaged_barcodes_reported(*, loans: Iterable[Loan]) -> list[str]:
    """Return the barcodes of ``loans`` the kindergarten has reported damaged: the
    check-in form ticks them as damaged to begin with."""
    return [loan.item.barcode for loan in loans if loan.is_reported_damaged]
