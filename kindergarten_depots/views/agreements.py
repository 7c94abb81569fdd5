"""Depot agreements: the list, one agreement, creating and editing it, its schedule."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
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
from kindergarten_depots.models import CalendarFeed, ClosurePeriod, DepotAgreement, Swap
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.forms import form_errors_message

depots_required = role_required(permissions.may_use_depots)


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
            .annotate(
                open_loans=Count("loans", filter=Q(loans__returned_on__isnull=True), distinct=True)
            )
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
                    picking=data["picking"],
                    picking_branch=data["picking_branch"],
                    books_per_box=data["books_per_box"],
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
    messages.success(
        request,
        _(
            "The schedule was generated: %(created)s new swaps, %(removed)s planned swaps "
            "replaced, %(kept)s kept."
        )
        % result,
    )
    return redirect(agreement)
