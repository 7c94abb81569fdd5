from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kindergarten_depots import services
from kindergarten_depots.models import Item, Loan, PackedItem, Swap, Wish
from tests.kindergarten_depots.factories import (
    ItemFactory,
    SwapFactory,
    ThemeFactory,
    WishFactory,
    agreement_make,
)

pytestmark = pytest.mark.django_db


def test_a_scanned_book_goes_on_the_packing_list_and_off_the_shelf(swap, librarian):
    item = ItemFactory(barcode="1234")

    services.swap_item_add(swap=swap, barcode=" 1234 ", by=librarian)

    item.refresh_from_db()
    assert item.status == Item.Status.IN_DEPOT
    assert list(swap.packed_items.values_list("item_id", flat=True)) == [item.pk]


def test_an_unknown_barcode_gets_a_clear_message(swap, librarian):
    with pytest.raises(ValidationError) as excinfo:
        services.swap_item_add(swap=swap, barcode="999", by=librarian)
    assert excinfo.value.code == "barcode_unknown"


def test_a_book_packed_for_another_kindergarten_cannot_be_packed_again(swap, librarian):
    other = SwapFactory()
    item = ItemFactory()
    services.swap_item_add(swap=other, barcode=item.barcode, by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)
    assert excinfo.value.code == "item_in_depot"
    assert not swap.packed_items.exists()


def test_lost_damaged_and_withdrawn_books_cannot_be_packed(swap, librarian):
    for status in (Item.Status.LOST, Item.Status.DAMAGED, Item.Status.WITHDRAWN):
        item = ItemFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)
        assert excinfo.value.code == "item_unavailable"


def test_removing_a_book_puts_it_back_on_the_shelf(swap, librarian):
    item = ItemFactory()
    services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)

    services.swap_item_remove(swap=swap, item=item)

    item.refresh_from_db()
    assert item.status == Item.Status.AVAILABLE
    assert not swap.packed_items.exists()


def test_a_cancelled_swap_cannot_be_packed(swap, librarian):
    ItemFactory(barcode="1")
    services.swap_cancel(swap=swap, reason="Lukket", by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        services.swap_pack(swap=swap, by=librarian)
    assert excinfo.value.code == "swap_cancelled"
    with pytest.raises(ValidationError) as excinfo:
        services.swap_item_add(swap=swap, barcode="1", by=librarian)
    assert excinfo.value.code == "swap_not_planned"


def test_an_empty_packing_list_cannot_be_marked_packed(swap, librarian):
    with pytest.raises(ValidationError) as excinfo:
        services.swap_pack(swap=swap, by=librarian)
    assert excinfo.value.code == "packing_list_empty"


def test_a_swap_cannot_be_delivered_before_it_is_packed(swap, librarian):
    ItemFactory(barcode="1")
    services.swap_item_add(swap=swap, barcode="1", by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        services.swap_deliver(swap=swap, by=librarian)
    assert excinfo.value.code == "swap_not_packed"
    assert not Loan.objects.exists()


def test_packing_fulfils_the_open_wishes(swap, librarian):
    wish = WishFactory(agreement=swap.agreement)
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])

    wish.refresh_from_db()
    swap.refresh_from_db()
    assert swap.status == Swap.Status.PACKED
    assert swap.packed_by == librarian
    assert wish.status == Wish.Status.FULFILLED


def test_the_proposal_matches_the_agreements_age_groups_and_themes(kindergarten_a):
    animals, seasons = ThemeFactory(name="Dyr"), ThemeFactory(name="Årstider")
    agreement = agreement_make(
        kindergarten=kindergarten_a, age_groups=["3-4"], themes=[animals], books_per_delivery=4
    )
    swap = SwapFactory(agreement=agreement)
    good = [ItemFactory(age_group="3-4", themes=[animals]) for _ in range(3)]
    ItemFactory(age_group="5-6", themes=[animals])  # wrong age
    ItemFactory(age_group="3-4", themes=[seasons])  # wrong theme, only a filler
    ItemFactory(age_group="3-4", themes=[animals], status=Item.Status.LOST)

    proposal = services.swap_propose(swap=swap)

    assert set(proposal[:3]) == set(good)
    assert len(proposal) == 4
    assert all(item.age_group == "3-4" for item in proposal)
    assert all(item.status == Item.Status.AVAILABLE for item in proposal)


def test_the_proposal_never_repeats_a_book_this_kindergarten_has_had(kindergarten_a, librarian):
    agreement = agreement_make(kindergarten=kindergarten_a, books_per_delivery=10)
    earlier = SwapFactory(agreement=agreement, planned_date=date(2026, 1, 5))
    had = ItemFactory()
    Loan.objects.create(
        item=had,
        agreement=agreement,
        delivered_by=earlier,
        delivered_on=date(2020, 1, 5),
        returned_on=date(2020, 3, 1),
        return_state=Loan.ReturnState.RETURNED,
    )
    fresh = ItemFactory()
    # Another kindergarten's history does not matter.
    other = agreement_make()
    Loan.objects.create(
        item=fresh,
        agreement=other,
        delivered_by=SwapFactory(agreement=other),
        delivered_on=date(2026, 1, 5),
        returned_on=date(2026, 3, 1),
        return_state=Loan.ReturnState.RETURNED,
    )
    swap = SwapFactory(agreement=agreement)

    assert services.swap_propose(swap=swap) == [fresh]


def test_a_book_may_come_back_after_the_configured_months(kindergarten_a):
    agreement = agreement_make(kindergarten=kindergarten_a, repeat_after_months=12)
    earlier = SwapFactory(agreement=agreement)
    old, recent = ItemFactory(), ItemFactory()
    for item, delivered in ((old, date(2025, 1, 6)), (recent, date(2026, 9, 1))):
        Loan.objects.create(
            item=item,
            agreement=agreement,
            delivered_by=earlier,
            delivered_on=delivered,
            returned_on=delivered,
            return_state=Loan.ReturnState.RETURNED,
        )
    swap = SwapFactory(agreement=agreement)

    assert services.swap_propose(swap=swap, today=date(2026, 11, 1)) == [old]


def test_the_proposal_puts_open_wishes_first(kindergarten_a):
    animals, dinosaurs = ThemeFactory(name="Dyr"), ThemeFactory(name="Dinosaurer")
    agreement = agreement_make(
        kindergarten=kindergarten_a, themes=[animals], age_groups=["3-4"], books_per_delivery=4
    )
    WishFactory(agreement=agreement, theme=dinosaurs, age_group="3-4")
    for _ in range(10):
        ItemFactory(themes=[animals])
    dino = [ItemFactory(themes=[dinosaurs]) for _ in range(2)]
    swap = SwapFactory(agreement=agreement)

    proposal = services.swap_propose(swap=swap)

    assert set(proposal[:2]) == set(dino)
    assert len(proposal) == 4


def test_the_proposal_is_balanced_across_themes_and_ages(kindergarten_a):
    themes = [ThemeFactory(name=name) for name in ("Dyr", "Følelser", "Natur")]
    agreement = agreement_make(
        kindergarten=kindergarten_a,
        themes=themes,
        age_groups=["3-4", "5-6"],
        books_per_delivery=12,
    )
    for theme in themes:
        for age in ("3-4", "5-6"):
            for _ in range(8):
                ItemFactory(age_group=age, themes=[theme])
    swap = SwapFactory(agreement=agreement)

    proposal = services.swap_propose(swap=swap)

    buckets = {}
    for item in proposal:
        key = (item.themes.get().name, item.age_group)
        buckets[key] = buckets.get(key, 0) + 1
    assert len(proposal) == 12
    assert sorted(buckets.values()) == [2] * 6


def test_the_proposal_takes_a_handful_of_queries_whatever_the_catalogue(
    kindergarten_a, django_assert_max_num_queries
):
    theme = ThemeFactory(name="Dyr")
    agreement = agreement_make(kindergarten=kindergarten_a, themes=[theme], books_per_delivery=30)
    for _ in range(60):
        ItemFactory(themes=[theme])
    swap = SwapFactory(agreement=agreement)

    # The serving branch's shelves first, then the others: two rounds of candidates.
    with django_assert_max_num_queries(8):
        proposal = services.swap_propose(swap=swap)
    assert len(proposal) == 30


def test_adding_the_proposal_fills_the_list_up_to_the_target(swap, librarian):
    for _ in range(8):
        ItemFactory()

    added = services.swap_proposal_add(swap=swap, by=librarian)

    assert added == 5
    assert PackedItem.objects.filter(swap=swap).count() == 5
    assert services.swap_propose(swap=swap) == []
