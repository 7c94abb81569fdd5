"""Delivering a packed swap and checking in the books that came back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kindergarten_depots import permissions, services
from kindergarten_depots.forms import CheckInForm
from kindergarten_depots.models import Loan, LossReport, Swap
from kindergarten_depots.views.agreements import depots_required
from toolkit.forms import form_errors_message, validation_error_message
from toolkit.views import action_run


@require_POST
@depots_required
def swap_deliver(request, pk):
    swap = permissions.swap_for(request.user, pk)
    if action_run(
        request,
        lambda: services.swap_deliver(swap=swap, by=request.user),
        success=_("The swap is delivered. Now check in the books that came back."),
    ):
        return redirect("kindergarten_depots:swap_check_in", pk=swap.pk)
    return redirect(swap)


@depots_required
def swap_check_in(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    loans = list(
        Loan.objects.due_back_with(swap).prefetch_related(
            Prefetch("loss_reports", queryset=LossReport.objects.order_by("-reported_at"))
        )
    )
    if request.method == "POST":
        form = CheckInForm(request.POST, loans=loans)
        if form.is_valid():
            try:
                counts = services.swap_check_in(
                    swap=swap,
                    returned=form.cleaned_data["returned"],
                    damaged=set(form.cleaned_data["damaged"]),
                    by=request.user,
                )
            except ValidationError as error:
                validation_error_message(request, error)
                return redirect(swap)
            messages.success(
                request,
                _(
                    "The returns are checked in: %(returned)s back, %(damaged)s damaged, "
                    "%(missing)s missing. Missing and damaged books are written off without charge."
                )
                % counts,
            )
            return redirect(swap)
        form_errors_message(request)
    else:
        form = CheckInForm(
            loans=loans, initial={"damaged": services.damaged_barcodes_reported(loans=loans)}
        )
    return render(
        request,
        "kindergarten_depots/swap_check_in.html",
        {"swap": swap, "agreement": swap.agreement, "loans": loans, "form": form},
    )
