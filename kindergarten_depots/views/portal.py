"""The kindergarten portal: what kindergarten staff see and do, scoped to their own institution.

Every object comes from a getter in ``kindergarten_depots.permissions``, so staff of one
kindergarten get 404 for another kindergarten's agreement, swap, loan or wish.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from kindergarten_depots import permissions, services
from kindergarten_depots.forms import LibraryMessageForm, LossReportForm, WishForm
from kindergarten_depots.models import Box, CalendarFeed, Loan, LossReport, Swap
from toolkit.params import id_param
from toolkit.views import action_run, form_action_run

portal_required = role_required(permissions.may_use_portal)


@portal_required
def portal_home(request):
    """Show the institution's books, next swap, agreement, history and contacts."""
    user = request.user
    today = timezone.localdate()
    kindergarten = permissions.portal_kindergarten_for(user)
    agreement = permissions.portal_agreement_for(user)
    swaps = permissions.portal_swaps(user)
    loans = list(
        permissions.portal_open_loans(user)
        .select_related("delivered_by")
        .prefetch_related(
            Prefetch("loss_reports", queryset=LossReport.objects.order_by("-reported_at"))
        )
        .order_by("-delivered_by__planned_date", "delivered_by_id", "item__title", "pk")
    )
    next_swap = swaps.coming(today=today).order_by("planned_date", "pk").first()
    to_confirm = list(swaps.awaiting_receipt().order_by("-planned_date"))
    past_swaps = list(
        swaps.filter(status__in=[Swap.Status.DELIVERED, Swap.Status.COMPLETED])
        .select_related("received_by", "agreement")
        .annotate(
            book_count=Count("delivered_loans", distinct=True),
            box_total=Count("boxes", distinct=True),
        )
        .order_by("-planned_date", "-pk")[:12]
    )
    open_wishes = list(permissions.portal_wishes(user).open().select_related("theme")[:10])
    boxes_here = Box.objects.filter(
        swap__in=swaps, out_at__isnull=False, in_at__isnull=True
    ).count()
    last_check_in = (
        swaps.filter(checked_in_at__isnull=False).order_by("-checked_in_at", "-pk").first()
    )
    came_back = (
        list(
            Loan.objects.filter(returned_by=last_check_in)
            .select_related("item")
            .order_by("return_state", "item__title", "pk")
        )
        if last_check_in
        else []
    )
    colleagues = kindergarten.users.filter(is_active=True).order_by("full_name")
    return render(
        request,
        "kindergarten_depots/portal_home.html",
        {
            "kindergarten": kindergarten,
            "agreement": agreement,
            "coordinator": agreement.partnership.coordinator if agreement else None,
            "loans": loans,
            "next_swap": next_swap,
            "days_left": next_swap.days_until(today) if next_swap else None,
            "to_confirm": to_confirm,
            "past_swaps": past_swaps,
            "open_wishes": open_wishes,
            "wishes_go_with": _wishes_go_with(swaps, today),
            "last_check_in": last_check_in,
            "boxes_here": boxes_here,
            "came_back": came_back,
            "written_off": [loan for loan in came_back if loan.written_off],
            "colleagues": colleagues,
        },
    )


def _wishes_go_with(swaps, today):
    """Return the swap the open wishes go with: the next one not packed yet."""
    return (
        swaps.filter(status=Swap.Status.PLANNED, planned_date__gte=today)
        .order_by("planned_date", "pk")
        .first()
    )


@require_POST
@portal_required
def portal_loan_found(request, pk):
    loan = permissions.portal_written_off_loan_for(request.user, pk)
    action_run(
        request,
        lambda: services.loan_found_report(loan=loan, by=request.user),
        success=_("Thank you! Send the book back with the next swap."),
    )
    return redirect("kindergarten_depots:portal_home")


@portal_required
def portal_wishes(request):
    """List the kindergarten's wishes and add a new one for the next swap."""
    agreement = permissions.portal_agreement_for(request.user)
    if not permissions.may_wish(request.user, agreement):
        agreement = None
    if request.method == "POST":
        if agreement is None:
            raise Http404
        form = WishForm(request.POST)
        if form.is_valid() and form_action_run(
            form,
            lambda: services.wish_create(
                agreement=agreement,
                theme=form.cleaned_data["theme"],
                age_group=form.cleaned_data["age_group"],
                text=form.cleaned_data["text"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Thank you! The library will see your wish when packing."))
            return redirect("kindergarten_depots:portal_wishes")
    else:
        form = WishForm()
    wishes = (
        permissions.portal_wishes(request.user)
        .select_related("theme", "created_by", "withdrawn_by", "fulfilled_by")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "kindergarten_depots/portal_wishes.html",
        {
            "agreement": agreement,
            "form": form,
            "wishes": wishes,
            "wishes_go_with": _wishes_go_with(
                permissions.portal_swaps(request.user), timezone.localdate()
            ),
        },
    )


@require_POST
@portal_required
def portal_wish_withdraw(request, pk):
    wish = permissions.portal_wish_for(request.user, pk)
    action_run(
        request,
        lambda: services.wish_withdraw(wish=wish, by=request.user),
        success=_("The wish was withdrawn."),
    )
    return redirect("kindergarten_depots:portal_wishes")


@portal_required
def portal_loss_report(request):
    """Report that one of the kindergarten's current books is lost or damaged (never charged)."""
    loans = permissions.portal_open_loans(request.user).order_by("item__title", "pk")
    if request.method == "POST":
        form = LossReportForm(request.POST, loans=loans)
        if form.is_valid():
            loan = form.cleaned_data["loan"]
            if form_action_run(
                form,
                lambda: services.loss_report_create(
                    loan=loan,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    by=request.user,
                ),
            ):
                messages.success(
                    request,
                    _("Thank you for telling us about “%(title)s”. It costs you nothing.")
                    % {"title": loan.item.title},
                )
                return redirect("kindergarten_depots:portal_home")
    else:
        initial = {}
        book = id_param(request.GET.get("bog"))
        if book:
            initial["loan"] = book
        form = LossReportForm(loans=loans, initial=initial)
    reports = (
        LossReport.objects.filter(loan__in=permissions.portal_open_loans(request.user))
        .select_related("loan__item", "reported_by")
        .order_by("-reported_at", "-pk")
    )
    return render(
        request,
        "kindergarten_depots/portal_loss_report.html",
        {"form": form, "has_books": loans.exists(), "reports": reports},
    )


@require_POST
@portal_required
def portal_swap_receipt_confirm(request, pk):
    swap = permissions.portal_swap_for(request.user, pk)
    action_run(
        request,
        lambda: services.swap_receipt_confirm(swap=swap, by=request.user),
        success=_("Thank you! You have confirmed that the books arrived."),
    )
    return redirect("kindergarten_depots:portal_home")


@portal_required
def portal_message(request):
    """Write to the library: the message goes to the partnership journal and the librarian."""
    agreement = permissions.portal_agreement_for(request.user)
    if request.method == "POST":
        if not permissions.may_write_to_library(request.user, agreement):
            raise Http404
        form = LibraryMessageForm(request.POST)
        if form.is_valid() and form_action_run(
            form,
            lambda: services.library_message_send(
                agreement=agreement, text=form.cleaned_data["text"], by=request.user
            ),
            field="text",
        ):
            messages.success(request, _("Your message has been sent to the library."))
            return redirect("kindergarten_depots:portal_home")
    else:
        form = LibraryMessageForm()
    return render(
        request,
        "kindergarten_depots/portal_message.html",
        {
            "agreement": agreement,
            "coordinator": agreement.partnership.coordinator if agreement else None,
            "form": form,
        },
    )


@portal_required
def portal_calendar(request):
    """Show the institution's calendar subscription address with instructions for phones."""
    kindergarten = permissions.portal_kindergarten_for(request.user)
    feed, _created = CalendarFeed.objects.get_or_create(kindergarten=kindergarten)
    url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "kindergarten_depots/portal_calendar.html",
        {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1]},
    )
