"""Delivery, check-in of returned books, and loss reports."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import (
    Box,
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
        now = timezone.now()
        swap.status = Swap.Status.DELIVERED
        swap.delivered_by = by
        swap.delivered_at = now
        swap.save(update_fields=["status", "delivered_by", "delivered_at"])
        # Boxes the driver did not scan left with the delivery all the same.
        Box.objects.filter(swap=swap, out_at=None).update(out_at=now, out_by=by)
    return swap


def check_in_summary(*, loans: list[Loan], returned: set[str], damaged: set[str]) -> dict:
    """Return what a check-in of ``loans`` would record: the loans per return state."""
    summary = {state: [] for state in Loan.ReturnState.values}
    for loan in loans:
        barcode = loan.item.barcode
        if barcode in damaged:
            summary[Loan.ReturnState.DAMAGED].append(loan)
        elif barcode in returned:
            summary[Loan.ReturnState.RETURNED].append(loan)
        else:
            summary[Loan.ReturnState.MISSING].append(loan)
    return summary


def swap_check_in(
    *,
    swap: Swap,
    returned: set[str],
    damaged: set[str] = frozenset(),
    by: User,
    on: date | None = None,
) -> dict[str, int]:
    """Check in the books that came back when ``swap`` was delivered.

    ``returned`` holds the barcodes scanned, ``damaged`` those of them that came
    back damaged. Every other book of the earlier deliveries is missing. Missing
    and damaged books are written off and never charged. Earlier swaps whose
    books are all back become completed. Cannot run twice for the same swap.
    ``on`` is the day the books came back (today if not given; never in the
    future). Returns counts per return state.
    """
    returned = {barcode.strip() for barcode in returned if barcode.strip()}
    damaged = {barcode.strip() for barcode in damaged if barcode.strip()}
    today = on or timezone.localdate()
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.checked_in_at is not None:
            raise ValidationError(
                _("The returns of this swap have already been checked in."),
                code="swap_already_checked_in",
            )
        if not swap.can_be_checked_in():
            raise ValidationError(
                _(
                    "Returns are checked in when the swap has been delivered (or at a final collection)."
                ),
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
        fields = ["checked_in_by", "checked_in_at"]
        if swap.is_final_collection:
            # The last batch is home: the collection, and with it the agreement, is complete.
            swap.status = Swap.Status.COMPLETED
            fields.append("status")
        swap.save(update_fields=fields)
    return counts


def swap_check_in_undo(*, swap: Swap, by: User) -> int:
    """Undo the check-in of ``swap`` on the day it was made; return how many books reopened.

    The books go back to being in the kindergarten's depot, and the earlier swaps the
    check-in completed are delivered again. Refused once a returned book has been
    packed for somebody else, or on a later day.
    """
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if not swap.can_undo_check_in(timezone.localdate()):
            raise ValidationError(
                _("A check-in can only be undone on the day it was made."),
                code="check_in_undo_too_late",
            )
        loans = list(
            Loan.objects.filter(returned_by=swap)
            .select_related("item")
            .select_for_update(of=("self",))
        )
        item_ids = [loan.item_id for loan in loans]
        # After the check-in every one of these books was on a shelf or written off;
        # one in a depot again has been packed for somebody since.
        busy = (
            Item.objects.filter(pk__in=item_ids, status=Item.Status.IN_DEPOT)
            .values_list("title", flat=True)
            .first()
        )
        if busy is not None:
            raise ValidationError(
                _("The check-in cannot be undone: “%(title)s” has been packed again.")
                % {"title": busy},
                code="check_in_undo_item_packed",
            )
        earlier_swaps = {loan.delivered_by_id for loan in loans}
        for loan in loans:
            loan.return_state = ""
            loan.returned_on = None
            loan.returned_by = None
            loan.written_off = False
            loan.found_on = None
            loan.found_by = None
        Loan.objects.bulk_update(
            loans,
            ["return_state", "returned_on", "returned_by", "written_off", "found_on", "found_by"],
        )
        Item.objects.filter(pk__in=item_ids).update(
            status=Item.Status.IN_DEPOT, updated_at=timezone.now()
        )
        Swap.objects.filter(pk__in=earlier_swaps, status=Swap.Status.COMPLETED).update(
            status=Swap.Status.DELIVERED
        )
        swap.checked_in_by = None
        swap.checked_in_at = None
        fields = ["checked_in_by", "checked_in_at"]
        if swap.is_final_collection:
            swap.status = Swap.Status.PLANNED
            fields.append("status")
        swap.save(update_fields=fields)
    return len(loans)


def loan_found(*, loan: Loan, by: User, on: date | None = None) -> Loan:
    """Bring a book written off as missing back: it counts as returned late and goes
    back on the shelf."""
    on = on or timezone.localdate()
    with transaction.atomic():
        loan = Loan.objects.select_for_update().select_related("item").get(pk=loan.pk)
        if loan.return_state != Loan.ReturnState.MISSING or loan.found_on is not None:
            raise ValidationError(
                _("Only a book written off as missing can be found again."),
                code="loan_not_missing",
            )
        loan.found_on = on
        loan.found_by = by
        loan.written_off = False
        loan.save(update_fields=["found_on", "found_by", "written_off"])
        Item.objects.filter(pk=loan.item_id, status=Item.Status.LOST).update(
            status=Item.Status.AVAILABLE, updated_at=timezone.now()
        )
    return loan


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
