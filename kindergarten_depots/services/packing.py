"""Packing: the proposal, the packing list and its locks, marking a swap packed."""

from collections import defaultdict
from datetime import date, timedelta
from itertools import cycle

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from kindergarten_depots.models import (
    Box,
    Item,
    Loan,
    PackedItem,
    Swap,
    Wish,
)


def swap_propose(*, swap: Swap, count: int | None = None, today: date | None = None) -> list[Item]:
    """Return up to ``count`` available books to pack for ``swap``.

    The books match the agreement's age groups and themes (and the open wishes
    first), have never been at this kindergarten (or not within the agreement's
    ``repeat_after_months``), and are spread evenly over themes and age groups.
    Books shelved at the agreement's picking branch come first (or only, or it
    does not matter: ``DepotAgreement.picking``). A handful of queries, whatever
    the size of the catalogue.
    """
    today = today or timezone.localdate()
    agreement = swap.agreement
    if count is None:
        count = max(agreement.books_per_delivery - swap.packed_items.count(), 0)
    if count <= 0:
        return []
    ages = list(agreement.age_groups)
    theme_ids = set(agreement.themes.values_list("pk", flat=True))
    wishes = list(wishes_for_swap(swap).values_list("theme_id", "age_group"))
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
    branch_id = agreement.picking_branch_id or agreement.branch_id
    if agreement.picking == agreement.Picking.BRANCH_ONLY:
        tiers = [base.filter(home_branch_id=branch_id)]
    elif agreement.picking == agreement.Picking.BRANCH_FIRST:
        tiers = [base.filter(home_branch_id=branch_id), base.exclude(home_branch_id=branch_id)]
    else:
        tiers = [base]
    chosen: list[int] = []
    for tier in tiers:
        if len(chosen) >= count:
            break
        chosen += _proposal_pick(
            base=tier.exclude(pk__in=chosen),
            wanted_themes=wanted_themes,
            wishes=wishes,
            count=count - len(chosen),
        )
    items = Item.objects.select_related("home_branch").in_bulk(chosen)
    return [items[pk] for pk in chosen]


def _proposal_pick(*, base, wanted_themes: set, wishes: list, count: int) -> list[int]:
    """Return up to ``count`` ids from ``base``: one per wish in turn (up to half),
    then a balanced mix over themes and age groups."""
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
    return chosen


def wishes_for_swap(swap: Swap):
    """Return the open wishes ``swap`` answers: those made before it was packed (all
    open ones while it is still being packed)."""
    wishes = Wish.objects.filter(agreement_id=swap.agreement_id, status=Wish.Status.OPEN)
    if swap.packed_at is not None:
        wishes = wishes.filter(created_at__lte=swap.packed_at)
    return wishes


def _item_lock_for_swap(*, swap: Swap, item: Item, by) -> None:
    """Put ``item`` (locked by the caller) on ``swap``'s packing list, or raise why not."""
    if PackedItem.objects.filter(swap=swap, item=item).exists():
        raise ValidationError(
            _("“%(title)s” is already on this packing list.") % {"title": item.title},
            code="item_already_on_list",
        )
    if item.status != Item.Status.AVAILABLE:
        if item.status == Item.Status.IN_DEPOT:
            raise ValidationError(
                _(
                    "“%(title)s” (%(barcode)s) has just been packed for another kindergarten "
                    "or is in a depot. Choose another book."
                )
                % {"title": item.title, "barcode": item.barcode},
                code="item_in_depot",
            )
        raise ValidationError(
            _("“%(title)s” (%(barcode)s) cannot be packed: it is %(status)s.")
            % {
                "title": item.title,
                "barcode": item.barcode,
                "status": item.get_status_display().lower(),
            },
            code="item_unavailable",
        )
    item.status = Item.Status.IN_DEPOT
    item.save(update_fields=["status", "updated_at"])
    PackedItem.objects.create(swap=swap, item=item, added_by=by)


def _locked_open_swap(swap: Swap) -> Swap:
    swap = Swap.objects.select_for_update().select_related("agreement").get(pk=swap.pk)
    if not swap.can_be_changed():
        raise ValidationError(
            _("The packing list can only change while the swap is planned (it is %(status)s).")
            % {"status": swap.get_status_display().lower()},
            code="swap_not_planned",
        )
    return swap


def swap_item_add(*, swap: Swap, barcode: str, by: User) -> Item:
    """Put the book with ``barcode`` on the swap's packing list.

    The book's row is locked, so when two librarians pack the same book at the
    same moment exactly one of them gets it; the other gets a clear message.
    """
    barcode = barcode.strip()
    if not barcode:
        raise ValidationError(_("Scan or type a barcode."), code="barcode_missing")
    try:
        with transaction.atomic():
            swap = _locked_open_swap(swap)
            item = Item.objects.select_for_update().filter(barcode=barcode).first()
            if item is None:
                raise ValidationError(
                    _("No book has the barcode %(barcode)s.") % {"barcode": barcode},
                    code="barcode_unknown",
                )
            _item_lock_for_swap(swap=swap, item=item, by=by)
    except IntegrityError:
        raise ValidationError(
            _("The book with barcode %(barcode)s was packed by someone else just now.")
            % {"barcode": barcode},
            code="item_packed_concurrently",
        ) from None
    return item


def swap_item_remove(*, swap: Swap, item: Item) -> None:
    """Take a book off the swap's packing list and put it back on the shelf.

    The packing-list row goes away with the book, so who removed it is not kept.
    """
    with transaction.atomic():
        swap = _locked_open_swap(swap)
        deleted, _rows = PackedItem.objects.filter(swap=swap, item=item).delete()
        if deleted:
            Item.objects.filter(pk=item.pk, status=Item.Status.IN_DEPOT).update(
                status=Item.Status.AVAILABLE, updated_at=timezone.now()
            )


def swap_proposal_add(*, swap: Swap, by: User) -> int:
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


def swap_pack(*, swap: Swap, by: User, barcodes: list[str] | None = None) -> Swap:
    """Mark the swap packed (optionally adding ``barcodes`` first); open wishes count as fulfilled."""
    for barcode in barcodes or []:
        swap_item_add(swap=swap, barcode=barcode, by=by)
    with transaction.atomic():
        swap = Swap.objects.select_for_update().select_related("agreement").get(pk=swap.pk)
        if swap.status == Swap.Status.CANCELLED:
            raise ValidationError(_("A cancelled swap cannot be packed."), code="swap_cancelled")
        if not swap.can_be_packed():
            raise ValidationError(
                _("This swap has already been packed."), code="swap_already_packed"
            )
        if not swap.packed_items.exists():
            raise ValidationError(
                _("The packing list is empty: add books before packing."),
                code="packing_list_empty",
            )
        swap.status = Swap.Status.PACKED
        swap.packed_by = by
        swap.packed_at = timezone.now()
        swap.save(update_fields=["status", "packed_by", "packed_at"])
        # The wishes made until now go with this swap; a later one waits for the next.
        Wish.objects.filter(
            agreement_id=swap.agreement_id,
            status=Wish.Status.OPEN,
            created_at__lte=swap.packed_at,
        ).update(status=Wish.Status.FULFILLED, fulfilled_by=swap)
        boxes_pack(swap=swap)
    return swap


def boxes_pack(*, swap: Swap) -> list[Box]:
    """Make the boxes of a swap being packed: as many as its books fill (the agreement's
    books per box), numbered 1, 2 … each with its own barcode. Run inside the caller's
    transaction; boxes of an earlier packing of the same swap are replaced."""
    Box.objects.filter(swap=swap, out_at=None).delete()
    books = swap.packed_items.count()
    per_box = swap.agreement.books_per_box
    boxes = [
        Box(
            swap=swap,
            number=number,
            barcode=Box.barcode_for(swap, number),
            books=min(per_box, books - (number - 1) * per_box),
        )
        for number in range(1, swap.agreement.boxes_for(books, per_box) + 1)
    ]
    return Box.objects.bulk_create(boxes)


def swap_unpack(*, swap: Swap, by: User) -> Swap:
    """Reopen a packed swap's packing list (before delivery), recording who did it."""
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if not swap.can_be_unpacked():
            raise ValidationError(_("Only a packed swap can be reopened."), code="swap_not_packed")
        swap.status = Swap.Status.PLANNED
        swap.packed_by = None
        swap.packed_at = None
        swap.unpacked_by = by
        swap.unpacked_at = timezone.now()
        Wish.objects.filter(fulfilled_by=swap).update(status=Wish.Status.OPEN, fulfilled_by=None)
        Box.objects.filter(swap=swap).delete()
        swap.save(update_fields=["status", "packed_by", "packed_at", "unpacked_by", "unpacked_at"])
    return swap
