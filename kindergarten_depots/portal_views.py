"""The kindergarten portal: what kindergarten staff see and do, scoped to their own institution.

Every object is fetched from a queryset scoped with ``visible_to(request.user)``,
so staff of one kindergarten get 404 for another kindergarten's agreement,
swap, loan or wish.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import kindergarten_staff_required
from kindergarten_depots import services
from kindergarten_depots.forms import LibraryMessageForm, LossReportForm, WishForm
from kindergarten_depots.models import CalendarFeed, DepotAgreement, Loan, LossReport, Swap, Wish
from partnerships.models import Partner
from toolkit.forms import validation_error_message


def _current_agreement(user):
    """Return the agreement the portal shows: the active one, else the most recent (or None)."""
    return (
        DepotAgreement.objects.visible_to(user)
        .exclude(status=DepotAgreement.Status.DRAFT)
        .select_related("partnership__coordinator", "branch", "contact")
        .most_relevant_first()
        .first()
    )


def _open_loans(user):
    return Loan.objects.visible_to(user).open().select_related("item")


@kindergarten_staff_required
def portal_home(request):
    """Show the institution's books, next swap, agreement, history and contacts."""
    user = request.user
    today = timezone.localdate()
    kindergarten = Partner.objects.prefetch_related("contacts").get(pk=user.partner_id)
    agreement = _current_agreement(user)
    swaps = Swap.objects.visible_to(user)
    loans = list(
        _open_loans(user)
        .select_related("delivered_by")
        .prefetch_related(
            Prefetch("loss_reports", queryset=LossReport.objects.order_by("-reported_at"))
        )
        .order_by("-delivered_by__planned_date", "delivered_by_id", "item__title", "pk")
    )
    next_swap = (
        swaps.filter(planned_date__gte=today, status__in=[Swap.Status.PLANNED, Swap.Status.PACKED])
        .order_by("planned_date", "pk")
        .first()
    )
    to_confirm = list(
        swaps.filter(status=Swap.Status.DELIVERED, received_at__isnull=True).order_by(
            "-planned_date"
        )
    )
    past_swaps = list(
        swaps.filter(status__in=[Swap.Status.DELIVERED, Swap.Status.COMPLETED])
        .select_related("received_by")
        .annotate(book_count=Count("delivered_loans"))
        .order_by("-planned_date", "-pk")[:12]
    )
    open_wishes = list(Wish.objects.visible_to(user).open().select_related("theme")[:10])
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
            "days_left": (next_swap.planned_date - today).days if next_swap else None,
            "to_confirm": to_confirm,
            "past_swaps": past_swaps,
            "open_wishes": open_wishes,
            "colleagues": colleagues,
        },
    )


@kindergarten_staff_required
def portal_wishes(request):
    """List the kindergarten's wishes and add a new one for the next swap."""
    agreement = _current_agreement(request.user)
    if agreement is not None and not agreement.accepts_wishes():
        agreement = None
    if request.method == "POST":
        if agreement is None:
            raise Http404
        form = WishForm(request.POST)
        if form.is_valid():
            try:
                services.wish_create(
                    agreement=agreement,
                    theme=form.cleaned_data["theme"],
                    age_group=form.cleaned_data["age_group"],
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Thank you! The library will see your wish when packing.")
                )
                return redirect("kindergarten_depots:portal_wishes")
    else:
        form = WishForm()
    wishes = (
        Wish.objects.visible_to(request.user)
        .select_related("theme", "created_by")
        .order_by("-created_at", "-pk")[:50]
    )
    return render(
        request,
        "kindergarten_depots/portal_wishes.html",
        {"agreement": agreement, "form": form, "wishes": wishes},
    )


@require_POST
@kindergarten_staff_required
def portal_wish_withdraw(request, pk):
    wish = get_object_or_404(Wish.objects.visible_to(request.user), pk=pk)
    try:
        services.wish_withdraw(wish=wish, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        messages.success(request, _("The wish was withdrawn."))
    return redirect("kindergarten_depots:portal_wishes")


@kindergarten_staff_required
def portal_loss_report(request):
    """Report that one of the kindergarten's current books is lost or damaged (never charged)."""
    loans = _open_loans(request.user).order_by("item__title", "pk")
    if request.method == "POST":
        form = LossReportForm(request.POST, loans=loans)
        if form.is_valid():
            loan = form.cleaned_data["loan"]
            try:
                services.loss_report_create(
                    loan=loan,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you for telling us about “%(title)s”. It costs you nothing.")
                    % {"title": loan.item.title},
                )
                return redirect("kindergarten_depots:portal_home")
    else:
        initial = {}
        book = request.GET.get("bog", "")
        if book.isdigit():
            initial["loan"] = int(book)
        form = LossReportForm(loans=loans, initial=initial)
    reports = (
        LossReport.objects.filter(loan__in=_open_loans(request.user))
        .select_related("loan__item", "reported_by")
        .order_by("-reported_at", "-pk")
    )
    return render(
        request,
        "kindergarten_depots/portal_loss_report.html",
        {"form": form, "has_books": loans.exists(), "reports": reports},
    )


@require_POST
@kindergarten_staff_required
def portal_swap_receipt_confirm(request, pk):
    swap = get_object_or_404(Swap.objects.visible_to(request.user), pk=pk)
    try:
        services.swap_receipt_confirm(swap=swap, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        messages.success(request, _("Thank you! You have confirmed that the books arrived."))
    return redirect("kindergarten_depots:portal_home")


@kindergarten_staff_required
def portal_message(request):
    """Write to the library: the message goes to the partnership journal and the librarian."""
    agreement = _current_agreement(request.user)
    if request.method == "POST":
        if agreement is None:
            raise Http404
        form = LibraryMessageForm(request.POST)
        if form.is_valid():
            try:
                services.library_message_send(
                    agreement=agreement, text=form.cleaned_data["text"], by=request.user
                )
            except ValidationError as error:
                form.add_error("text", error)
            else:
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


@kindergarten_staff_required
def portal_calendar(request):
    """Show the institution's calendar subscription address with instructions for phones."""
    feed, _created = CalendarFeed.objects.get_or_create(kindergarten_id=request.user.partner_id)
    url = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "kindergarten_depots/portal_calendar.html",
        {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1]},
    )
