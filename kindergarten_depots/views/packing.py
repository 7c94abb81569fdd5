"""Packing a swap: the swap page, the packing list, the proposal, printouts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindergarten_depots import permissions, services
from kindergarten_depots.barcodes import code128_svg
from kindergarten_depots.forms import BarcodeForm, SwapCancelForm, SwapMoveForm
from kindergarten_depots.models import Loan, LossReport, PackedItem, Swap
from kindergarten_depots.views.agreements import depots_required
from toolkit.forms import validation_error_message
from toolkit.views import action_run


def _packing_context(swap, scan_error=None, scanned=None):
    """Return the packing list's context; ``scan_error`` or ``scanned`` (the book just
    added) give the cue of the last scan. The scan field always comes back empty."""
    agreement = swap.agreement
    packed = list(
        PackedItem.objects.filter(swap=swap)
        .select_related("item__home_branch")
        .prefetch_related("item__themes")
        .order_by("item__title", "pk")
    )
    for row in packed:
        row.outside_ages = bool(row.item.age_group) and row.item.age_group not in (
            agreement.age_groups
        )
    target = agreement.books_per_delivery
    return {
        "swap": swap,
        "agreement": agreement,
        "packed": packed,
        "target": target,
        "list_is_full": agreement.is_delivery_full(len(packed)),
        "over_target": len(packed) - target if len(packed) > target else 0,
        "outside_ages": sum(row.outside_ages for row in packed),
        "barcode_form": BarcodeForm(),
        "scan_error": scan_error,
        "scanned": scanned,
    }


@depots_required
def swap_detail(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    agreement = swap.agreement
    context = _packing_context(swap)
    context.update(
        {
            # The wishes this swap answers: those it was packed with, or (while it
            # is being packed) the open ones.
            "wishes": (
                swap.fulfilled_wishes.all() if swap.packed_at else services.wishes_for_swap(swap)
            ).select_related("theme"),
            "proposal": services.swap_propose(swap=swap) if swap.can_be_changed() else [],
            "due_back_count": Loan.objects.due_back_with(swap).count(),
            "loss_reports": LossReport.objects.filter(
                loan__agreement=agreement, loan__returned_on__isnull=True
            ).select_related("loan__item"),
            "move_form": SwapMoveForm(initial={"new_date": swap.planned_date}),
            "cancel_form": SwapCancelForm(),
        }
    )
    return render(request, "kindergarten_depots/swap_detail.html", context)


def _packing_response(request, swap, scan_error=None, scanned=None):
    """Answer an htmx request with the packing list fragment, others with a redirect."""
    if request.htmx:
        swap = permissions.swap_for(request.user, swap.pk, Swap.objects.with_people())
        return render(
            request,
            "kindergarten_depots/includes/packing_list.html",
            _packing_context(swap, scan_error=scan_error, scanned=scanned),
        )
    return redirect(swap)


@require_POST
@depots_required
def swap_item_add(request, pk):
    swap = permissions.swap_for(request.user, pk)
    form = BarcodeForm(request.POST)
    if form.is_valid():
        try:
            item = services.swap_item_add(
                swap=swap, barcode=form.cleaned_data["barcode"], by=request.user
            )
        except ValidationError as error:
            form.add_error("barcode", error)
        else:
            if not request.htmx:  # htmx shows the list itself; a message would linger
                messages.success(
                    request,
                    _("“%(title)s” was added to the packing list.") % {"title": item.title},
                )
            return _packing_response(request, swap, scanned=item)
    scan_error = " ".join(form.errors.get("barcode", []))
    if not request.htmx:
        messages.error(request, scan_error)
    return _packing_response(request, swap, scan_error=scan_error)


@require_POST
@depots_required
def swap_item_remove(request, pk, item_pk):
    swap = permissions.swap_for(request.user, pk)
    packed = permissions.packed_item_for(request.user, swap, item_pk)
    try:
        services.swap_item_remove(swap=swap, item=packed.item)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        if not request.htmx:
            messages.success(
                request,
                _("“%(title)s” was removed from the packing list.") % {"title": packed.item.title},
            )
    return _packing_response(request, swap)


@require_POST
@depots_required
def swap_proposal_add(request, pk):
    swap = permissions.swap_for(request.user, pk)
    action_run(
        request,
        lambda: services.swap_proposal_add(swap=swap, by=request.user),
        success=lambda added: (
            _("%(count)s proposed books were added to the packing list.") % {"count": added}
        ),
    )
    return redirect(swap)


def _swap_action(request, pk, action, success):
    swap = permissions.swap_for(request.user, pk)
    action_run(request, lambda: action(swap=swap, by=request.user), success=success)
    return redirect(swap)


@require_POST
@depots_required
def swap_pack(request, pk):
    """Mark packed; below the agreed number of books, ask first."""
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    books = swap.packed_items.count()
    if (
        swap.can_be_packed()
        and 0 < books < swap.agreement.books_per_delivery
        and request.POST.get("confirm") != "yes"
    ):
        return render(
            request,
            "kindergarten_depots/swap_pack_confirm.html",
            {"swap": swap, "agreement": swap.agreement, "books": books},
        )
    return _swap_action(request, pk, services.swap_pack, _("The swap is packed."))


@require_POST
@depots_required
def swap_unpack(request, pk):
    return _swap_action(
        request, pk, services.swap_unpack, _("The packing list is open for changes again.")
    )


@depots_required
def swap_packing_list(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    # Picking order: branch by branch, shelf by shelf.
    packed = list(
        PackedItem.objects.filter(swap=swap)
        .select_related("item__home_branch")
        .order_by("item__home_branch__name", "item__shelf", "item__title", "pk")
    )
    return render(
        request,
        "kindergarten_depots/swap_packing_list.html",
        {"swap": swap, "agreement": swap.agreement, "packed": packed},
    )


# The label sheet: A4 with 3 columns x 8 rows of 70 x 37 mm labels.
LABELS_PER_SHEET = 24


@depots_required
def swap_labels(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    boxes = list(swap.boxes.order_by("number"))
    packed = list(
        PackedItem.objects.filter(swap=swap).select_related("item").order_by("item__title", "pk")
    )
    labels = [("box", box, code128_svg(box.barcode)) for box in boxes] + [
        ("book", row.item, code128_svg(row.item.barcode)) for row in packed
    ]
    sheets = [
        labels[start : start + LABELS_PER_SHEET]
        for start in range(0, len(labels), LABELS_PER_SHEET)
    ]
    return render(
        request,
        "kindergarten_depots/swap_labels.html",
        {
            "swap": swap,
            "agreement": swap.agreement,
            "sheets": sheets,
            "box_total": len(boxes),
        },
    )
