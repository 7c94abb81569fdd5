"""Rules that live on the depot models and services: return date, boxes, who did what."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.urls import reverse

from accounts.roles import Role
from kindergarten_depots import permissions, services
from kindergarten_depots.models import DepotAgreement, Loan, LossReport, Swap, Theme, Wish
from tests.accounts.factories import UserFactory
from tests.kindergarten_depots.factories import (
    ItemFactory,
    SwapFactory,
    ThemeFactory,
    WishFactory,
)

pytestmark = pytest.mark.django_db


# --- the return date ------------------------------------------------------------------------


def test_a_swaps_books_are_due_back_at_the_next_swap(agreement):
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    SwapFactory(agreement=agreement, planned_date=date(2027, 8, 2))
    SwapFactory(agreement=agreement, planned_date=date(2027, 5, 24))

    assert swap.return_date == date(2027, 5, 24)


def test_a_cancelled_next_swap_does_not_count_for_the_return_date(agreement):
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    SwapFactory(agreement=agreement, planned_date=date(2027, 5, 24), status=Swap.Status.CANCELLED)
    SwapFactory(agreement=agreement, planned_date=date(2027, 8, 2))

    assert swap.return_date == date(2027, 8, 2)


def test_the_last_swaps_books_are_due_back_when_the_agreement_ends(agreement):
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 11, 1))

    assert swap.return_date == agreement.end_date == date(2027, 12, 31)


def test_the_packing_list_and_labels_print_the_return_date(librarian_client, agreement):
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    SwapFactory(agreement=agreement, planned_date=date(2027, 5, 24))
    ItemFactory(barcode="777")
    services.swap_item_add(swap=swap, barcode="777", by=agreement.partnership.coordinator)

    for name in ("swap_packing_list", "swap_labels"):
        response = librarian_client.get(reverse(f"kindergarten_depots:{name}", args=[swap.pk]))
        assert response.context["swap"].return_date == date(2027, 5, 24)
        assert "2027" in response.content.decode()


# --- boxes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("books", "boxes"), [(0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (150, 5)]
)
def test_books_fill_boxes_of_thirty(books, boxes):
    assert DepotAgreement.BOOKS_PER_BOX == 30
    assert DepotAgreement.boxes_for(books) == boxes


def test_a_swaps_box_count_comes_from_its_books(swap, librarian):
    for _ in range(31):
        services.swap_item_add(swap=swap, barcode=ItemFactory().barcode, by=librarian)

    assert Swap.objects.get(pk=swap.pk).box_count == 2
    annotated = Swap.objects.annotate(book_count=Count("packed_items")).get(pk=swap.pk)
    assert annotated.box_count == 2


def test_the_route_sheet_shows_the_box_count(librarian_client, swap, librarian):
    for _ in range(31):
        services.swap_item_add(swap=swap, barcode=ItemFactory().barcode, by=librarian)

    response = librarian_client.get(
        reverse("kindergarten_depots:route_sheet"), {"date": swap.planned_date.isoformat()}
    )

    [(_branch, _area, rows)] = response.context["groups"]
    assert [row.box_count for row in rows] == [2]


# --- check-in pre-ticks what the kindergarten reported damaged -------------------------------


def test_check_in_ticks_the_books_reported_damaged(librarian_client, agreement, librarian):
    first = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
    books = [ItemFactory(), ItemFactory(), ItemFactory()]
    services.swap_pack(swap=first, by=librarian, barcodes=[book.barcode for book in books])
    services.swap_deliver(swap=first, by=librarian)
    LossReport.objects.create(loan=Loan.objects.get(item=books[0]), kind="damaged")
    LossReport.objects.create(loan=Loan.objects.get(item=books[1]), kind="lost")
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=swap, by=librarian)

    due_back = Loan.objects.due_back_with(swap)
    assert services.damaged_barcodes_reported(loans=due_back) == [books[0].barcode]
    response = librarian_client.get(reverse("kindergarten_depots:swap_check_in", args=[swap.pk]))
    assert response.context["form"].initial["damaged"] == [books[0].barcode]


# --- who did what ---------------------------------------------------------------------------


@pytest.fixture
def colleague(db):
    return UserFactory(full_name="Ole Kollega", roles=[Role.LIBRARIAN])


def test_moving_a_swap_stores_who_moved_it_and_the_swap_page_shows_it(
    librarian_client, swap, colleague
):
    services.swap_move(swap=swap, new_date=date(2027, 3, 3), reason="Sygdom", by=colleague)

    swap.refresh_from_db()
    assert swap.moved_by == colleague
    assert swap.moved_at is not None
    page = librarian_client.get(swap.get_absolute_url())
    assert page.context["swap"].moved_by == colleague
    assert "Ole Kollega" in page.content.decode()


def test_cancelling_a_swap_stores_who_cancelled_it(librarian_client, swap, colleague):
    services.swap_cancel(swap=swap, reason="Lukket", by=colleague)

    swap.refresh_from_db()
    assert swap.cancelled_by == colleague
    assert swap.cancelled_at is not None
    assert swap.note == "Lukket"
    assert "Ole Kollega" in librarian_client.get(swap.get_absolute_url()).content.decode()


def test_reopening_a_packed_swap_stores_who_reopened_it(
    librarian_client, swap, librarian, colleague
):
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])

    services.swap_unpack(swap=swap, by=colleague)

    swap.refresh_from_db()
    assert swap.status == Swap.Status.PLANNED
    assert swap.unpacked_by == colleague
    assert "Ole Kollega" in librarian_client.get(swap.get_absolute_url()).content.decode()
    assert swap.unpacked_at is not None
    assert swap.packed_by is None
    with pytest.raises(ValidationError) as excinfo:
        services.swap_unpack(swap=swap, by=colleague)
    assert excinfo.value.code == "swap_not_packed"


def test_withdrawing_a_wish_stores_who_withdrew_it(librarian_client, agreement, staff_a):
    wish = WishFactory(agreement=agreement)

    services.wish_withdraw(wish=wish, by=staff_a)

    wish.refresh_from_db()
    assert wish.status == Wish.Status.WITHDRAWN
    assert wish.withdrawn_by == staff_a
    assert not wish.can_be_withdrawn()
    with pytest.raises(ValidationError) as excinfo:
        services.wish_withdraw(wish=wish, by=staff_a)
    assert excinfo.value.code == "wish_not_open"
    page = librarian_client.get(agreement.get_absolute_url()).content.decode()
    assert staff_a.full_name in page


# --- portal services refuse with codes ------------------------------------------------------


def test_receipt_is_confirmed_once_and_only_for_a_delivered_swap(swap, librarian, staff_a):
    with pytest.raises(ValidationError) as excinfo:
        services.swap_receipt_confirm(swap=swap, by=staff_a)
    assert excinfo.value.code == "swap_not_delivered"

    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=swap, by=librarian)
    services.swap_receipt_confirm(swap=swap, by=staff_a)
    with pytest.raises(ValidationError) as excinfo:
        services.swap_receipt_confirm(swap=swap, by=staff_a)
    assert excinfo.value.code == "receipt_already_confirmed"


def test_a_message_to_the_library_must_have_text_of_a_sensible_length(agreement, staff_a):
    with pytest.raises(ValidationError) as excinfo:
        services.library_message_send(agreement=agreement, text="  ", by=staff_a)
    assert excinfo.value.code == "message_missing"
    with pytest.raises(ValidationError) as excinfo:
        services.library_message_send(agreement=agreement, text="x" * 2001, by=staff_a)
    assert excinfo.value.code == "message_too_long"


def test_a_book_already_on_the_list_is_refused_with_a_code(swap, librarian):
    item = ItemFactory()
    services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)
    with pytest.raises(ValidationError) as excinfo:
        services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)
    assert excinfo.value.code == "item_already_on_list"
    with pytest.raises(ValidationError) as excinfo:
        services.swap_item_add(swap=swap, barcode="  ", by=librarian)
    assert excinfo.value.code == "barcode_missing"


# --- themes ---------------------------------------------------------------------------------


def test_themes_are_found_case_insensitively_or_created():
    animals = ThemeFactory(name="Dyr")

    themes = services.themes_get_or_create(names=["dyr", " Årstider ", ""])

    assert themes[0] == animals
    assert themes[1].name == "Årstider"
    assert Theme.objects.count() == 2


# --- getters --------------------------------------------------------------------------------


def test_the_depot_getters_give_librarians_everything_and_staff_nothing(swap, librarian, staff_a):
    assert permissions.swap_for(librarian, swap.pk) == swap
    assert permissions.agreement_for(librarian, swap.agreement_id) == swap.agreement
    with pytest.raises(Http404):
        permissions.swap_for(staff_a, swap.pk)
    with pytest.raises(Http404):
        permissions.agreement_for(staff_a, swap.agreement_id)
    with pytest.raises(Http404):
        permissions.feed_owner_for(librarian, "planet", 1)


def test_the_portal_getters_give_staff_only_their_own_kindergartens_rows(
    swap, staff_a, staff_b, librarian
):
    wish = WishFactory(agreement=swap.agreement)

    assert permissions.portal_swap_for(staff_a, swap.pk) == swap
    assert permissions.portal_wish_for(staff_a, wish.pk) == wish
    for outsider in (staff_b, librarian):
        with pytest.raises(Http404):
            permissions.portal_swap_for(outsider, swap.pk)
        with pytest.raises(Http404):
            permissions.portal_wish_for(outsider, wish.pk)
    assert permissions.portal_agreement_for(staff_a) == swap.agreement
    assert permissions.portal_agreement_for(staff_b) is None


# --- which swaps are coming, which wait for a receipt ------------------------------------------


def test_coming_swaps_are_planned_or_packed_from_today(agreement):
    today = date(2027, 3, 1)
    past = SwapFactory(agreement=agreement, planned_date=date(2027, 2, 1))
    on_the_day = SwapFactory(agreement=agreement, planned_date=today)
    packed = SwapFactory(agreement=agreement, planned_date=date(2027, 5, 3), status="packed")
    SwapFactory(agreement=agreement, planned_date=date(2027, 6, 7), status="cancelled")
    SwapFactory(agreement=agreement, planned_date=date(2027, 7, 5), status="delivered")

    assert list(Swap.objects.coming(today=today)) == [on_the_day, packed]
    assert past not in Swap.objects.coming(today=today)
    assert packed.days_until(today) == 63
    assert on_the_day.days_until(today) == 0


def test_a_delivered_swap_awaits_receipt_until_confirmed(swap, librarian, staff_a):
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=swap, by=librarian)
    assert list(Swap.objects.awaiting_receipt()) == [swap]

    services.swap_receipt_confirm(swap=swap, by=staff_a)

    assert not Swap.objects.awaiting_receipt().exists()
