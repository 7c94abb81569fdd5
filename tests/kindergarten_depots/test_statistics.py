"""Statistics: returned, damaged and missing apart; reach over a chosen period."""

from datetime import date

import pytest
from django.urls import reverse

from kindergarten_depots import services, statistics
from kindergarten_depots.models import Loan
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, agreement_make


@pytest.mark.parametrize("source", ["monthly figures", "loans"])
def test_missing_and_damaged_books_are_not_counted_as_returned(
    librarian_client, agreement, librarian, monkeypatch, source
):
    if source == "loans":  # without the reporting app's monthly figures
        monkeypatch.setattr(statistics, "period_loans", statistics.loans_counted)
    first = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
    books = [ItemFactory() for _ in range(4)]
    services.swap_pack(swap=first, by=librarian, barcodes=[b.barcode for b in books])
    services.swap_deliver(swap=first, by=librarian, on=date(2026, 1, 4))
    second = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    services.swap_pack(swap=second, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=second, by=librarian, on=date(2026, 3, 1))
    services.swap_check_in(
        swap=second,
        returned={books[0].barcode, books[1].barcode},
        damaged={books[1].barcode},
        by=librarian,
        on=date(2026, 3, 1),
    )
    services.loan_found(loan=Loan.objects.get(item=books[3]), by=librarian, on=date(2026, 4, 1))

    response = librarian_client.get(
        reverse("kindergarten_depots:statistics"), {"start": "2026-01-01", "end": "2026-12-31"}
    )

    stats = response.context["stats"]
    assert (stats["returned"], stats["damaged"], stats["missing"], stats["found"]) == (1, 1, 2, 1)
    assert stats["delivered"] == 5
    assert [(row["name"], row["delivered"]) for row in stats["per_branch"]] == [
        (agreement.branch.name, 5)
    ]
    assert [(row["name"], row["missing"], row["found"]) for row in stats["per_kindergarten"]] == [
        (agreement.kindergarten.name, 2, 1)
    ]
    assert [(row["year"], row["delivered"], row["damaged"]) for row in stats["per_year"]] == [
        (2026, 5, 1)
    ]
    csv = librarian_client.get(
        reverse("kindergarten_depots:statistics_csv"), {"start": "2026-01-01", "end": "2026-12-31"}
    ).content.decode("utf-8-sig")
    assert agreement.kindergarten.name in csv


def test_reach_counts_agreements_running_in_the_period_not_only_today(librarian_client):
    agreement_make(start_date=date(2020, 1, 1), end_date=date(2020, 12, 31))

    in_2020 = librarian_client.get(
        reverse("kindergarten_depots:statistics"), {"start": "2020-06-01", "end": "2020-06-30"}
    ).context["stats"]
    in_2021 = librarian_client.get(
        reverse("kindergarten_depots:statistics"), {"start": "2021-01-01", "end": "2021-12-31"}
    ).context["stats"]

    assert in_2020["kindergartens"] == 1
    assert in_2021["kindergartens"] == 0


def test_a_period_ending_before_it_starts_is_refused(librarian_client):
    response = librarian_client.get(
        reverse("kindergarten_depots:statistics"), {"start": "2026-02-01", "end": "2026-01-01"}
    )

    assert response.context["form"].errors
    assert response.status_code == 200
