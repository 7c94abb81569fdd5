"""Work across several models: agreements, the swap schedule, packing, delivery and returns.

Every state change of a swap goes through a function here, so the rules (a swap
cannot be delivered before it is packed, check-in cannot run twice, a cancelled
swap cannot be packed …) live in one place.
"""

from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache
from itertools import cycle

import holidays
from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kindergarten_depots.models import (
    ClosurePeriod,
    DepotAgreement,
    Item,
    Loan,
    LossReport,
    PackedItem,
    Swap,
    Theme,
    Wish,
)
from partnerships.models import Partnership, PartnershipPartner

# ---------------------------------------------------------------------------
# Agreements


def agreement_create(
    *,
    kindergarten,
    type: str,
    branch,
    start_date: date,
    end_date: date,
    coordinator,
    age_groups: list[str],
    themes=(),
    books_per_delivery: int | None = None,
    swap_interval_weeks: int | None = None,
    **details,
) -> DepotAgreement:
    """Create a depot agreement together with its partnership (journal, tasks and time come with it)."""
    default_books, default_weeks = DepotAgreement.TYPE_DEFAULTS[DepotAgreement.Type(type)]
    kind = (
        Partnership.Kind.KINDERGARTEN_DEPOT
        if type == DepotAgreement.Type.DEPOT
        else Partnership.Kind.KINDERGARTEN_LIBRARY
    )
    with transaction.atomic():
        partnership = Partnership.objects.create(
            title=f"{DepotAgreement.Type(type).label}: {kindergarten.name}",
            kind=kind,
            status=Partnership.Status.ACTIVE,
            start_date=start_date,
            end_date=end_date,
            coordinator=coordinator,
            created_by=coordinator,
            purpose=_("Books for the children of %(name)s, swapped for fresh ones regularly.")
            % {"name": kindergarten.name},
        )
        PartnershipPartner.objects.create(partnership=partnership, partner=kindergarten)
        agreement = DepotAgreement(
            partnership=partnership,
            kindergarten=kindergarten,
            type=type,
            branch=branch,
            start_date=start_date,
            end_date=end_date,
            age_groups=list(age_groups),
            books_per_delivery=books_per_delivery or default_books,
            swap_interval_weeks=swap_interval_weeks or default_weeks,
            **details,
        )
        agreement.full_clean(exclude=["partnership"])
        agreement.save()
        agreement.themes.set(themes)
    return agreement


def agreement_update(*, agreement: DepotAgreement, changed: list[str]) -> int:
    """Keep the partnership in step with a saved agreement; regenerate the schedule if needed.

    Returns the number of swaps created by the regeneration (0 when nothing was regenerated).
    """
    with transaction.atomic():
        Partnership.objects.filter(pk=agreement.partnership_id).update(
            start_date=agreement.start_date,
            end_date=agreement.end_date,
            kind=Partnership.Kind.KINDERGARTEN_DEPOT
            if agreement.type == DepotAgreement.Type.DEPOT
            else Partnership.Kind.KINDERGARTEN_LIBRARY,
        )
        if {"start_date", "end_date", "swap_interval_weeks"} & set(changed) and (
            agreement.swaps.exists()
        ):
            return swap_generate(agreement=agreement)["created"]
    return 0


# ---------------------------------------------------------------------------
# The schedule


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    return dict(holidays.Denmark(years=year, language="da").items())


def _holiday_name(day: date) -> str | None:
    return _holidays_of(day.year).get(day)


def _closures_for(kindergarten_id) -> list[ClosurePeriod]:
    return list(ClosurePeriod.objects.for_kindergarten(kindergarten_id))


def working_day_on_or_after(day: date, closures: list[ClosurePeriod]) -> tuple[date, str]:
    """Return the first day on or after ``day`` with deliveries, and why it moved (or "").

    Weekends, Danish public holidays and the kindergarten's closures are skipped.
    """
    reasons = []
    moved = day
    for _attempt in range(400):
        reason = None
        if moved.weekday() >= 5:
            reason = _("weekend")
        elif name := _holiday_name(moved):
            reason = _("%(holiday)s (public holiday)") % {"holiday": name}
        else:
            for closure in closures:
                if closure.start_date <= moved <= closure.end_date:
                    reason = _("the kindergarten is closed: %(reason)s") % {
                        "reason": closure.reason
                    }
                    break
        if reason is None:
            break
        if reason not in reasons:
            reasons.append(reason)
        moved += timedelta(days=1)
    if moved == day:
        return day, ""
    return moved, _("Moved from %(date)s: %(reasons)s.") % {
        "date": day.strftime("%d.%m.%Y"),
        "reasons": ", ".join(reasons),
    }


def swap_generate(*, agreement: DepotAgreement, today: date | None = None) -> dict:
    """Create the agreement's swaps from start to end at its interval.

    1. Swaps that are packed, delivered, completed or cancelled, swaps in the past
       and planned swaps whose packing has begun are kept as they are.
    2. Future planned swaps without books are replaced by a fresh schedule.
    3. Each new date that falls on a weekend, a public holiday or a closure moves
       to the next working day, and the reason is stored on the swap.

    Returns counts: {"created": …, "removed": …, "kept": …}.
    """
    return swaps_generate(agreements=[agreement], today=today)


def swaps_generate(*, agreements, today: date | None = None) -> dict:
    """Generate the schedules of many agreements at once, in a fixed number of queries.

    The rules are those of ``swap_generate``. Replaced planned swaps are derived
    data, so their deletion is not written to the audit log.
    """
    today = today or timezone.localdate()
    ids = [agreement.pk for agreement in agreements]
    created = removed = kept_count = 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        locked = list(DepotAgreement.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        replaceable = list(
            Swap.objects.filter(
                agreement_id__in=ids,
                status=Swap.Status.PLANNED,
                planned_date__gte=today,
                packed_items__isnull=True,
            ).values_list("pk", flat=True)
        )
        with disable_auditlog():
            for start in range(0, len(replaceable), 2000):
                chunk = replaceable[start : start + 2000]
                removed += Swap.objects.filter(pk__in=chunk).delete()[1].get(Swap._meta.label, 0)
        kept_by_agreement = defaultdict(list)
        for row in Swap.objects.filter(agreement_id__in=ids).values_list(
            "agreement_id", "original_date", "planned_date", "sequence", "status"
        ):
            kept_by_agreement[row[0]].append(row[1:])
        closures_by_kindergarten = defaultdict(list)
        municipal = []
        for closure in ClosurePeriod.objects.filter(
            Q(kindergarten__isnull=True)
            | Q(kindergarten_id__in={agreement.kindergarten_id for agreement in locked}),
            end_date__gte=min((a.start_date for a in locked), default=today),
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
    return {"created": created, "removed": removed, "kept": kept_count}


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


def swap_move(*, swap: Swap, new_date: date, reason: str, by) -> Swap:
    """Move one swap to another day, with the reason shown on the swap."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for moving the swap."))
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if not swap.can_be_moved():
            raise ValidationError(_("Only planned or packed swaps can be moved."))
        swap.planned_date = new_date
        swap.moved_reason = reason.strip()
        swap.save(update_fields=["planned_date", "moved_reason"])
    return swap


def _release_packed_items(swap: Swap) -> None:
    item_ids = list(swap.packed_items.values_list("item_id", flat=True))
    Item.objects.filter(pk__in=item_ids, status=Item.Status.IN_DEPOT).update(
        status=Item.Status.AVAILABLE, updated_at=timezone.now()
    )
    swap.packed_items.all().delete()


def swap_cancel(*, swap: Swap, reason: str, by) -> Swap:
    """Cancel one swap; books already on its packing list go back on the shelf."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for cancelling the swap."))
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if not swap.can_be_cancelled():
            raise ValidationError(_("Only planned or packed swaps can be cancelled."))
        _release_packed_items(swap)
        swap.status = Swap.Status.CANCELLED
        swap.cancel_reason = reason.strip()
        swap.save(update_fields=["status", "cancel_reason"])
    return swap


# ---------------------------------------------------------------------------
# Packing


def swap_propose(*, swap: Swap, count: int | None = None, today: date | None = None) -> list[Item]:
    """Return up to ``count`` available books to pack for ``swap``.

    The books match the agreement's age groups and themes (and the open wishes
    first), have never been at this kindergarten (or not within the agreement's
    ``repeat_after_months``), and are spread evenly over themes and age groups.
    A handful of queries, whatever the size of the catalogue.
    """
    today = today or timezone.localdate()
    agreement = swap.agreement
    if count is None:
        count = max(agreement.books_per_delivery - swap.packed_items.count(), 0)
    if count <= 0:
        return []
    ages = list(agreement.age_groups)
    theme_ids = set(agreement.themes.values_list("pk", flat=True))
    wishes = list(
        agreement.wishes.filter(status=Wish.Status.OPEN).values_list("theme_id", "age_group")
    )
    wish_themes = {theme for theme, _age in wishes if theme}
    wish_ages = {age for _theme, age in wishes if age}
    wanted_themes = theme_ids | wish_themes
    ages_wanted = sorted(set(ages) | wish_ages)

    earlier = Loan.objects.filter(agreement__kindergarten_id=agreement.kindergarten_id)
    if agreement.repeat_after_months:
        earlier = earlier.filter(
            delivered_on__gte=today - timedelta(days=round(agreement.repeat_after_months * 30.44))
        )
    base = (
        Item.objects.available()
        .filter(age_group__in=ages_wanted)
        .exclude(pk__in=earlier.values("item_id"))
    )
    pool_size = max(count * 6, 60)
    through = Item.themes.through
    themed = base
    if wanted_themes:
        themed = base.filter(
            pk__in=through.objects.filter(theme_id__in=wanted_themes).values("item_id")
        )
    candidates = list(themed.order_by("pk").values_list("pk", "age_group")[:pool_size])
    if len(candidates) < count and wanted_themes:
        # Not enough books on the themes: fill up with books for the right ages.
        seen = {pk for pk, _age in candidates}
        extra = base.exclude(pk__in=seen).order_by("pk").values_list("pk", "age_group")
        candidates += list(extra[: pool_size - len(candidates)])
    if not candidates:
        return []

    themes_of = defaultdict(list)
    for item_id, theme_id in through.objects.filter(
        item_id__in=[pk for pk, _age in candidates]
    ).values_list("item_id", "theme_id"):
        themes_of[item_id].append(theme_id)

    chosen: list[int] = []
    taken: set[int] = set()

    def take(pk):
        chosen.append(pk)
        taken.add(pk)

    # Wishes first: one book per wish in turn, up to half the box.
    if wishes:
        wish_budget = max(count // 2, 1)
        wish_cycle = cycle(wishes)
        misses = 0
        while len(chosen) < wish_budget and misses < len(wishes):
            wish_theme, wish_age = next(wish_cycle)
            match = next(
                (
                    pk
                    for pk, age in candidates
                    if pk not in taken
                    and (not wish_theme or wish_theme in themes_of[pk])
                    and (not wish_age or age == wish_age)
                ),
                None,
            )
            if match is None:
                misses += 1
                continue
            misses = 0
            take(match)

    # Then a balanced mix: round-robin over (theme, age group) buckets; books off
    # the agreement's themes only fill up what the themed books cannot.
    for on_theme in (True, False):
        buckets: dict[tuple, list[int]] = defaultdict(list)
        for pk, age in candidates:
            matching = [t for t in themes_of[pk] if t in wanted_themes]
            if pk in taken or bool(matching or not wanted_themes) != on_theme:
                continue
            matching = matching or themes_of[pk] or [None]
            theme = min(matching, key=lambda t, age=age: (len(buckets[(t, age)]), t or 0))
            buckets[(theme, age)].append(pk)
        queues = [
            list(reversed(b)) for _key, b in sorted(buckets.items(), key=lambda kv: str(kv[0]))
        ]
        while len(chosen) < count and any(queues):
            for queue in queues:
                if queue and len(chosen) < count:
                    take(queue.pop())

    items = Item.objects.in_bulk(chosen)
    return [items[pk] for pk in chosen]


def _item_lock_for_swap(*, swap: Swap, item: Item, by) -> None:
    """Put ``item`` (locked by the caller) on ``swap``'s packing list, or raise why not."""
    if PackedItem.objects.filter(swap=swap, item=item).exists():
        raise ValidationError(
            _("“%(title)s” is already on this packing list.") % {"title": item.title}
        )
    if item.status != Item.Status.AVAILABLE:
        if item.status == Item.Status.IN_DEPOT:
            raise ValidationError(
                _(
                    "“%(title)s” (%(barcode)s) has just been packed for another kindergarten "
                    "or is in a depot. Choose another book."
                )
                % {"title": item.title, "barcode": item.barcode}
            )
        raise ValidationError(
            _("“%(title)s” (%(barcode)s) cannot be packed: it is %(status)s.")
            % {
                "title": item.title,
                "barcode": item.barcode,
                "status": item.get_status_display().lower(),
            }
        )
    item.status = Item.Status.IN_DEPOT
    item.save(update_fields=["status", "updated_at"])
    PackedItem.objects.create(swap=swap, item=item, added_by=by)


def _locked_open_swap(swap: Swap) -> Swap:
    swap = Swap.objects.select_for_update().select_related("agreement").get(pk=swap.pk)
    if not swap.can_be_changed():
        raise ValidationError(
            _("The packing list can only change while the swap is planned (it is %(status)s).")
            % {"status": swap.get_status_display().lower()}
        )
    return swap


def swap_item_add(*, swap: Swap, barcode: str, by) -> Item:
    """Put the book with ``barcode`` on the swap's packing list.

    The book's row is locked, so when two librarians pack the same book at the
    same moment exactly one of them gets it; the other gets a clear message.
    """
    barcode = barcode.strip()
    if not barcode:
        raise ValidationError(_("Scan or type a barcode."))
    try:
        with transaction.atomic():
            swap = _locked_open_swap(swap)
            item = Item.objects.select_for_update().filter(barcode=barcode).first()
            if item is None:
                raise ValidationError(
                    _("No book has the barcode %(barcode)s.") % {"barcode": barcode}
                )
            _item_lock_for_swap(swap=swap, item=item, by=by)
    except IntegrityError:
        raise ValidationError(
            _("The book with barcode %(barcode)s was packed by someone else just now.")
            % {"barcode": barcode}
        ) from None
    return item


def swap_item_remove(*, swap: Swap, item: Item, by) -> None:
    """Take a book off the swap's packing list and put it back on the shelf."""
    with transaction.atomic():
        swap = _locked_open_swap(swap)
        deleted, _rows = PackedItem.objects.filter(swap=swap, item=item).delete()
        if deleted:
            Item.objects.filter(pk=item.pk, status=Item.Status.IN_DEPOT).update(
                status=Item.Status.AVAILABLE, updated_at=timezone.now()
            )


def swap_proposal_add(*, swap: Swap, by) -> int:
    """Fill the packing list up to the target with the proposal; return how many were added.

    Books that someone else packs in the meantime are silently left out.
    """
    proposal = swap_propose(swap=swap)
    if not proposal:
        return 0
    with transaction.atomic():
        swap = _locked_open_swap(swap)
        free = list(
            Item.objects.select_for_update()
            .filter(pk__in=[item.pk for item in proposal], status=Item.Status.AVAILABLE)
            .order_by("pk")
        )
        Item.objects.filter(pk__in=[item.pk for item in free]).update(
            status=Item.Status.IN_DEPOT, updated_at=timezone.now()
        )
        PackedItem.objects.bulk_create(
            [PackedItem(swap=swap, item=item, added_by=by) for item in free]
        )
    return len(free)


def swap_pack(*, swap: Swap, by, barcodes: list[str] | None = None) -> Swap:
    """Mark the swap packed (optionally adding ``barcodes`` first); open wishes count as fulfilled."""
    for barcode in barcodes or []:
        swap_item_add(swap=swap, barcode=barcode, by=by)
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.status == Swap.Status.CANCELLED:
            raise ValidationError(_("A cancelled swap cannot be packed."))
        if not swap.can_be_packed():
            raise ValidationError(_("This swap has already been packed."))
        if not swap.packed_items.exists():
            raise ValidationError(_("The packing list is empty: add books before packing."))
        swap.status = Swap.Status.PACKED
        swap.packed_by = by
        swap.packed_at = timezone.now()
        swap.save(update_fields=["status", "packed_by", "packed_at"])
        Wish.objects.filter(agreement_id=swap.agreement_id, status=Wish.Status.OPEN).update(
            status=Wish.Status.FULFILLED
        )
    return swap


def swap_unpack(*, swap: Swap, by) -> Swap:
    """Reopen a packed swap's packing list (before delivery)."""
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if not swap.can_be_unpacked():
            raise ValidationError(_("Only a packed swap can be reopened."))
        swap.status = Swap.Status.PLANNED
        swap.packed_by = None
        swap.packed_at = None
        swap.save(update_fields=["status", "packed_by", "packed_at"])
    return swap


# ---------------------------------------------------------------------------
# Delivery and returns


def swap_deliver(*, swap: Swap, by, on: date | None = None) -> Swap:
    """Mark a packed swap delivered: each packed book becomes a loan to the kindergarten.

    The books of the previous delivery are now due back; check them in with
    ``swap_check_in`` on this swap.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.status == Swap.Status.PLANNED:
            raise ValidationError(_("A swap cannot be delivered before it is packed."))
        if not swap.can_be_delivered():
            raise ValidationError(
                _("This swap cannot be delivered (it is %(status)s).")
                % {"status": swap.get_status_display().lower()}
            )
        item_ids = list(swap.packed_items.values_list("item_id", flat=True))
        try:
            with transaction.atomic():
                Loan.objects.bulk_create(
                    [
                        Loan(
                            item_id=item_id,
                            agreement_id=swap.agreement_id,
                            delivered_by=swap,
                            delivered_on=on,
                        )
                        for item_id in item_ids
                    ]
                )
        except IntegrityError:
            raise ValidationError(
                _("A book on this packing list is still registered in another depot.")
            ) from None
        swap.status = Swap.Status.DELIVERED
        swap.delivered_by = by
        swap.delivered_at = timezone.now()
        swap.save(update_fields=["status", "delivered_by", "delivered_at"])
    return swap


def loans_due_back(swap: Swap):
    """Return the open loans that come back with ``swap`` (those of earlier deliveries)."""
    return (
        Loan.objects.open()
        .filter(agreement_id=swap.agreement_id)
        .exclude(delivered_by=swap)
        .select_related("item", "delivered_by")
        .order_by("item__title", "pk")
    )


def swap_check_in(
    *, swap: Swap, returned: set[str], damaged: set[str] = frozenset(), by
) -> dict[str, int]:
    """Check in the books that came back when ``swap`` was delivered.

    ``returned`` holds the barcodes scanned, ``damaged`` those of them that came
    back damaged. Every other book of the earlier deliveries is missing. Missing
    and damaged books are written off and never charged. Earlier swaps whose
    books are all back become completed. Cannot run twice for the same swap.
    Returns counts per return state.
    """
    returned = {barcode.strip() for barcode in returned if barcode.strip()}
    damaged = {barcode.strip() for barcode in damaged if barcode.strip()}
    today = timezone.localdate()
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.checked_in_at is not None:
            raise ValidationError(_("The returns of this swap have already been checked in."))
        if not swap.can_be_checked_in():
            raise ValidationError(_("Returns are checked in when the swap has been delivered."))
        loans = list(loans_due_back(swap).select_for_update(of=("self",)))
        known = {loan.item.barcode for loan in loans}
        unknown = (returned | damaged) - known
        if unknown:
            raise ValidationError(
                _("These barcodes are not among the books due back: %(barcodes)s.")
                % {"barcodes": ", ".join(sorted(unknown))}
            )
        counts = dict.fromkeys(Loan.ReturnState.values, 0)
        item_status = {}
        for loan in loans:
            barcode = loan.item.barcode
            if barcode in damaged:
                state, status = Loan.ReturnState.DAMAGED, Item.Status.DAMAGED
            elif barcode in returned:
                state, status = Loan.ReturnState.RETURNED, Item.Status.AVAILABLE
            else:
                state, status = Loan.ReturnState.MISSING, Item.Status.LOST
            loan.return_state = state
            loan.returned_on = today
            loan.returned_by = swap
            loan.written_off = state != Loan.ReturnState.RETURNED
            counts[state] += 1
            item_status.setdefault(status, []).append(loan.item_id)
        Loan.objects.bulk_update(
            loans, ["return_state", "returned_on", "returned_by", "written_off"]
        )
        now = timezone.now()
        for status, item_ids in item_status.items():
            Item.objects.filter(pk__in=item_ids).update(status=status, updated_at=now)
        # Every earlier delivery is now back (or written off): those swaps are done.
        Swap.objects.filter(agreement_id=swap.agreement_id, status=Swap.Status.DELIVERED).exclude(
            pk=swap.pk
        ).update(status=Swap.Status.COMPLETED)
        swap.checked_in_by = by
        swap.checked_in_at = now
        swap.save(update_fields=["checked_in_by", "checked_in_at"])
    return counts


def loss_report_create(*, loan: Loan, kind: str, description: str, by) -> LossReport:
    """Record a kindergarten's report of a missing or damaged book (never charged)."""
    if not loan.is_open:
        raise ValidationError(_("The book has already come back to the library."))
    return LossReport.objects.create(loan=loan, kind=kind, description=description, reported_by=by)


def themes_get_or_create(names: list[str]) -> list[Theme]:
    """Return the themes with these names (case-insensitive), creating missing ones."""
    wanted = {name.strip().lower(): name.strip() for name in names if name.strip()}
    existing = {theme.name.lower(): theme for theme in Theme.objects.all()}
    result = []
    for key, name in wanted.items():
        theme = existing.get(key) or Theme.objects.create(name=name)
        result.append(theme)
    return result
