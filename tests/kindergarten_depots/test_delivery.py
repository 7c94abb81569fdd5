from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kindergarten_depots import services
from kindergarten_depots.models import Item, Loan, LossReport, Swap
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory

pytestmark = pytest.mark.django_db


def _deliver(swap, librarian, barcodes, on):
    services.swap_pack(swap=swap, by=librarian, barcodes=barcodes)
    return services.swap_deliver(swap=swap, by=librarian, on=on)


def test_delivery_turns_each_packed_book_into_a_loan(swap, librarian):
    items = [ItemFactory() for _ in range(3)]

    _deliver(swap, librarian, [item.barcode for item in items], date(2027, 3, 1))

    swap.refresh_from_db()
    assert swap.status == Swap.Status.DELIVERED
    assert swap.delivered_by == librarian
    loans = Loan.objects.filter(delivered_by=swap)
    assert loans.count() == 3
    assert all(loan.is_open and loan.delivered_on == date(2027, 3, 1) for loan in loans)


def test_check_in_records_returned_damaged_and_missing_books_without_charge(agreement, librarian):
    first = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
    back, broken, gone = ItemFactory(), ItemFactory(), ItemFactory()
    _deliver(first, librarian, [back.barcode, broken.barcode, gone.barcode], date(2027, 1, 4))
    second = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 29))
    _deliver(second, librarian, [ItemFactory().barcode], date(2027, 3, 30))

    counts = services.swap_check_in(
        swap=second, returned={back.barcode}, damaged={broken.barcode}, by=librarian
    )

    assert counts == {"returned": 1, "damaged": 1, "missing": 1}
    states = {
        loan.item_id: (loan.return_state, loan.written_off, loan.charged)
        for loan in Loan.objects.filter(delivered_by=first)
    }
    assert states == {
        back.pk: ("returned", False, False),
        broken.pk: ("damaged", True, False),
        gone.pk: ("missing", True, False),
    }
    statuses = dict(Item.objects.values_list("pk", "status"))
    assert statuses[back.pk] == Item.Status.AVAILABLE
    assert statuses[broken.pk] == Item.Status.DAMAGED
    assert statuses[gone.pk] == Item.Status.LOST
    first.refresh_from_db()
    assert first.status == Swap.Status.COMPLETED
    assert Loan.objects.filter(delivered_by=first, returned_by=second).count() == 3
    # The new batch is still out.
    assert Loan.objects.open().filter(delivered_by=second).count() == 1


def test_check_in_cannot_run_twice(agreement, librarian):
    swap = SwapFactory(agreement=agreement)
    _deliver(swap, librarian, [ItemFactory().barcode], date(2027, 3, 1))
    services.swap_check_in(swap=swap, returned=set(), by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        services.swap_check_in(swap=swap, returned=set(), by=librarian)
    assert excinfo.value.code == "swap_already_checked_in"


def test_check_in_waits_for_the_delivery(swap, librarian):
    with pytest.raises(ValidationError) as excinfo:
        services.swap_check_in(swap=swap, returned=set(), by=librarian)
    assert excinfo.value.code == "swap_not_delivered"


def test_check_in_rejects_barcodes_that_are_not_due_back(agreement, librarian):
    swap = SwapFactory(agreement=agreement)
    _deliver(swap, librarian, [ItemFactory().barcode], date(2027, 3, 1))

    with pytest.raises(ValidationError) as excinfo:
        services.swap_check_in(swap=swap, returned={"nope"}, by=librarian)
    assert excinfo.value.code == "barcodes_not_due"
    swap.refresh_from_db()
    assert swap.checked_in_at is None


def test_the_database_allows_one_open_loan_per_item(swap):
    item = ItemFactory()
    Loan.objects.create(
        item=item, agreement=swap.agreement, delivered_by=swap, delivered_on=date(2027, 1, 1)
    )

    with pytest.raises(IntegrityError):
        Loan.objects.create(
            item=item, agreement=swap.agreement, delivered_by=swap, delivered_on=date(2027, 1, 2)
        )


def test_the_database_refuses_to_charge_a_loan(swap):
    loan = Loan.objects.create(
        item=ItemFactory(),
        agreement=swap.agreement,
        delivered_by=swap,
        delivered_on=date(2027, 1, 1),
    )
    with pytest.raises(IntegrityError):
        Loan.objects.filter(pk=loan.pk).update(charged=True)


def test_a_kindergarten_can_report_a_book_lost_while_it_is_out(agreement, librarian, staff_a):
    swap = SwapFactory(agreement=agreement)
    _deliver(swap, librarian, [ItemFactory().barcode], date(2027, 3, 1))
    loan = Loan.objects.get()

    report = services.loss_report_create(
        loan=loan, kind=LossReport.Kind.LOST, description="", by=staff_a
    )

    assert report.loan == loan
    services.swap_check_in(
        swap=SwapFactory(agreement=agreement, status=Swap.Status.DELIVERED),
        returned=set(),
        by=librarian,
    )
    loan.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.loss_report_create(
            loan=loan, kind=LossReport.Kind.LOST, description="", by=staff_a
        )
    assert excinfo.value.code == "loan_returned"
