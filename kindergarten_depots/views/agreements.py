"""Depot agreements: the list, one agreement, creating and editing it, its schedule."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView

from accounts.permissions import RoleRequiredMixin, role_required
from kindergarten_depots import permissions, services
from kindergarten_depots.filters import AgreementFilter
from kindergarten_depots.forms import AgreementForm
from kindergarten_depots.models import CalendarFeed, ClosurePeriod, DepotAgreement, Loan, Swap
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.forms import form_errors_message

depots_required = role_required(permissions.may_use_depots)
SWAPS_PER_PAGE = 50


def _open_loan_count():
    open_loans = (
        Loan.objects.open()
        .filter(agreement=OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(open_loans, output_field=IntegerField()), 0)


class AgreementListView(RoleRequiredMixin, FilterView):
    role_test = staticmethod(permissions.may_use_depots)
    model = DepotAgreement
    filterset_class = AgreementFilter
    template_name = "kindergarten_depots/agreement_list.html"
    paginate_by = 50

    def get_queryset(self):
        today = timezone.localdate()
        return (
            DepotAgreement.objects.select_related("kindergarten", "branch")
            # A correlated subquery, not a join: the database counts the open loans of
            # the 50 agreements on the page only, not of every loan before the LIMIT.
            .annotate(open_loans=_open_loan_count())
            .prefetch_related(
                Prefetch(
                    "swaps",
                    queryset=Swap.objects.coming(today=today).order_by("planned_date"),
                    to_attr="upcoming_swaps",
                )
            )
            .order_by("kindergarten__name", "pk")
        )


@depots_required
def agreement_detail(request, pk):
    agreement = permissions.agreement_for(
        request.user,
        pk,
        DepotAgreement.objects.select_related(
            "kindergarten", "branch", "picking_branch", "contact", "partnership"
        ).prefetch_related("themes"),
    )
    swaps = agreement.swaps.annotate(book_count=Count("packed_items")).order_by(
        "planned_date", "pk"
    )
    page_obj = Paginator(swaps, SWAPS_PER_PAGE).get_page(request.GET.get("page"))
    partnership = agreement.partnership
    status = DepotAgreement.Status
    closures = ClosurePeriod.objects.for_kindergarten(agreement.kindergarten_id).filter(
        end_date__gte=agreement.start_date, start_date__lte=agreement.end_date
    )
    feed = CalendarFeed.objects.filter(kindergarten_id=agreement.kindergarten_id).first()
    return render(
        request,
        "kindergarten_depots/agreement_detail.html",
        {
            "agreement": agreement,
            "swaps": page_obj,
            "page_obj": page_obj,
            "checklist": partnership.activation_checklist()
            if agreement.status == status.DRAFT
            else [],
            "can_activate": agreement.status == status.DRAFT,
            "can_pause": agreement.status == status.ACTIVE,
            "can_resume": agreement.status == status.PAUSED,
            "can_end": agreement.status != status.ENDED,
            "can_generate": agreement.status in (status.DRAFT, status.ACTIVE),
            "is_complete": agreement.is_complete(),
            "closures": closures,
            "wishes": agreement.wishes.select_related("theme", "created_by", "withdrawn_by")[:20],
            "open_loan_count": agreement.loans.open().count(),
            "feed": feed,
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else "",
        },
    )


def _agreement_form_page(request, agreement=None):
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved, regenerated = _agreement_save(request, form, agreement)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if agreement is None:
                    messages.success(
                        request,
                        _(
                            "The agreement with %(name)s was created as a draft. Check its "
                            "win-win and activate it, then generate its schedule."
                        )
                        % {"name": saved.kindergarten},
                    )
                else:
                    messages.success(request, _("The changes to the agreement were saved."))
                    if regenerated:
                        messages.info(request, regeneration_message(regenerated))
                return redirect(saved)
        form_errors_message(request)
    return render(
        request, "kindergarten_depots/agreement_form.html", {"form": form, "agreement": agreement}
    )


def _agreement_save(request, form, agreement):
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
            contact=data["contact"],
            delivery_address=data["delivery_address"],
            delivery_instructions=data["delivery_instructions"],
            repeat_after_months=data["repeat_after_months"],
            picking=data["picking"],
            picking_branch=data["picking_branch"],
            books_per_box=data["books_per_box"],
            **form.gains(),
        )
        return saved, None
    with transaction.atomic():
        saved = form.save()
        regenerated = services.agreement_update(
            agreement=saved,
            changed=form.changed_data,
            **form.gains(),
        )
    return saved, regenerated


def regeneration_message(result: dict) -> str:
    """Return what a regeneration did: what it added and replaced, and what it kept."""
    return (
        _(
            "The schedule was generated: %(created)s new swaps, %(removed)s planned swaps "
            "replaced, %(kept)s kept (of them %(moved)s moved and %(cancelled)s cancelled by hand)."
        )
        % result
    )


@depots_required
def agreement_create(request):
    return _agreement_form_page(request)


@depots_required
def agreement_update(request, pk):
    return _agreement_form_page(request, permissions.agreement_for(request.user, pk))


@require_http_methods(["GET", "POST"])
@depots_required
def agreement_generate(request, pk):
    agreement = permissions.agreement_for(request.user, pk)
    replaceable = (
        agreement.swaps.filter(
            status=Swap.Status.PLANNED,
            planned_date__gte=timezone.localdate(),
            packed_items__isnull=True,
        )
        .distinct()
        .count()
    )
    # The first schedule takes nothing away; a new one replaces planned swaps, dates
    # moved by hand included, so that asks first.
    if not is_confirmed(request) and (replaceable or request.method == "GET"):
        return confirm_page(
            request,
            title=_("Regenerate the schedule of %(agreement)s") % {"agreement": agreement},
            consequences=[
                ngettext(
                    "%(count)s future planned swap without books is replaced by a fresh schedule from the agreement's dates and interval; a date moved by hand is lost.",
                    "%(count)s future planned swaps without books are replaced by a fresh schedule from the agreement's dates and interval; dates moved by hand are lost.",
                    replaceable,
                )
                % {"count": replaceable},
                _(
                    "Swaps in the past, swaps being packed, delivered or cancelled stay as they are."
                ),
            ],
            button=_("Regenerate the schedule"),
            cancel_url=agreement.get_absolute_url(),
            back_label=str(agreement),
            breadcrumbs=[(reverse("kindergarten_depots:agreement_list"), _("Depots"))],
        )
    result = services.swap_generate(agreement=agreement)
    messages.success(request, regeneration_message(result))
    return redirect(agreement)
