"""The driver's day on a phone: the stops of a day and branch, in order, one by one."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import role_required
from kindergarten_depots import permissions, services
from kindergarten_depots.forms import BarcodeForm, StopProblemForm
from partnerships.models import Branch
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.forms import validation_error_message
from toolkit.views import action_run

driver_required = role_required(permissions.may_drive)


def _day_url(swap, anchor=True) -> str:
    query = urlencode({"date": swap.planned_date.isoformat(), "branch": swap.agreement.branch_id})
    url = f"{reverse('kindergarten_depots:driver_day')}?{query}"
    return f"{url}#stop-{swap.pk}" if anchor else url


@driver_required
def driver_day(request):
    try:
        day = date.fromisoformat(request.GET.get("date") or "")
    except ValueError:
        day = timezone.localdate()
    branches = list(Branch.objects.filter(active=True).order_by("name"))
    try:
        branch_id = int(request.GET.get("branch") or 0)
    except ValueError:
        branch_id = 0
    branch = next((b for b in branches if b.pk == branch_id), branches[0] if branches else None)
    stops = services.route_swaps(day=day, branch=branch) if branch else []
    return render(
        request,
        "kindergarten_depots/driver_day.html",
        {
            "day": day,
            "branch": branch,
            "branches": branches,
            "stops": stops,
            "problem_choices": StopProblemForm().fields["problem"].choices,
        },
    )


def _stop_action(request, pk, run, success):
    swap = permissions.route_swap_for(request.user, pk)
    action_run(request, lambda: run(swap), success=success)
    return redirect(_day_url(swap))


@require_POST
@driver_required
def driver_stop_move(request, pk):
    up = request.POST.get("direction") != "down"
    return _stop_action(
        request,
        pk,
        lambda swap: services.route_stop_move(swap=swap, up=up, by=request.user),
        _("The stop was moved."),
    )


def _stop_confirm(request, swap, *, title, consequences, button):
    return confirm_page(
        request,
        title=title,
        consequences=consequences,
        button=button,
        cancel_url=_day_url(swap),
        back_label=_("The driver's day"),
        breadcrumbs=[(reverse("kindergarten_depots:agreement_list"), _("Depots"))],
    )


@require_http_methods(["GET", "POST"])
@driver_required
def driver_stop_deliver(request, pk):
    if not is_confirmed(request):
        swap = permissions.route_swap_for(request.user, pk)
        kindergarten = swap.agreement.kindergarten.name
        books = swap.packed_items.count()
        return _stop_confirm(
            request,
            swap,
            title=_("Delivered at %(kindergarten)s?") % {"kindergarten": kindergarten},
            consequences=[
                ngettext(
                    "The swap is marked delivered now: its %(count)s packed book is lent to %(kindergarten)s.",
                    "The swap is marked delivered now: its %(count)s packed books are lent to %(kindergarten)s.",
                    books,
                )
                % {"count": books, "kindergarten": kindergarten},
                _("Its boxes that were not scanned out count as handed over."),
            ],
            button=_("Yes, delivered"),
        )
    return _stop_action(
        request,
        pk,
        lambda swap: services.route_stop_deliver(swap=swap, by=request.user),
        _("Delivered."),
    )


@require_http_methods(["GET", "POST"])
@driver_required
def driver_stop_collect(request, pk):
    if not is_confirmed(request):
        swap = permissions.route_swap_for(request.user, pk)
        kindergarten = swap.agreement.kindergarten.name
        return _stop_confirm(
            request,
            swap,
            title=_("Collected at %(kindergarten)s?") % {"kindergarten": kindergarten},
            consequences=[
                _("The collection at %(kindergarten)s is recorded now.")
                % {"kindergarten": kindergarten},
                _("Boxes of the earlier delivery that were not scanned in count as collected."),
            ],
            button=_("Yes, collected"),
        )
    return _stop_action(
        request,
        pk,
        lambda swap: services.route_stop_collect(swap=swap, by=request.user),
        _("Collected."),
    )


@require_POST
@driver_required
def driver_stop_problem(request, pk):
    swap = permissions.route_swap_for(request.user, pk)
    form = StopProblemForm(request.POST)
    if form.is_valid():
        action_run(
            request,
            lambda: services.route_stop_problem(
                swap=swap,
                problem=form.cleaned_data["problem"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            success=_("The note on the stop was saved."),
        )
    else:
        messages.error(
            request, _("Choose a problem from the list; the note is at most 300 characters.")
        )
    return redirect(_day_url(swap))


@require_POST
@driver_required
def driver_box_scan(request, pk):
    swap = permissions.route_swap_for(request.user, pk)
    form = BarcodeForm(request.POST)
    if form.is_valid():
        try:
            box, direction = services.box_scan(
                swap=swap, barcode=form.cleaned_data["barcode"], by=request.user
            )
        except ValidationError as error:
            validation_error_message(request, error)
        else:
            text = (
                _("Box %(barcode)s scanned out.")
                if direction == "out"
                else _("Box %(barcode)s scanned in.")
            )
            messages.success(request, text % {"barcode": box.barcode})
    else:
        messages.error(request, _("Scan or type a barcode."))
    return redirect(_day_url(swap))
