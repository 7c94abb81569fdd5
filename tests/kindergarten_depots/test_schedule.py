from datetime import date
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError

from kindergarten_depots import services
from kindergarten_depots.models import DepotAgreement, Swap
from partnerships.models import Partnership
from tests.kindergarten_depots.factories import (
    ClosurePeriodFactory,
    ItemFactory,
    SwapFactory,
    agreement_make,
)

pytestmark = pytest.mark.django_db


def test_creating_an_agreement_creates_its_partnership_with_the_kindergarten(kindergarten_a):
    agreement = agreement_make(kindergarten=kindergarten_a, type=DepotAgreement.Type.LIBRARY)

    partnership = agreement.partnership
    assert partnership.kind == Partnership.Kind.KINDERGARTEN_LIBRARY
    assert list(partnership.partners.all()) == [kindergarten_a]
    assert partnership.coordinator is not None
    # Library defaults: a bigger collection, swapped less often.
    assert (agreement.books_per_delivery, agreement.swap_interval_weeks) == (150, 26)


def test_a_depot_gets_depot_defaults_unless_the_librarian_sets_others():
    assert agreement_make().books_per_delivery == 30
    assert agreement_make(books_per_delivery=25, swap_interval_weeks=4).swap_interval_weeks == 4


def test_unknown_age_groups_are_rejected():
    with pytest.raises(ValidationError) as excinfo:
        agreement_make(age_groups=["7-9"])
    assert excinfo.value.error_dict["age_groups"][0].code == "age_group_unknown"


def test_schedule_runs_from_start_to_end_at_the_interval():
    agreement = agreement_make(
        start_date=date(2027, 1, 4), end_date=date(2027, 12, 31), swap_interval_weeks=12
    )

    result = services.swap_generate(agreement=agreement, today=date(2027, 1, 1))

    dates = list(agreement.swaps.values_list("original_date", flat=True))
    assert result["created"] == 5
    assert dates == [
        date(2027, 1, 4),
        date(2027, 3, 29),
        date(2027, 6, 21),
        date(2027, 9, 13),
        date(2027, 12, 6),
    ]
    assert list(agreement.swaps.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5]


def test_a_swap_on_easter_monday_moves_past_easter_and_says_why():
    # 29 March 2027 is Easter Monday (2. påskedag).
    agreement = agreement_make(start_date=date(2027, 3, 29), end_date=date(2027, 4, 30))

    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))

    swap = agreement.swaps.get()
    assert swap.planned_date == date(2027, 3, 30)
    assert swap.original_date == date(2027, 3, 29)
    assert "Anden påskedag" in swap.moved_reason
    assert "29.03.2027" in swap.moved_reason


def test_a_swap_on_good_friday_skips_the_weekend_and_easter_monday():
    agreement = agreement_make(start_date=date(2027, 3, 26), end_date=date(2027, 4, 30))

    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))

    swap = agreement.swaps.get()
    assert swap.planned_date == date(2027, 3, 30)
    assert "Langfredag" in swap.moved_reason
    assert "weekend" in swap.moved_reason or "weekend" in swap.moved_reason.lower()


def test_a_swap_on_whit_monday_moves_to_tuesday():
    # Whit Monday (2. pinsedag) 2027 is 17 May.
    agreement = agreement_make(start_date=date(2027, 5, 17), end_date=date(2027, 5, 31))

    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))

    swap = agreement.swaps.get()
    assert swap.planned_date == date(2027, 5, 18)
    assert "Anden pinsedag" in swap.moved_reason


def test_a_kindergarten_closure_moves_the_swap_to_the_first_open_working_day(kindergarten_a):
    ClosurePeriodFactory(
        kindergarten=kindergarten_a,
        start_date=date(2027, 7, 5),
        end_date=date(2027, 7, 23),
        reason="Sommerlukket",
    )
    agreement = agreement_make(
        kindergarten=kindergarten_a, start_date=date(2027, 7, 5), end_date=date(2027, 8, 1)
    )

    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))

    swap = agreement.swaps.get()
    assert swap.planned_date == date(2027, 7, 26)
    assert "Sommerlukket" in swap.moved_reason


def test_a_municipal_closure_applies_to_every_kindergarten_but_others_do_not(kindergarten_b):
    ClosurePeriodFactory(
        kindergarten=None, start_date=date(2027, 12, 27), end_date=date(2027, 12, 31), reason="Jul"
    )
    ClosurePeriodFactory(
        kindergarten=kindergarten_b,
        start_date=date(2027, 12, 20),
        end_date=date(2027, 12, 24),
        reason="Kun B",
    )
    agreement = agreement_make(start_date=date(2027, 12, 20), end_date=date(2027, 12, 31))
    agreement.swap_interval_weeks = 1
    agreement.save()

    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))

    planned = list(agreement.swaps.values_list("planned_date", flat=True))
    assert planned == [date(2027, 12, 20), date(2028, 1, 3)]


def test_regeneration_replaces_future_planned_swaps_and_keeps_the_rest(librarian):
    agreement = agreement_make(
        start_date=date(2027, 1, 4), end_date=date(2027, 12, 31), swap_interval_weeks=12
    )
    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))
    first, second, third, *_rest = agreement.swaps.all()
    item = ItemFactory()
    services.swap_item_add(swap=first, barcode=item.barcode, by=librarian)
    services.swap_pack(swap=first, by=librarian)
    services.swap_deliver(swap=first, by=librarian, on=date(2027, 1, 4))
    services.swap_cancel(swap=second, reason="Lukket", by=librarian)

    agreement.swap_interval_weeks = 8
    agreement.save()
    result = services.swap_generate(agreement=agreement, today=date(2027, 2, 1))

    swaps = list(agreement.swaps.all())
    assert Swap.objects.get(pk=first.pk).status == Swap.Status.DELIVERED
    assert Swap.objects.get(pk=second.pk).status == Swap.Status.CANCELLED
    assert not Swap.objects.filter(pk=third.pk).exists()
    assert result["removed"] == 3
    future = [s.original_date for s in swaps if s.status == Swap.Status.PLANNED]
    assert future[0] == date(2027, 3, 1)
    assert all((b - a).days == 56 for a, b in pairwise(future)), future


def test_regeneration_leaves_past_planned_swaps_alone():
    agreement = agreement_make(start_date=date(2027, 1, 4), end_date=date(2027, 6, 30))
    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))
    before = set(
        agreement.swaps.filter(planned_date__lt=date(2027, 4, 1)).values_list("pk", flat=True)
    )

    services.swap_generate(agreement=agreement, today=date(2027, 4, 1))

    after = set(agreement.swaps.values_list("pk", flat=True))
    assert before <= after
    assert agreement.swaps.count() == 3


def test_a_librarian_moves_a_swap_with_a_reason(swap, librarian):
    services.swap_move(
        swap=swap, new_date=date(2027, 3, 3), reason="Bilen er på værksted", by=librarian
    )

    swap.refresh_from_db()
    assert swap.planned_date == date(2027, 3, 3)
    assert swap.moved_reason == "Bilen er på værksted"


def test_moving_or_cancelling_needs_a_reason(swap, librarian):
    with pytest.raises(ValidationError) as excinfo:
        services.swap_move(swap=swap, new_date=date(2027, 3, 3), reason=" ", by=librarian)
    assert excinfo.value.code == "reason_missing"
    with pytest.raises(ValidationError) as excinfo:
        services.swap_cancel(swap=swap, reason="", by=librarian)
    assert excinfo.value.code == "reason_missing"


def test_cancelling_a_swap_puts_its_books_back_on_the_shelf(swap, librarian):
    item = ItemFactory()
    services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)

    services.swap_cancel(swap=swap, reason="Børnehaven er lukket", by=librarian)

    item.refresh_from_db()
    swap.refresh_from_db()
    assert swap.status == Swap.Status.CANCELLED
    assert item.status == "available"
    assert not swap.packed_items.exists()


def test_a_delivered_swap_cannot_be_moved_or_cancelled(librarian):
    swap = SwapFactory(status=Swap.Status.DELIVERED)
    with pytest.raises(ValidationError) as excinfo:
        services.swap_move(swap=swap, new_date=date(2027, 3, 3), reason="x", by=librarian)
    assert excinfo.value.code == "swap_not_movable"
    with pytest.raises(ValidationError) as excinfo:
        services.swap_cancel(swap=swap, reason="x", by=librarian)
    assert excinfo.value.code == "swap_not_cancellable"


def test_agreements_are_visible_to_librarians_and_their_own_kindergartens_staff(
    agreement, librarian, staff_a, staff_b, partner_member
):
    assert list(DepotAgreement.objects.visible_to(librarian)) == [agreement]
    assert list(DepotAgreement.objects.visible_to(staff_a)) == [agreement]
    assert not DepotAgreement.objects.visible_to(staff_b).exists()
    assert not DepotAgreement.objects.visible_to(partner_member).exists()


def test_an_empty_wish_is_refused(agreement, staff_a):
    with pytest.raises(ValidationError) as excinfo:
        services.wish_create(agreement=agreement, text="  ", by=staff_a)
    assert excinfo.value.code == "wish_empty"
    wish = services.wish_create(agreement=agreement, text="Dinosaurer", age_group="5-6", by=staff_a)
    assert wish.created_by == staff_a
