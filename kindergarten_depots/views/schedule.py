"""The swap schedule: closures, the calendar, the route sheet, moving and cancelling."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kindergarten_depots import permissions, services
from kindergarten_depots.forms import ClosurePeriodForm, SwapCancelForm, SwapMoveForm
from kindergarten_depots.models import ClosurePeriod, DepotAgreement, Swap
from kindergarten_depots.views.agreements import depots_required
from partnerships.models import Branch
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.forms import form_errors_message
from toolkit.params import date_param, id_param
from toolkit.views import form_action_run


@depots_required
def closure_list(request):
    form = ClosurePeriodForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The closure period was saved."))
            return redirect("kindergarten_depots:closure_list")
        form_errors_message(request)
    closures = ClosurePeriod.objects.select_related("kindergarten").filter(
        end_date__gte=timezone.localdate() - timedelta(days=365)
    )
    return render(
        request, "kindergarten_depots/closure_list.html", {"form": form, "closures": closures}
    )


@require_http_methods(["GET", "POST"])
@depots_required
def closure_delete(request, pk):
    closure = permissions.closure_for(request.user, pk)
    if not is_confirmed(request):
        where = closure.kindergarten.name if closure.kindergarten_id else _("all kindergartens")
        return confirm_page(
            request,
            title=_("Delete the closure period %(reason)s") % {"reason": closure.reason},
            consequences=[
                (
                    _(
                        "%(reason)s is a closure every daycare has: it is not deleted but marked "
                        "open in %(year)s, so swaps may be planned on %(start)s."
                    )
                    if closure.rule
                    else _(
                        "The closure period %(reason)s, %(start)s–%(end)s (%(where)s), is deleted."
                    )
                )
                % {
                    "reason": closure.reason,
                    "start": date_format(closure.start_date, "SHORT_DATE_FORMAT"),
                    "end": date_format(closure.end_date, "SHORT_DATE_FORMAT"),
                    "where": where,
                    "year": closure.start_date.year,
                },
                _(
                    "Swaps already planned stay where they are; swaps planned from now on may fall on these days."
                ),
            ],
            button=_("Delete the closure period"),
            cancel_url=reverse("kindergarten_depots:closure_list"),
            back_label=_("Closure periods"),
            breadcrumbs=[(reverse("kindergarten_depots:agreement_list"), _("Depots"))],
        )
    if services.closure_remove(closure=closure) == "opened":
        messages.success(request, _("The day is marked open this year."))
    else:
        messages.success(request, _("The closure period was deleted."))
    return redirect("kindergarten_depots:closure_list")


def _date_from(request, default: date) -> date:
    """Return the page's ``?date=``; say so when it is not a usable date and show ``default``."""
    day, refused = date_param(request.GET.get("date"), default)
    if refused:
        messages.warning(
            request,
            _("The date in the address was not a date between 1900 and 2199; showing today."),
        )
    return day


def _swaps_between(start, end, branch_id=None):
    swaps = (
        Swap.objects.filter(planned_date__gte=start, planned_date__lte=end)
        .select_related("agreement__kindergarten", "agreement__branch")
        .annotate(
            book_count=Count("packed_items", distinct=True),
            box_total=Count("boxes", distinct=True),
        )
        .order_by("planned_date", "agreement__branch__name", "agreement__kindergarten__name")
    )
    if branch_id:
        swaps = swaps.filter(agreement__branch_id=branch_id)
    return swaps


# A day of the calendar names at most this many swaps; the rest are on its route sheet.
DAY_CAP = 8


def _calendar_swaps(start, end, branch_id=None) -> tuple[dict, dict]:
    """Return the first ``DAY_CAP`` swaps of each day (by branch and kindergarten) and the
    number of swaps of each day: a busy month of every branch has thousands."""
    swaps = Swap.objects.filter(planned_date__gte=start, planned_date__lte=end)
    if branch_id:
        swaps = swaps.filter(agreement__branch_id=branch_id)
    counts = dict(swaps.order_by().values_list("planned_date").annotate(n=Count("pk")))
    first = (
        swaps.select_related("agreement__kindergarten")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("planned_date")],
                order_by=[
                    F("agreement__branch__name").asc(),
                    F("agreement__kindergarten__name").asc(),
                    F("pk").asc(),
                ],
            )
        )
        .filter(rank__lte=DAY_CAP)
        .order_by("planned_date", "rank")
    )
    by_day: dict = {}
    for swap in first:
        by_day.setdefault(swap.planned_date, []).append(swap)
    return by_day, counts


BRANCH_SESSION_KEY = "depots_branch"
ALL_BRANCHES = "all"


def _branch_choice(request) -> int | None:
    """The branch the calendar and the route sheet show (None: every branch).

    ``?branch=<id>`` or ``?branch=all`` chooses, and is remembered for the next visit;
    without a choice the page shows the branch of most of the user's own agreements, so a
    busy day does not list every swap of the country.
    """
    raw = request.GET.get("branch")
    if raw is not None:
        branch_id = id_param(raw)
        if request.session.get(BRANCH_SESSION_KEY) != (branch_id or ALL_BRANCHES):
            request.session[BRANCH_SESSION_KEY] = branch_id or ALL_BRANCHES  # saved only on change
        return branch_id
    remembered = request.session.get(BRANCH_SESSION_KEY)
    if remembered is not None:
        return None if remembered == ALL_BRANCHES else id_param(str(remembered))
    own = (
        DepotAgreement.objects.filter(partnership__coordinator=request.user)
        .values("branch")
        .annotate(n=Count("pk"))
        .order_by("-n", "branch")
        .first()
    )
    return own["branch"] if own else None


@dataclass
class CalendarDay:
    """One cell of the swap calendar."""

    day: date
    swaps: list = field(default_factory=list)
    more: int = 0  # swaps of the day not named in the cell (see its route sheet)
    outside_period: bool = False  # a day of the previous or next month in a month view
    is_today: bool = False


@depots_required
def swap_calendar(request):
    today = timezone.localdate()
    view = "week" if request.GET.get("view") == "week" else "month"
    day = _date_from(request, today)
    branches = list(Branch.objects.filter(active=True))
    branch_id = _branch_choice(request)
    if view == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
        weeks = [[start + timedelta(days=i) for i in range(7)]]
    else:
        start = day.replace(day=1)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        previous = (start - timedelta(days=1)).replace(day=1)
        following = end + timedelta(days=1)
        weeks = calendar.Calendar().monthdatescalendar(start.year, start.month)
    by_day, counts = _calendar_swaps(weeks[0][0], weeks[-1][-1], branch_id)
    cells = [
        [
            CalendarDay(
                day=d,
                swaps=by_day.get(d, []),
                more=counts.get(d, 0) - len(by_day.get(d, [])),
                outside_period=not start <= d <= end,
                is_today=d == today,
            )
            for d in week
        ]
        for week in weeks
    ]
    return render(
        request,
        "kindergarten_depots/swap_calendar.html",
        {
            "view": view,
            "start": start,
            "end": end,
            "weeks": cells,
            "previous": previous,
            "following": following,
            "branches": branches,
            "branch_id": branch_id,
            "week_number": start.isocalendar()[1],
        },
    )


@depots_required
def route_sheet(request):
    day = _date_from(request, timezone.localdate())
    branch_id = _branch_choice(request)
    swaps = (
        _swaps_between(day, day, branch_id)
        .exclude(status=Swap.Status.CANCELLED)
        .select_related("agreement__contact")
        .with_due_back_count()
        .order_by(
            "agreement__branch__name",
            F("stop__position").asc(nulls_last=True),
            "agreement__kindergarten__area",
            "agreement__kindergarten__name",
        )
    )
    groups = {}
    for swap in swaps:
        key = (swap.agreement.branch, swap.agreement.kindergarten.area)
        groups.setdefault(key, []).append(swap)
    return render(
        request,
        "kindergarten_depots/route_sheet.html",
        {
            "day": day,
            "groups": [(branch, area, rows) for (branch, area), rows in groups.items()],
            "branches": Branch.objects.filter(active=True),
            "branch_id": branch_id,
            "previous": day - timedelta(days=1),
            "following": day + timedelta(days=1),
        },
    )


def _swap_form_page(request, swap, form, *, action: str, run, success: str):
    """Show the move or cancel form of ``swap``; on a valid POST run the service."""
    if request.method == "POST" and form.is_valid() and form_action_run(form, run):
        messages.success(request, success)
        return redirect(swap)
    return render(
        request,
        "kindergarten_depots/swap_action_form.html",
        {"swap": swap, "form": form, "action": action},
    )


@depots_required
def swap_move(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    form = SwapMoveForm(request.POST or None, initial={"new_date": swap.planned_date})
    return _swap_form_page(
        request,
        swap,
        form,
        action="move",
        run=lambda: services.swap_move(
            swap=swap,
            new_date=form.cleaned_data["new_date"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            override=form.cleaned_data["override"],
        ),
        success=_("The swap was moved."),
    )


@depots_required
def swap_cancel(request, pk):
    swap = permissions.swap_for(request.user, pk, Swap.objects.with_people())
    form = SwapCancelForm(request.POST or None)
    return _swap_form_page(
        request,
        swap,
        form,
        action="cancel",
        run=lambda: services.swap_cancel(
            swap=swap, reason=form.cleaned_data["reason"], by=request.user
        ),
        success=_("The swap was cancelled."),
    )
