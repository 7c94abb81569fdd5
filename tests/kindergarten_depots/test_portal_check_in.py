"""The portal after a check-in, and which swap a wish goes with."""

from datetime import timedelta

from django.urls import reverse

from kindergarten_depots import services
from kindergarten_depots.models import Loan, Wish
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory


def _check_in(world, librarian):
    """Deliver the next swap and check in: the first book came back, the rest missing."""
    next_swap = world["next_swap"]
    services.swap_pack(swap=next_swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=next_swap, by=librarian)
    services.swap_check_in(swap=next_swap, returned={world["items"][0].barcode}, by=librarian)
    return next_swap


def test_the_portal_shows_what_came_back_and_what_was_written_off(
    staff_a_client, world_a, librarian
):
    _check_in(world_a, librarian)

    response = staff_a_client.get(reverse("kindergarten_depots:portal_home"))

    assert len(response.context["came_back"]) == 3
    assert [loan.item for loan in response.context["written_off"]] == world_a["items"][1:]
    page = response.content.decode()
    assert world_a["items"][2].title in page


def test_the_kindergarten_says_we_found_it_and_the_librarian_sees_it(
    staff_a_client, librarian_client, world_a, librarian
):
    swap = _check_in(world_a, librarian)
    loan = Loan.objects.get(item=world_a["items"][2])

    response = staff_a_client.post(reverse("kindergarten_depots:portal_loan_found", args=[loan.pk]))

    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.found_reported_at is not None and loan.found_on is None
    result = librarian_client.get(reverse("kindergarten_depots:swap_check_in", args=[swap.pk]))
    assert result.context["loans"][2].found_reported_at is not None


def test_another_kindergarten_cannot_say_it_found_our_book(staff_b_client, world_a, librarian):
    _check_in(world_a, librarian)
    loan = Loan.objects.get(item=world_a["items"][2])

    response = staff_b_client.post(reverse("kindergarten_depots:portal_loan_found", args=[loan.pk]))

    assert response.status_code == 404


def test_a_wish_made_after_packing_waits_for_the_swap_after(world_a, librarian, staff_a):
    next_swap = world_a["next_swap"]
    early = world_a["wish"]
    services.swap_pack(swap=next_swap, by=librarian, barcodes=[ItemFactory().barcode])
    late = services.wish_create(agreement=world_a["agreement"], text="Om biler", by=staff_a)
    after = SwapFactory(
        agreement=world_a["agreement"], planned_date=next_swap.planned_date + timedelta(days=80)
    )

    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, early.fulfilled_by) == (Wish.Status.FULFILLED, next_swap)
    assert late.status == Wish.Status.OPEN
    services.swap_pack(swap=after, by=librarian, barcodes=[ItemFactory().barcode])
    late.refresh_from_db()
    assert late.fulfilled_by == after


def test_the_portal_says_which_swap_a_wish_goes_with(staff_a_client, world_a):
    response = staff_a_client.get(reverse("kindergarten_depots:portal_wishes"))

    assert response.context["wishes_go_with"] == world_a["next_swap"]
    assert world_a["next_swap"].planned_date.strftime("%Y") in response.content.decode()


def test_a_long_wish_is_shown_in_full(staff_a_client, world_a, staff_a):
    text = "Bøger om " + "dinosaurer og vulkaner " * 6
    services.wish_create(agreement=world_a["agreement"], text=text, by=staff_a)

    page = staff_a_client.get(reverse("kindergarten_depots:portal_wishes")).content.decode()

    assert text.strip() in page


def test_unpacking_reopens_the_wishes_it_fulfilled(world_a, librarian):
    next_swap = world_a["next_swap"]
    services.swap_pack(swap=next_swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_unpack(swap=next_swap, by=librarian)

    wish = Wish.objects.get(pk=world_a["wish"].pk)
    assert (wish.status, wish.fulfilled_by) == (Wish.Status.OPEN, None)


def test_the_portal_counts_the_boxes(staff_a_client, world_a):
    response = staff_a_client.get(reverse("kindergarten_depots:portal_home"))

    # depot_world packs 3 books: one box, delivered and still at the kindergarten.
    assert response.context["boxes_here"] == 1
    assert [swap.box_count for swap in response.context["past_swaps"]] == [1]


def test_the_swap_page_shows_the_wishes_it_was_packed_with(librarian_client, world_a, librarian):
    next_swap = world_a["next_swap"]
    services.swap_pack(swap=next_swap, by=librarian, barcodes=[ItemFactory().barcode])

    response = librarian_client.get(next_swap.get_absolute_url())

    assert list(response.context["wishes"]) == [world_a["wish"]]
