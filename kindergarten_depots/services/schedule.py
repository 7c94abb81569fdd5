"""The swap schedule: generating it around holidays and closures, moving and cancelling."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from auditlog.context import disable_auditlog
from dateutil.easter import easter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import (
    ClosurePeriod,
    DepotAgreement,
    Item,
    Swap,
)


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    return dict(holidays.Denmark(years=year, language="da").items())


def _holiday_name(day: date) -> str | None:
    return _holidays_of(day.year).get(day)


def closures_for(kindergarten_id) -> list[ClosurePeriod]:
    return list(
        ClosurePeriod.objects.for_kindergarten(kindergarten_id).filter(part=ClosurePeriod.Part.DAY)
    )


def default_closures(year: int) -> list[ClosurePeriod]:
    """Return the closures every Danish daycare has in ``year`` (unsaved)."""
    rule, part = ClosurePeriod.Rule, ClosurePeriod.Part
    ascension_friday = easter(year) + timedelta(days=40)
    days = [
        (rule.CHRISTMAS_EVE, date(year, 12, 24), part.DAY),
        (rule.NEW_YEARS_EVE, date(year, 12, 31), part.DAY),
        (rule.FRIDAY_AFTER_ASCENSION, ascension_friday, part.DAY),
        (rule.CONSTITUTION_DAY, date(year, 6, 5), part.AFTERNOON),
    ]
    with translation.override(settings.LANGUAGE_CODE):
        return [
            ClosurePeriod(
                rule=code, start_date=day, end_date=day, part=closed, reason=str(code.label)
            )
            for code, day, closed in days
        ]


def closures_ensure_defaults(*, years: Iterable[int]) -> int:
    """Create the recurring daycare closures of ``years`` that do not exist yet; a year's
    row once made is the librarians' to change. Return how many were created."""
    years = list(years)
    existing = {
        (row_rule, day.year)
        for row_rule, day in ClosurePeriod.objects.filter(
            kindergarten__isnull=True, start_date__year__in=years
        )
        .exclude(rule="")
        .values_list("rule", "start_date")
    }
    new = [
        closure
        for year in years
        for closure in default_closures(year)
        if (closure.rule, year) not in existing
    ]
    ClosurePeriod.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def closure_remove(*, closure: ClosurePeriod) -> str:
    """Remove a closure period; return what happened (``deleted`` or ``opened``).

    A recurring daycare closure (24 Dec, …) is not deleted, because the schedule would
    make it again for its year: it is marked open for that year instead.
    """
    if closure.rule:
        closure.part = ClosurePeriod.Part.OPEN
        closure.save(update_fields=["part"])
        return "opened"
    closure.delete()
    return "deleted"


def why_no_delivery(day: date, closures: list[ClosurePeriod]) -> str | None:
    """Return why there are no deliveries on ``day`` (a weekend, a Danish public holiday
    or a closure), or None on a working day."""
    if day.weekday() >= 5:
        return _("weekend")
    if name := _holiday_name(day):
        return _("%(holiday)s (public holiday)") % {"holiday": name}
    for closure in closures:
        if closure.start_date <= day <= closure.end_date:
            return _("the kindergarten is closed: %(reason)s") % {"reason": closure.reason}
    return None


def working_day_on_or_after(day: date, closures: list[ClosurePeriod]) -> tuple[date, str]:
    """Return the first day on or after ``day`` with deliveries, and why it moved (or "").

    Weekends, Danish public holidays and the kindergarten's closures are skipped.
    """
    reasons = []
    moved = day
    for _attempt in range(400):
        reason = why_no_delivery(moved, closures)
        if reason is None:
            break
        if reason not in reasons:
            reasons.append(reason)
        moved += timedelta(days=1)
    if moved == day:
        return day, ""
    return moved, _("Moved from %(date)s: %(reasons)s.") % {
        "date": date_format(day, "SHORT_DATE_FORMAT"),
        "reasons": ", ".join(reasons),
    }


def swap_generate(*, agreement: DepotAgreement, today: date | None = None) -> dict:
    """Create the agreement's swaps from start to end at its interval.

    1. Swaps that are packed, delivered, completed or cancelled, swaps in the past,
       planned swaps whose packing has begun and swaps someone moved by hand are
       kept as they are (a person's decision is never lost).
    2. Future planned swaps without books are replaced by a fresh schedule.
    3. Each new date that falls on a weekend, a public holiday or a closure moves
       to the next working day, and the reason is stored on the swap.
    4. The depot numbers of swaps not yet packed follow their dates.

    Raises ValidationError ``agreement_not_running`` for a paused or ended agreement.
    Returns counts: {"created", "removed", "kept", "moved", "cancelled"} (the last two:
    kept swaps moved or cancelled by hand).
    """
    return swaps_generate(agreements=[agreement], today=today)


def swaps_generate(*, agreements: Iterable[DepotAgreement], today: date | None = None) -> dict:
    """Generate the schedules of many agreements at once, in a fixed number of queries.

    The rules are those of ``swap_generate``. Replaced planned swaps are derived
    data, so their deletion is not written to the audit log.
    """
    today = today or timezone.localdate()
    ids = [agreement.pk for agreement in agreements]
    created = removed = kept_count = 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        locked = list(DepotAgreement.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if any(a.status in (a.Status.PAUSED, a.Status.ENDED) for a in locked):
            raise ValidationError(
                _("A paused or ended agreement gets no new swaps."), code="agreement_not_running"
            )
        replaceable = list(
            Swap.objects.filter(
                agreement_id__in=ids,
                kind=Swap.Kind.SWAP,
                status=Swap.Status.PLANNED,
                planned_date__gte=today,
                packed_items__isnull=True,
                moved_by__isnull=True,
            ).values_list("pk", flat=True)
        )
        with disable_auditlog():
            for start in range(0, len(replaceable), 2000):
                chunk = replaceable[start : start + 2000]
                removed += Swap.objects.filter(pk__in=chunk).delete()[1].get(Swap._meta.label, 0)
        kept_by_agreement = defaultdict(list)
        kept_rows = Swap.objects.filter(agreement_id__in=ids, held=False)
        for row in kept_rows.values_list(
            "agreement_id", "original_date", "planned_date", "sequence", "status"
        ):
            kept_by_agreement[row[0]].append(row[1:])
        by_hand = kept_rows.filter(planned_date__gte=today)
        moved = by_hand.filter(moved_by__isnull=False).count()
        cancelled = by_hand.filter(status=Swap.Status.CANCELLED, cancelled_by__isnull=False).count()
        first_day = min((a.start_date for a in locked), default=today)
        last_day = max((a.end_date for a in locked), default=today)
        closures_ensure_defaults(years=range(first_day.year, last_day.year + 1))
        closures_by_kindergarten = defaultdict(list)
        municipal = []
        for closure in ClosurePeriod.objects.filter(
            Q(kindergarten__isnull=True)
            | Q(kindergarten_id__in={agreement.kindergarten_id for agreement in locked}),
            end_date__gte=first_day,
            part=ClosurePeriod.Part.DAY,
        ):
            if closure.kindergarten_id is None:
                municipal.append(closure)
            else:
                closures_by_kindergarten[closure.kindergarten_id].append(closure)
        new_swaps = []
        for agreement in locked:
            kept = kept_by_agreement[agreement.pk]
            kept_count += len(kept)
            closures = municipal + closures_by_kindergarten[agreement.kindergarten_id]
            new_swaps += _schedule(agreement, kept, closures, today)
        Swap.objects.bulk_create(new_swaps, batch_size=2000)
        created = len(new_swaps)
        _renumber(ids)
    return {
        "created": created,
        "removed": removed,
        "kept": kept_count,
        "moved": moved,
        "cancelled": cancelled,
    }


def _renumber(agreement_ids: list[int]) -> None:
    """Number each agreement's swaps that are not packed yet after the packed ones, in
    date order (packed swaps keep theirs: it is on their labels)."""
    rows = defaultdict(list)
    for swap in Swap.objects.filter(agreement_id__in=agreement_ids).order_by("planned_date", "pk"):
        rows[swap.agreement_id].append(swap)
    changed = []
    for swaps in rows.values():
        labelled = [
            s for s in swaps if s.status not in (Swap.Status.PLANNED, Swap.Status.CANCELLED)
        ]
        number = max((s.sequence for s in labelled), default=0)
        for swap in swaps:
            if swap in labelled:
                continue
            number += 1
            if swap.sequence != number:
                swap.sequence = number
                changed.append(swap)
    with disable_auditlog():
        Swap.objects.bulk_update(changed, ["sequence"], batch_size=2000)


def _schedule(agreement, kept, closures, today) -> list[Swap]:
    kept_original = {original for original, _planned, _seq, _status in kept}
    half_interval = timedelta(days=agreement.swap_interval_weeks * 7 // 2)
    # A cancelled swap keeps its own date free, but does not crowd out its neighbours.
    kept_planned = sorted(
        planned for _o, planned, _seq, status in kept if status != Swap.Status.CANCELLED
    )
    sequence = max((seq for _o, _p, seq, _s in kept), default=0)
    step = timedelta(weeks=agreement.swap_interval_weeks)
    new_swaps = []
    original = agreement.start_date
    while original <= agreement.end_date:
        too_close = any(abs(planned - original) < half_interval for planned in kept_planned)
        if original >= today and original not in kept_original and not too_close:
            planned, reason = working_day_on_or_after(original, closures)
            sequence += 1
            new_swaps.append(
                Swap(
                    agreement=agreement,
                    sequence=sequence,
                    original_date=original,
                    planned_date=planned,
                    moved_reason=reason,
                )
            )
        original += step
    return new_swaps


def swap_move(*, swap: Swap, new_date: date, reason: str, by: User, override: bool = False) -> Swap:
    """Move one swap to another day, with the reason and who moved it shown on the swap.

    A day without deliveries (weekend, public holiday, closure) is refused with code
    ``date_closed`` unless ``override`` says the librarian means it.
    """
    if not reason.strip():
        raise ValidationError(_("Give a reason for moving the swap."), code="reason_missing")
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        closures_ensure_defaults(years=[new_date.year])
        closed = why_no_delivery(new_date, closures_for(swap.agreement.kindergarten_id))
        if closed and not override:
            raise ValidationError(
                _(
                    "There are no deliveries on %(date)s: %(why)s. Tick “Move anyway” if "
                    "the kindergarten has agreed to it."
                )
                % {"date": date_format(new_date, "SHORT_DATE_FORMAT"), "why": closed},
                code="date_closed",
            )
        if not swap.can_be_moved():
            raise ValidationError(
                _("Only planned or packed swaps can be moved."), code="swap_not_movable"
            )
        swap.planned_date = new_date
        swap.moved_reason = reason.strip()
        swap.moved_by = by
        swap.moved_at = timezone.now()
        swap.save(update_fields=["planned_date", "moved_reason", "moved_by", "moved_at"])
    return swap


def release_packed_items(swap: Swap) -> None:
    item_ids = list(swap.packed_items.values_list("item_id", flat=True))
    Item.objects.filter(pk__in=item_ids, status=Item.Status.IN_DEPOT).update(
        status=Item.Status.AVAILABLE, updated_at=timezone.now()
    )
    swap.packed_items.all().delete()


def swap_cancel(*, swap: Swap, reason: str, by: User) -> Swap:
    """Cancel one swap, recording why and by whom; books already on its packing list go
    back on the shelf."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for cancelling the swap."), code="reason_missing")
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if not swap.can_be_cancelled():
            raise ValidationError(
                _("Only planned or packed swaps can be cancelled."), code="swap_not_cancellable"
            )
        release_packed_items(swap)
        swap.status = Swap.Status.CANCELLED
        swap.cancel_reason = reason.strip()
        swap.cancelled_by = by
        swap.cancelled_at = timezone.now()
        swap.save(update_fields=["status", "cancel_reason", "cancelled_by", "cancelled_at"])
    return swap
