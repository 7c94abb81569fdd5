"""The driver's day: the order of the stops, delivery and collection per stop, boxes."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import Box, RouteStop, Swap
from kindergarten_depots.services.returns import swap_deliver
from partnerships.models import Branch

# A stop without a stored position goes after those with one, by kindergarten name.
UNORDERED = 10**6


def route_swaps(*, day: date, branch: Branch):
    """Return the swaps of ``day`` served by ``branch`` (not cancelled) in stop order,
    each with its boxes, the boxes it collects (``boxes_back``) and its stop (or None)."""
    boxes_out = Box.objects.filter(out_at__isnull=False).order_by("number")
    swaps = list(
        Swap.objects.filter(planned_date=day, agreement__branch=branch)
        .exclude(status=Swap.Status.CANCELLED)
        .select_related("agreement__kindergarten", "agreement__contact", "stop")
        .annotate(book_count=Count("packed_items", distinct=True))
        .with_due_back_count()
        .prefetch_related(
            Prefetch("boxes", queryset=Box.objects.order_by("number"), to_attr="box_list"),
            Prefetch(
                "agreement__swaps",
                queryset=Swap.objects.filter(planned_date__lt=day)
                .exclude(status=Swap.Status.CANCELLED)
                .prefetch_related(Prefetch("boxes", queryset=boxes_out, to_attr="out_boxes")),
                to_attr="earlier_swaps",
            ),
        )
    )
    for swap in swaps:
        swap.box_total = len(swap.box_list)
        swap.boxes_back = [
            box for earlier in swap.agreement.earlier_swaps for box in earlier.out_boxes
        ]
        swap.route_stop = getattr(swap, "stop", None)
    swaps.sort(key=_stop_order)
    return swaps


def _stop_order(swap):
    stop = swap.route_stop
    position = stop.position if stop is not None and stop.position else UNORDERED
    return (position, swap.agreement.kindergarten.name.lower(), swap.pk)


def _stop_of(swap: Swap) -> RouteStop:
    stop, _created = RouteStop.objects.select_for_update().get_or_create(swap=swap)
    return stop


def route_stop_move(*, swap: Swap, up: bool, by: User) -> None:
    """Move ``swap`` one stop earlier (``up``) or later on its day's route.

    Every stop of the route gets a stored position, so the order stays as the driver
    left it.
    """
    with transaction.atomic():
        # Lock the day's route of the branch, so two moves at once cannot interleave.
        list(
            Swap.objects.select_for_update()
            .filter(planned_date=swap.planned_date, agreement__branch_id=swap.agreement.branch_id)
            .values_list("pk", flat=True)
        )
        route = route_swaps(day=swap.planned_date, branch=swap.agreement.branch)
        index = next((i for i, other in enumerate(route) if other.pk == swap.pk), None)
        if index is None:
            raise ValidationError(_("This swap is not on a route."), code="stop_not_on_route")
        target = index - 1 if up else index + 1
        if not 0 <= target < len(route):
            return
        route[index], route[target] = route[target], route[index]
        for position, other in enumerate(route, start=1):
            RouteStop.objects.update_or_create(swap=other, defaults={"position": position})


def route_stop_deliver(*, swap: Swap, by: User) -> Swap:
    """The driver left the books: deliver the swap (the time is recorded)."""
    return swap_deliver(swap=swap, by=by)


def route_stop_collect(*, swap: Swap, by: User) -> RouteStop:
    """The driver picked up the earlier delivery's boxes at this stop.

    The boxes not scanned in one by one count as scanned in now.
    """
    with transaction.atomic():
        stop = _stop_of(swap)
        if stop.collected_at is not None:
            raise ValidationError(
                _("The books of this stop have already been collected."), code="stop_collected"
            )
        now = timezone.now()
        stop.collected_at = now
        stop.collected_by = by
        stop.save(update_fields=["collected_at", "collected_by"])
        _boxes_due_back(swap).filter(in_at=None).update(in_at=now, in_by=by)
    return stop


def route_stop_problem(*, swap: Swap, problem: str, note: str, by: User) -> RouteStop:
    """Note what went wrong at a stop (closed, nobody there …), or clear it."""
    if problem not in RouteStop.Problem.values:
        raise ValidationError(_("Choose a problem from the list."), code="stop_problem_unknown")
    if problem == RouteStop.Problem.OTHER and not note.strip():
        raise ValidationError(
            _("Say what went wrong in the note."), code="stop_problem_note_missing"
        )
    with transaction.atomic():
        stop = _stop_of(swap)
        stop.problem = problem
        stop.note = note.strip()
        stop.noted_at = timezone.now() if problem or stop.note else None
        stop.noted_by = by if stop.noted_at else None
        stop.save(update_fields=["problem", "note", "noted_at", "noted_by"])
    return stop


def _boxes_due_back(swap: Swap):
    """Return the boxes of earlier deliveries to ``swap``'s kindergarten still out there."""
    return Box.objects.filter(
        swap__agreement_id=swap.agreement_id,
        swap__planned_date__lt=swap.planned_date,
        out_at__isnull=False,
    ).exclude(swap__status=Swap.Status.CANCELLED)


def box_scan(*, swap: Swap, barcode: str, by: User) -> tuple[Box, str]:
    """Scan a box at ``swap``'s stop: one of its own boxes goes out, one of an earlier
    delivery comes back in. Return the box and "out" or "in"."""
    barcode = barcode.strip()
    if not barcode:
        raise ValidationError(_("Scan or type a barcode."), code="barcode_missing")
    with transaction.atomic():
        box = (
            Box.objects.select_for_update()
            .filter(barcode=barcode)
            .filter(Q(swap=swap) | Q(pk__in=_boxes_due_back(swap).values("pk")))
            .first()
        )
        if box is None:
            raise ValidationError(
                _("The box %(barcode)s does not belong to this stop.") % {"barcode": barcode},
                code="box_not_at_stop",
            )
        now = timezone.now()
        if box.swap_id == swap.pk:
            if box.out_at is not None:
                raise ValidationError(
                    _("The box %(barcode)s has already been scanned out.") % {"barcode": barcode},
                    code="box_already_out",
                )
            box.out_at, box.out_by, direction = now, by, "out"
        else:
            if box.in_at is not None:
                raise ValidationError(
                    _("The box %(barcode)s has already been scanned in.") % {"barcode": barcode},
                    code="box_already_in",
                )
            box.in_at, box.in_by, direction = now, by, "in"
        box.save(update_fields=["out_at", "out_by", "in_at", "in_by"])
    return box, direction
