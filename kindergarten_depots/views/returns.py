"""Delivering a packed swap and checking in the books that came back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kindergarten_depots import permissions, services
from kindergarten_depots.forms import CheckInForm, DeliverForm
from kindergarten_depots.models import Loan, LossReport, Swap
from kindergarten_depots.views.agreements import depots_required
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.forms import form_errors_message
from toolkit.views import action_run


@require_http_methods(["GET", "POST"])
@depots_required
def swap_deliver(request, pk):
    swap = permissions.swap_for(request.user, pk)
    form = DeliverForm(request.POST if request.method == "POST" else {})
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("delivered_on", [])))
        return redirect(swap)
    # A swap that cannot be delivered goes straight to the service, which says why.
    if not is_confirmed(request) and (request.method == "GET" or swap.can_be_delivered()):
        return _deliver_confirm_page(request, swap, form.cleaned_data["delivered_on"])
    if action_run(
        request,
        lambda: services.swap_deliver(
            swap=swap, by=request.user, on=form.cleaned_data["delivered_on"]
        ),
        success=_("The swap is delivered. Now check in the books that came back."),
    ):
        return redirect("kindergarten_depots:swap_check_in", pk=swap.pk)
    return redirect(swap)


def _deliver_confirm_page(request, swap, delivered_on):
    kindergarten = swap.agreement.kindergarten.name
    books = swap.packed_items.count()
    due_back = Loan.objects.due_back_with(swap).count()
    consequences = [
        ngettext(
            "The %(count)s packed book is lent to %(kindergarten)s from %(date)s.",
            "The %(count)s packed books are lent to %(kindergarten)s from %(date)s.",
            books,
        )
        % {
            "count": books,
            "kindergarten": kindergarten,
            "date": date_format(delivered_on, "SHORT_DATE_FORMAT"),
        },
        _("The swap can no longer be unpacked, moved or cancelled."),
    ]
    if due_back:
        consequences.append(
            ngettext(
                "%(count)s book from the previous delivery is then due back: you check it in next.",
                "%(count)s books from the previous delivery are then due back: you check them in next.",
                due_back,
            )
            % {"count": due_back}
        )
    return confirm_page(
        request,
        title=_("Mark the swap at %(kindergarten)s on %(date)s as delivered")
        % {
            "kindergarten": kindergarten,
            "date": date_format(swap.planned_date, "SHORT_DATE_FORMAT"),
        },
        consequences=consequences,
        button=_("Mark as delivered"),
        cancel_url=swap.get_absolute_url(),
        back_label=str(swap),
        breadcrumbs=[(reverse("kindergarten_depots:agreement_list"), _("Depots"))],
        hidden={"delivered_on": delivered_on.isoformat()},
    )


def _due_back(swap):
    return list(
        Loan.objects.due_back_with(swap)
        .select_related("item__home_branch")
        .prefetch_related(
            Prefetch("loss_reports", queryset=LossReport.objects.order_by("-reported_at"))
        )
    )


@depots_required
def swap_check_in(request, pk):
    """Scan the books that came back, then confirm what will be written off."""
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    if swap.checked_in_at is not None:
        return _check_in_result(request, swap)
    loans = _due_back(swap) if swap.can_be_checked_in() else []
    context = {"swap": swap, "agreement": swap.agreement, "loans": loans}
    if request.method == "POST":
        form = CheckInForm(request.POST, loans=loans)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("confirm") == "yes":
                try:
                    counts = services.swap_check_in(
                        swap=swap,
                        returned=data["returned"],
                        damaged=set(data["damaged"]),
                        by=request.user,
                        on=data["returned_on"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _(
                            "The returns are checked in: %(returned)s back, %(damaged)s "
                            "damaged, %(missing)s missing. Missing and damaged books are "
                            "written off without charge. You can undo the check-in today."
                        )
                        % counts,
                    )
                    return redirect("kindergarten_depots:swap_check_in", pk=swap.pk)
            if not form.errors and request.POST.get("confirm") != "no":
                summary = services.check_in_summary(
                    loans=loans, returned=data["returned"], damaged=set(data["damaged"])
                )
                return render(
                    request,
                    "kindergarten_depots/swap_check_in_confirm.html",
                    {
                        **context,
                        "form": form,
                        "returned": summary[Loan.ReturnState.RETURNED],
                        "damaged": summary[Loan.ReturnState.DAMAGED],
                        "missing": summary[Loan.ReturnState.MISSING],
                        "returned_text": "\n".join(sorted(data["returned"])),
                    },
                )
        if form.errors:
            form_errors_message(request)
    else:
        form = CheckInForm(
            loans=loans,
            initial={
                "damaged": services.damaged_barcodes_reported(loans=loans),
                "returned_on": timezone.localdate(),
            },
        )
    context.update({"form": form, "damaged_checked": form.damaged_checked()})
    return render(request, "kindergarten_depots/swap_check_in.html", context)


def _check_in_result(request, swap):
    loans = list(
        Loan.objects.filter(returned_by=swap)
        .select_related("item__home_branch")
        .order_by("item__title", "pk")
    )
    return render(
        request,
        "kindergarten_depots/swap_check_in_result.html",
        {
            "swap": swap,
            "agreement": swap.agreement,
            "loans": loans,
            "may_undo": swap.can_undo_check_in(timezone.localdate()),
        },
    )


@require_POST
@depots_required
def swap_check_in_undo(request, pk):
    swap = permissions.swap_for(request.user, pk)
    if action_run(
        request,
        lambda: services.swap_check_in_undo(swap=swap, by=request.user),
        success=lambda count: (
            _("The check-in was undone: %(count)s books are in the depot again.") % {"count": count}
        ),
    ):
        return redirect("kindergarten_depots:swap_check_in", pk=swap.pk)
    return redirect(swap)


@require_POST
@depots_required
def loan_found(request, pk):
    loan = permissions.loan_for(request.user, pk)
    action_run(
        request,
        lambda: services.loan_found(loan=loan, by=request.user),
        success=_("“%(title)s” was found again and is back on the shelf.")
        % {"title": loan.item.title},
    )
    if loan.returned_by_id:
        return redirect("kindergarten_depots:swap_check_in", pk=loan.returned_by_id)
    return redirect(loan.item)
