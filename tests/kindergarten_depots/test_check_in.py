"""Check-in that cannot destroy by accident: confirm, undo the same day, found again."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kindergarten_depots import services
from kindergarten_depots.models import Item, Loan, Swap
from tests.kindergarten_depots.assertions import error_codes, error_messages
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory


@pytest.fixture
def returning(agreement, librarian):
    """A delivered swap with three books out, and the next swap delivered: its
    check-in collects the three."""
    first = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
    books = [ItemFactory(title=f"Bog {n}") for n in range(3)]
    services.swap_pack(swap=first, by=librarian, barcodes=[b.barcode for b in books])
    services.swap_deliver(swap=first, by=librarian)
    second = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    services.swap_pack(swap=second, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=second, by=librarian)
    return {"first": first, "swap": second, "books": books}


def _url(swap):
    return reverse("kindergarten_depots:swap_check_in", args=[swap.pk])


def test_check_in_with_nothing_scanned_asks_first_naming_how_many_are_written_off(
    librarian_client, returning
):
    swap = returning["swap"]
    today = timezone.localdate().isoformat()

    response = librarian_client.post(_url(swap), {"returned": "", "returned_on": today})

    assert response.status_code == 200
    assert len(response.context["missing"]) == 3
    page = response.content.decode()
    assert "3" in page and 'name="confirm" value="yes"' in page
    # Nothing is recorded before the confirmation.
    assert not Loan.objects.filter(returned_on__isnull=False).exists()
    swap.refresh_from_db()
    assert swap.checked_in_at is None


def test_confirmed_check_in_records_the_chosen_day(librarian_client, returning):
    swap, books = returning["swap"], returning["books"]
    day = timezone.localdate() - timedelta(days=2)
    data = {
        "returned": f"{books[0].barcode}\n",
        "damaged": [books[1].barcode],
        "returned_on": day.isoformat(),
        "confirm": "yes",
    }

    response = librarian_client.post(_url(swap), data)

    assert response.status_code == 302
    states = dict(Loan.objects.filter(returned_by=swap).values_list("item_id", "return_state"))
    assert states == {books[0].pk: "returned", books[1].pk: "damaged", books[2].pk: "missing"}
    assert set(Loan.objects.filter(returned_by=swap).values_list("returned_on", flat=True)) == {day}


def test_a_check_in_date_in_the_future_is_refused_and_nothing_is_recorded(
    librarian_client, returning
):
    swap = returning["swap"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = librarian_client.post(
        _url(swap), {"returned": "", "returned_on": tomorrow, "confirm": "yes"}
    )

    assert response.status_code == 200
    assert error_codes(response.context["form"]) == ["date_in_future"]
    assert not Loan.objects.filter(returned_on__isnull=False).exists()


def test_going_back_from_the_confirmation_keeps_the_scans(librarian_client, returning):
    swap, books = returning["swap"], returning["books"]
    data = {
        "returned": books[0].barcode,
        "returned_on": timezone.localdate().isoformat(),
        "confirm": "no",
    }

    response = librarian_client.post(_url(swap), data)

    assert response.status_code == 200
    assert "kindergarten_depots/swap_check_in.html" in [t.name for t in response.templates]
    assert books[0].barcode in response.content.decode()


def test_the_check_in_can_be_undone_the_same_day(librarian_client, returning, librarian):
    swap, first, books = returning["swap"], returning["first"], returning["books"]
    services.swap_check_in(swap=swap, returned={books[0].barcode}, by=librarian)
    assert Swap.objects.get(pk=first.pk).status == Swap.Status.COMPLETED
    page = librarian_client.get(_url(swap)).content.decode()
    assert reverse("kindergarten_depots:swap_check_in_undo", args=[swap.pk]) in page

    response = librarian_client.post(
        reverse("kindergarten_depots:swap_check_in_undo", args=[swap.pk])
    )

    assert response.status_code == 302
    assert Loan.objects.filter(delivered_by=first, returned_on=None).count() == 3
    assert set(
        Item.objects.filter(pk__in=[b.pk for b in books]).values_list("status", flat=True)
    ) == {Item.Status.IN_DEPOT}
    swap.refresh_from_db()
    assert swap.checked_in_at is None
    assert Swap.objects.get(pk=first.pk).status == Swap.Status.DELIVERED


def test_the_check_in_cannot_be_undone_on_a_later_day(librarian_client, returning, librarian):
    swap = returning["swap"]
    services.swap_check_in(swap=swap, returned=set(), by=librarian)
    Swap.objects.filter(pk=swap.pk).update(checked_in_at=timezone.now() - timedelta(days=1))

    response = librarian_client.post(
        reverse("kindergarten_depots:swap_check_in_undo", args=[swap.pk]), follow=True
    )

    assert error_messages(response)
    assert Loan.objects.filter(returned_by=swap).count() == 3
    assert "swap_check_in_undo" not in librarian_client.get(_url(swap)).content.decode()


def test_undo_is_refused_once_a_returned_book_is_packed_again(returning, librarian, agreement):
    swap, books = returning["swap"], returning["books"]
    services.swap_check_in(swap=swap, returned={books[0].barcode}, by=librarian)
    other = SwapFactory(planned_date=date(2027, 4, 1))
    services.swap_item_add(swap=other, barcode=books[0].barcode, by=librarian)

    with pytest.raises(ValidationError) as refused:
        services.swap_check_in_undo(swap=swap, by=librarian)

    assert refused.value.code == "check_in_undo_item_packed"
    assert Loan.objects.filter(returned_by=swap).count() == 3


def test_a_written_off_book_found_again_counts_as_returned_late(
    librarian_client, returning, librarian
):
    swap, books = returning["swap"], returning["books"]
    services.swap_check_in(swap=swap, returned=set(), by=librarian)
    loan = Loan.objects.get(item=books[2], returned_by=swap)
    page = librarian_client.get(_url(swap)).content.decode()
    assert reverse("kindergarten_depots:loan_found", args=[loan.pk]) in page

    response = librarian_client.post(reverse("kindergarten_depots:loan_found", args=[loan.pk]))

    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.found_on == timezone.localdate()
    assert loan.found_by == librarian
    assert not loan.written_off
    assert Item.objects.get(pk=books[2].pk).status == Item.Status.AVAILABLE
    # Only once.
    follow = librarian_client.post(
        reverse("kindergarten_depots:loan_found", args=[loan.pk]), follow=True
    )
    assert error_messages(follow)


def test_damaged_is_ticked_on_the_row_of_the_book(librarian_client, returning):
    swap, books = returning["swap"], returning["books"]

    page = librarian_client.get(_url(swap)).content.decode()

    row = page[page.index(f'data-barcode="{books[1].barcode}"') :]
    row = row[: row.index("</tr>")]
    assert f'name="damaged" value="{books[1].barcode}"' in row
    assert 'id="check-in-count"' in page and 'aria-live="polite"' in page


def test_delivery_date_is_chosen_and_not_in_the_future(librarian_client, agreement, librarian):
    swap = SwapFactory(agreement=agreement)
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    url = reverse("kindergarten_depots:swap_deliver", args=[swap.pk])
    tomorrow = timezone.localdate() + timedelta(days=1)

    refused = librarian_client.post(url, {"delivered_on": tomorrow.isoformat()}, follow=True)
    assert Swap.objects.get(pk=swap.pk).status == Swap.Status.PACKED
    assert error_messages(refused) == ["Datoen kan ikke ligge i fremtiden."]

    yesterday = timezone.localdate() - timedelta(days=1)
    # Delivering asks first, saying what will happen, and carries the chosen date on.
    asked = librarian_client.post(url, {"delivered_on": yesterday.isoformat()})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Den 1 pakkede bog bliver lånt ud til" in html
    assert f'name="delivered_on" value="{yesterday.isoformat()}"' in html
    assert Swap.objects.get(pk=swap.pk).status == Swap.Status.PACKED

    librarian_client.post(url, {"delivered_on": yesterday.isoformat(), "confirmed": "1"})
    assert Swap.objects.get(pk=swap.pk).status == Swap.Status.DELIVERED
    assert set(swap.delivered_loans.values_list("delivered_on", flat=True)) == {yesterday}


def test_a_book_of_another_branch_is_flagged_at_check_in(librarian_client, returning):
    from tests.partnerships.factories import BranchFactory

    book = returning["books"][0]
    book.home_branch = BranchFactory(name="Rønde Bibliotek")
    book.save()

    page = librarian_client.get(_url(returning["swap"])).content.decode()

    assert "Rønde Bibliotek" in page
