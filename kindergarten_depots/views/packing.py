"""Packing a swap: the swap page, the packing list, the proposal, printouts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindergarten_depots import permissions, services
from kindergarten_depots.forms import BarcodeForm, SwapCancelForm, SwapMoveForm
from kindergarten_depots.models import Loan, LossReport, PackedItem, Swap, Wish
from kindergarten_depots.views.agreements import depots_required
from toolkit.forms import validation_error_message
from toolkit.views import action_run


def _packing_context(swap, barcode_form=None):
    packed = list(
        PackedItem.objects.filter(swap=swap)
        .select_related("item")
        .prefetch_related("item__themes")
        .order_by("item__title", "pk")
    )
    return {
        "swap": swap,
        "agreement": swap.agreement,
        "packed": packed,
        "target": swap.agreement.books_per_delivery,
        "list_is_full": swap.agreement.is_delivery_full(len(packed)),
        "barcode_form": barcode_form or BarcodeForm(),
    }


@depots_required
def swap_detail(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    agreement = swap.agreement
    context = _packing_context(swap)
    context.update(
        {
            "wishes": agreement.wishes.filter(status=Wish.Status.OPEN).select_related("theme"),
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


def _packing_response(request, swap, barcode_form=None, status=200):
    """Answer an htmx request with the packing list fragment, others with a redirect."""
    if request.htmx:
        swap = permissions.swap_for(request.user, swap.pk, Swap.objects.with_people())
        return render(
            request,
            "kindergarten_depots/includes/packing_list.html",
            _packing_context(swap, barcode_form),
            status=status,
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
            return _packing_response(request, swap)
    if not request.htmx:
        messages.error(request, " ".join(form.errors.get("barcode", [])))
    return _packing_response(request, swap, form)


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
    return render(request, "kindergarten_depots/swap_packing_list.html", _packing_context(swap))


@depots_required
def swap_labels(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    return render(request, "kindergarten_depots/swap_labels.html", _packing_context(swap))
