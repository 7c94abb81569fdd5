import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from accounts.permissions import (
    LibrarianRequiredMixin,
    librarian_required,
)
from kindergarten_depots import catalogue, feeds, services, statistics
from kindergarten_depots.filters import AgreementFilter, ItemFilter
from kindergarten_depots.forms import (
    AgreementForm,
    BarcodeForm,
    CatalogueUploadForm,
    CheckInForm,
    ClosurePeriodForm,
    SwapCancelForm,
    SwapMoveForm,
)
from kindergarten_depots.models import (
    CalendarFeed,
    ClosurePeriod,
    DepotAgreement,
    ImportBatch,
    Item,
    Loan,
    LossReport,
    PackedItem,
    Swap,
    Wish,
)
from partnerships.models import Branch, Partner
from toolkit.csv import csv_response
from toolkit.forms import form_errors_message, validation_error_message
from toolkit.redirects import redirect_to_next

BOOKS_PER_BOX = 30


# ---------------------------------------------------------------------------
# Agreements


class AgreementListView(LibrarianRequiredMixin, FilterView):
    model = DepotAgreement
    filterset_class = AgreementFilter
    template_name = "kindergarten_depots/agreement_list.html"
    paginate_by = 50

    def get_queryset(self):
        today = timezone.localdate()
        return (
            DepotAgreement.objects.select_related("kindergarten", "branch")
            .annotate(
                open_loans=Count("loans", filter=Q(loans__returned_on__isnull=True), distinct=True)
            )
            .prefetch_related(
                Prefetch(
                    "swaps",
                    queryset=Swap.objects.filter(
                        planned_date__gte=today,
                        status__in=[Swap.Status.PLANNED, Swap.Status.PACKED],
                    ).order_by("planned_date"),
                    to_attr="upcoming_swaps",
                )
            )
            .order_by("kindergarten__name", "pk")
        )


def _agreement_queryset():
    return DepotAgreement.objects.select_related(
        "kindergarten", "branch", "contact", "partnership"
    ).prefetch_related("themes")


@librarian_required
def agreement_detail(request, pk):
    agreement = get_object_or_404(_agreement_queryset(), pk=pk)
    swaps = agreement.swaps.annotate(book_count=Count("packed_items")).order_by("planned_date")
    closures = ClosurePeriod.objects.for_kindergarten(agreement.kindergarten_id).filter(
        end_date__gte=agreement.start_date, start_date__lte=agreement.end_date
    )
    feed = CalendarFeed.objects.filter(kindergarten_id=agreement.kindergarten_id).first()
    return render(
        request,
        "kindergarten_depots/agreement_detail.html",
        {
            "agreement": agreement,
            "swaps": swaps,
            "closures": closures,
            "wishes": agreement.wishes.select_related("theme", "created_by")[:20],
            "open_loan_count": agreement.loans.open().count(),
            "feed": feed,
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
        },
    )


def _agreement_form_page(request, agreement=None):
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if agreement is None:
                saved = services.agreement_create(
                    kindergarten=data["kindergarten"],
                    type=data["type"],
                    branch=data["branch"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    coordinator=request.user,
                    age_groups=data["age_groups"],
                    themes=data["themes"],
                    books_per_delivery=data["books_per_delivery"],
                    swap_interval_weeks=data["swap_interval_weeks"],
                    status=data["status"],
                    contact=data["contact"],
                    delivery_address=data["delivery_address"],
                    delivery_instructions=data["delivery_instructions"],
                    repeat_after_months=data["repeat_after_months"],
                )
                messages.success(
                    request,
                    _("The agreement with %(name)s was created. Generate its schedule next.")
                    % {"name": saved.kindergarten},
                )
            else:
                saved = form.save()
                created = services.agreement_update(agreement=saved, changed=form.changed_data)
                messages.success(request, _("The changes to the agreement were saved."))
                if created:
                    messages.info(
                        request,
                        _(
                            "The future planned swaps were regenerated (%(count)s). "
                            "Packed and delivered swaps were not touched."
                        )
                        % {"count": created},
                    )
            return redirect(saved)
        form_errors_message(request)
    return render(
        request, "kindergarten_depots/agreement_form.html", {"form": form, "agreement": agreement}
    )


@librarian_required
def agreement_create(request):
    return _agreement_form_page(request)


@librarian_required
def agreement_update(request, pk):
    return _agreement_form_page(request, get_object_or_404(DepotAgreement, pk=pk))


@require_POST
@librarian_required
def agreement_generate(request, pk):
    agreement = get_object_or_404(DepotAgreement, pk=pk)
    result = services.swap_generate(agreement=agreement)
    messages.success(
        request,
        _(
            "The schedule was generated: %(created)s new swaps, %(removed)s planned swaps "
            "replaced, %(kept)s kept."
        )
        % result,
    )
    return redirect(agreement)


# ---------------------------------------------------------------------------
# Closures


@librarian_required
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


@require_POST
@librarian_required
def closure_delete(request, pk):
    closure = get_object_or_404(ClosurePeriod, pk=pk)
    closure.delete()
    messages.success(request, _("The closure period was deleted."))
    return redirect("kindergarten_depots:closure_list")


# ---------------------------------------------------------------------------
# Calendar and route sheet


def _parse_date(value, default):
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _swaps_between(start, end, branch_id=None):
    swaps = (
        Swap.objects.filter(planned_date__gte=start, planned_date__lte=end)
        .select_related("agreement__kindergarten", "agreement__branch")
        .annotate(book_count=Count("packed_items"))
        .order_by("planned_date", "agreement__branch__name", "agreement__kindergarten__name")
    )
    if branch_id:
        swaps = swaps.filter(agreement__branch_id=branch_id)
    return swaps


@librarian_required
def swap_calendar(request):
    today = timezone.localdate()
    view = "week" if request.GET.get("view") == "week" else "month"
    day = _parse_date(request.GET.get("date"), today)
    branches = list(Branch.objects.filter(active=True))
    try:
        branch_id = int(request.GET.get("branch") or 0) or None
    except ValueError:
        branch_id = None
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
    by_day = {}
    for swap in _swaps_between(weeks[0][0], weeks[-1][-1], branch_id):
        by_day.setdefault(swap.planned_date, []).append(swap)
    return render(
        request,
        "kindergarten_depots/swap_calendar.html",
        {
            "view": view,
            "start": start,
            "end": end,
            "today": today,
            "weeks": [[(d, by_day.get(d, [])) for d in week] for week in weeks],
            "previous": previous,
            "following": following,
            "branches": branches,
            "branch_id": branch_id,
            "week_number": start.isocalendar()[1],
        },
    )


@librarian_required
def route_sheet(request):
    day = _parse_date(request.GET.get("date"), timezone.localdate())
    swaps = (
        _swaps_between(day, day)
        .exclude(status=Swap.Status.CANCELLED)
        .select_related("agreement__contact")
        .annotate(
            due_back=Coalesce(
                Subquery(
                    Loan.objects.filter(agreement_id=OuterRef("agreement_id"), returned_on=None)
                    .exclude(delivered_by_id=OuterRef("pk"))
                    .order_by()
                    .values("agreement_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by(
            "agreement__branch__name",
            "agreement__kindergarten__area",
            "agreement__kindergarten__name",
        )
    )
    groups = {}
    for swap in swaps:
        swap.boxes = -(-swap.book_count // BOOKS_PER_BOX) if swap.book_count else 0
        key = (swap.agreement.branch.name, swap.agreement.kindergarten.area)
        groups.setdefault(key, []).append(swap)
    return render(
        request,
        "kindergarten_depots/route_sheet.html",
        {
            "day": day,
            "groups": [(branch, area, rows) for (branch, area), rows in groups.items()],
            "previous": day - timedelta(days=1),
            "following": day + timedelta(days=1),
        },
    )


# ---------------------------------------------------------------------------
# Swaps: packing, delivery, returns


def _swap_queryset():
    return Swap.objects.select_related(
        "agreement__kindergarten",
        "agreement__branch",
        "agreement__contact",
        "packed_by",
        "delivered_by",
        "checked_in_by",
        "received_by",
    )


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
        "barcode_form": barcode_form or BarcodeForm(),
    }


@librarian_required
def swap_detail(request, pk):
    swap = get_object_or_404(_swap_queryset(), pk=pk)
    agreement = swap.agreement
    context = _packing_context(swap)
    context.update(
        {
            "wishes": agreement.wishes.filter(status=Wish.Status.OPEN).select_related("theme"),
            "proposal": services.swap_propose(swap=swap) if swap.can_be_changed() else [],
            "due_back_count": services.loans_due_back(swap).count(),
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
        swap = get_object_or_404(_swap_queryset(), pk=swap.pk)
        return render(
            request,
            "kindergarten_depots/includes/packing_list.html",
            _packing_context(swap, barcode_form),
            status=status,
        )
    return redirect(swap)


@require_POST
@librarian_required
def swap_item_add(request, pk):
    swap = get_object_or_404(Swap, pk=pk)
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
@librarian_required
def swap_item_remove(request, pk, item_pk):
    swap = get_object_or_404(Swap, pk=pk)
    packed = get_object_or_404(
        PackedItem.objects.select_related("item"), swap=swap, item_id=item_pk
    )
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
@librarian_required
def swap_proposal_add(request, pk):
    swap = get_object_or_404(Swap, pk=pk)
    try:
        added = services.swap_proposal_add(swap=swap, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        messages.success(
            request,
            _("%(count)s proposed books were added to the packing list.") % {"count": added},
        )
    return redirect(swap)


def _swap_action(request, pk, action, success):
    swap = get_object_or_404(Swap, pk=pk)
    try:
        action(swap=swap, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        messages.success(request, success)
    return redirect(swap)


@require_POST
@librarian_required
def swap_pack(request, pk):
    return _swap_action(request, pk, services.swap_pack, _("The swap is packed."))


@require_POST
@librarian_required
def swap_unpack(request, pk):
    return _swap_action(
        request, pk, services.swap_unpack, _("The packing list is open for changes again.")
    )


@require_POST
@librarian_required
def swap_deliver(request, pk):
    swap = get_object_or_404(Swap, pk=pk)
    try:
        services.swap_deliver(swap=swap, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
        return redirect(swap)
    messages.success(request, _("The swap is delivered. Now check in the books that came back."))
    return redirect("kindergarten_depots:swap_check_in", pk=swap.pk)


@librarian_required
def swap_move(request, pk):
    swap = get_object_or_404(_swap_queryset(), pk=pk)
    form = SwapMoveForm(request.POST or None, initial={"new_date": swap.planned_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_move(
                swap=swap,
                new_date=form.cleaned_data["new_date"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The swap was moved."))
            return redirect(swap)
    return render(
        request,
        "kindergarten_depots/swap_action_form.html",
        {"swap": swap, "form": form, "action": "move"},
    )


@librarian_required
def swap_cancel(request, pk):
    swap = get_object_or_404(_swap_queryset(), pk=pk)
    form = SwapCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_cancel(swap=swap, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The swap was cancelled."))
            return redirect(swap)
    return render(
        request,
        "kindergarten_depots/swap_action_form.html",
        {"swap": swap, "form": form, "action": "cancel"},
    )


def _return_date(swap):
    following = (
        Swap.objects.filter(agreement_id=swap.agreement_id, planned_date__gt=swap.planned_date)
        .exclude(status=Swap.Status.CANCELLED)
        .order_by("planned_date")
        .values_list("planned_date", flat=True)
        .first()
    )
    return following or swap.agreement.end_date


@librarian_required
def swap_packing_list(request, pk):
    swap = get_object_or_404(_swap_queryset(), pk=pk)
    context = _packing_context(swap)
    context["return_date"] = _return_date(swap)
    return render(request, "kindergarten_depots/swap_packing_list.html", context)


@librarian_required
def swap_labels(request, pk):
    swap = get_object_or_404(_swap_queryset(), pk=pk)
    context = _packing_context(swap)
    context["return_date"] = _return_date(swap)
    return render(request, "kindergarten_depots/swap_labels.html", context)


@librarian_required
def swap_check_in(request, pk):
    swap = get_object_or_404(_swap_queryset(), pk=pk)
    loans = list(
        services.loans_due_back(swap).prefetch_related(
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
        initial_damaged = [
            loan.item.barcode
            for loan in loans
            if any(report.kind == LossReport.Kind.DAMAGED for report in loan.loss_reports.all())
        ]
        form = CheckInForm(loans=loans, initial={"damaged": initial_damaged})
    return render(
        request,
        "kindergarten_depots/swap_check_in.html",
        {"swap": swap, "agreement": swap.agreement, "loans": loans, "form": form},
    )


# ---------------------------------------------------------------------------
# Catalogue


class ItemListView(LibrarianRequiredMixin, FilterView):
    model = Item
    filterset_class = ItemFilter
    template_name = "kindergarten_depots/item_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Item.objects.select_related("home_branch").prefetch_related("themes")


@librarian_required
def item_detail(request, pk):
    item = get_object_or_404(
        Item.objects.select_related("home_branch").prefetch_related("themes"), pk=pk
    )
    loans = item.loans.select_related(
        "agreement__kindergarten", "delivered_by", "returned_by"
    ).prefetch_related("loss_reports")
    packing = item.packings.filter(swap__status=Swap.Status.PLANNED).select_related(
        "swap__agreement__kindergarten"
    )
    return render(
        request,
        "kindergarten_depots/item_detail.html",
        {"item": item, "loans": loans, "packing": packing},
    )


@librarian_required
def item_import(request):
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            catalogue.import_batches_purge()
            batch = ImportBatch(uploaded_by=request.user, filename=upload.name[:255])
            batch.file.save(f"{batch.token}.csv", ContentFile(upload.read()), save=False)
            batch.save()
            return redirect("kindergarten_depots:item_import_preview", token=batch.token)
        form_errors_message(request)
    return render(request, "kindergarten_depots/item_import.html", {"form": form})


def _import_batch(request, token):
    batch = ImportBatch.objects.filter(
        token=token, uploaded_by=request.user, imported_at__isnull=True
    ).first()
    if batch is None or batch.is_stale():
        raise Http404
    return batch


def _read_batch(batch) -> str:
    with batch.file.open("rb") as handle:
        return catalogue.decode(handle.read())


@librarian_required
def item_import_preview(request, token):
    batch = _import_batch(request, token)
    text = _read_batch(batch)
    if request.method == "POST":
        counts = catalogue.catalogue_import(text=text)
        batch.imported_at = timezone.now()
        batch.save(update_fields=["imported_at"])
        batch.file.delete(save=False)
        messages.success(
            request,
            _(
                "The import is done: %(created)s books created, %(updated)s updated, "
                "%(skipped)s rows skipped."
            )
            % counts,
        )
        return redirect("kindergarten_depots:item_list")
    preview = catalogue.catalogue_preview(text=text)
    return render(
        request,
        "kindergarten_depots/item_import_preview.html",
        {"batch": batch, "preview": preview},
    )


# ---------------------------------------------------------------------------
# Statistics


@librarian_required
def depot_statistics(request):
    return render(
        request,
        "kindergarten_depots/statistics.html",
        {"stats": statistics.depot_overview(today=timezone.localdate())},
    )


@librarian_required
def depot_statistics_csv(request):
    stats = statistics.depot_overview(today=timezone.localdate())
    return csv_response(statistics.overview_rows(stats), filename="depotstatistik.csv")


# ---------------------------------------------------------------------------
# Calendar feeds


@librarian_required
def feed_list(request):
    kindergartens = (
        Partner.objects.filter(depot_agreements__isnull=False)
        .distinct()
        .select_related("depot_calendar_feed")
        .order_by("name")
    )
    branches = Branch.objects.select_related("depot_calendar_feed").order_by("name")
    return render(
        request,
        "kindergarten_depots/feed_list.html",
        {"kindergartens": kindergartens, "branches": branches},
    )


@require_POST
@librarian_required
def feed_regenerate(request, kind, pk):
    if kind == "kindergarten":
        owner = get_object_or_404(
            Partner.objects.filter(depot_agreements__isnull=False).distinct(), pk=pk
        )
        feed, created = CalendarFeed.objects.get_or_create(kindergarten=owner)
    elif kind == "branch":
        owner = get_object_or_404(Branch, pk=pk)
        feed, created = CalendarFeed.objects.get_or_create(branch=owner)
    else:
        raise Http404
    if not created:
        feed.regenerate()
        messages.success(
            request,
            _("The calendar address of %(name)s was renewed; the old address no longer works.")
            % {"name": owner},
        )
    else:
        messages.success(
            request, _("A calendar address for %(name)s was created.") % {"name": owner}
        )
    return redirect_to_next(request, reverse("kindergarten_depots:feed_list"))


def calendar_feed(request, token):
    """Serve a private iCalendar feed; the token is the only key, so no login is needed."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("kindergarten", "branch"), token=token
    )
    body = feeds.feed_ics(feed=feed, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="udskiftninger.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
