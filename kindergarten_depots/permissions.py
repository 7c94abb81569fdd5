"""Who may do what with depots and the kindergarten portal: the one place that decides.

Getters return an object only if the user may reach it (404 otherwise); ``may_*``
predicates answer yes/no; templates receive their answers as flags.

Two audiences:

* the depot pages (``depoter/``) are for librarians: ``agreement_for``, ``swap_for``,
  ``item_for`` … return any row to a librarian and nothing to anybody else;
* the portal (``portal/``) is for kindergarten staff: ``portal_swap_for``,
  ``portal_wish_for`` … return only their own kindergarten's rows, so another
  kindergarten's object is a 404.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles
from kindergarten_depots.models import (
    CalendarFeed,
    ClosurePeriod,
    DepotAgreement,
    ImportBatch,
    Item,
    Loan,
    PackedItem,
    ScheduleRun,
    Swap,
    Wish,
)
from partnerships.models import Branch, Partner

# ---------------------------------------------------------------------------
# Predicates


def may_use_depots(user) -> bool:
    """The depot pages (agreements, schedule, packing, catalogue, …) are for librarians."""
    return roles.is_librarian(user)


def may_use_portal(user) -> bool:
    """The portal is for kindergarten staff linked to their kindergarten."""
    return roles.is_kindergarten_staff(user)


def may_wish(user, agreement: DepotAgreement | None) -> bool:
    """Staff may add wishes while their agreement still has swaps to come."""
    return may_use_portal(user) and agreement is not None and agreement.accepts_wishes()


def may_write_to_library(user, agreement: DepotAgreement | None) -> bool:
    """Staff write to the library through their agreement's partnership journal."""
    return may_use_portal(user) and agreement is not None


# ---------------------------------------------------------------------------
# Depot pages (librarians)


def _depot_rows(user, queryset: QuerySet) -> QuerySet:
    """Return ``queryset`` for a user of the depot pages, else no rows (so a 404)."""
    return queryset if may_use_depots(user) else queryset.none()


def agreement_for(user, pk, queryset: QuerySet | None = None) -> DepotAgreement:
    return get_object_or_404(
        _depot_rows(user, DepotAgreement.objects.all() if queryset is None else queryset), pk=pk
    )


def swap_for(user, pk, queryset: QuerySet | None = None) -> Swap:
    return get_object_or_404(
        _depot_rows(user, Swap.objects.all() if queryset is None else queryset), pk=pk
    )


def loan_for(user, pk) -> Loan:
    return get_object_or_404(_depot_rows(user, Loan.objects.select_related("item")), pk=pk)


def may_drive(user) -> bool:
    """The driver's day (route, stops, boxes) is run by library staff."""
    return roles.is_librarian(user)


def route_swap_for(user, pk) -> Swap:
    """Return swap ``pk`` for the driver's pages."""
    rows = Swap.objects.select_related("agreement__branch", "agreement__kindergarten")
    return get_object_or_404(rows if may_drive(user) else rows.none(), pk=pk)


def packed_item_for(user, swap: Swap, item_pk) -> PackedItem:
    """Return the packing-list row of book ``item_pk`` on ``swap``."""
    rows = PackedItem.objects.select_related("item").filter(swap=swap)
    return get_object_or_404(_depot_rows(user, rows), item_id=item_pk)


def item_for(user, pk, queryset: QuerySet | None = None) -> Item:
    return get_object_or_404(
        _depot_rows(user, Item.objects.all() if queryset is None else queryset), pk=pk
    )


def closure_for(user, pk) -> ClosurePeriod:
    return get_object_or_404(_depot_rows(user, ClosurePeriod.objects.all()), pk=pk)


def import_batch_for(user, token: str) -> ImportBatch:
    """Return the catalogue upload ``token`` if ``user`` uploaded it and it still waits.

    Someone else's upload, a confirmed one and one older than a day are all 404.
    """
    batch = (
        _depot_rows(user, ImportBatch.objects.all())
        .filter(token=token, uploaded_by=user, status=ImportBatch.Status.UPLOADED)
        .first()
    )
    if batch is None or batch.is_stale():
        raise Http404
    return batch


def schedule_run_for(user, pk) -> ScheduleRun:
    """Return the schedule generation ``pk`` for a user of the depot pages; else 404."""
    return get_object_or_404(_depot_rows(user, ScheduleRun.objects.all()), pk=pk)


def import_batch_progress_for(user, token: str) -> ImportBatch:
    """Return the confirmed catalogue import ``token`` if ``user`` uploaded it; else 404."""
    return get_object_or_404(
        _depot_rows(user, ImportBatch.objects.exclude(status=ImportBatch.Status.UPLOADED)),
        token=token,
        uploaded_by=user,
    )


def feed_owner_for(user, kind: str, pk) -> Partner | Branch:
    """Return the kindergarten (with a depot agreement) or branch whose feed is meant."""
    if kind == "kindergarten":
        owners = Partner.objects.filter(depot_agreements__isnull=False).distinct()
    elif kind == "branch":
        owners = Branch.objects.all()
    else:
        raise Http404
    return get_object_or_404(_depot_rows(user, owners), pk=pk)


def calendar_feed_for_token(token: str) -> CalendarFeed:
    """Return the feed with this secret token: the token is the only key, so anybody
    who has it may read the feed."""
    return get_object_or_404(
        CalendarFeed.objects.select_related("kindergarten", "branch"), token=token
    )


# ---------------------------------------------------------------------------
# The portal (kindergarten staff, scoped to their own kindergarten)


def _portal_rows(user, queryset: QuerySet) -> QuerySet:
    """Return the rows of ``queryset`` that belong to the user's own kindergarten."""
    if not may_use_portal(user):
        return queryset.none()
    return queryset.visible_to(user)


def portal_kindergarten_for(user) -> Partner:
    """Return the user's own kindergarten."""
    if not may_use_portal(user):
        raise Http404
    return get_object_or_404(Partner.objects.prefetch_related("contacts"), pk=user.partner_id)


def portal_agreement_for(user) -> DepotAgreement | None:
    """Return the agreement the portal shows: the active one, else the most recent (or None)."""
    return (
        _portal_rows(user, DepotAgreement.objects.all())
        .exclude(status=DepotAgreement.Status.DRAFT)
        .select_related("partnership__coordinator", "branch", "contact")
        .most_relevant_first()
        .first()
    )


def portal_swaps(user) -> QuerySet[Swap]:
    return _portal_rows(user, Swap.objects.all())


def portal_swap_for(user, pk) -> Swap:
    return get_object_or_404(portal_swaps(user), pk=pk)


def portal_wishes(user) -> QuerySet[Wish]:
    return _portal_rows(user, Wish.objects.all())


def portal_wish_for(user, pk) -> Wish:
    return get_object_or_404(portal_wishes(user), pk=pk)


def portal_written_off_loan_for(user, pk) -> Loan:
    """Return one of the user's kindergarten's books written off as missing."""
    rows = _portal_rows(user, Loan.objects.all()).filter(return_state=Loan.ReturnState.MISSING)
    return get_object_or_404(rows, pk=pk)


def portal_open_loans(user) -> QuerySet[Loan]:
    """Return the books the user's kindergarten has now."""
    return _portal_rows(user, Loan.objects.all()).open().select_related("item")
