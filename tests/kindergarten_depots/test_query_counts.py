"""The list pages use a fixed number of queries, whatever the amount of data."""

from datetime import date

import pytest
from django.urls import reverse

from kindergarten_depots import services
from tests.kindergarten_depots.factories import (
    ItemFactory,
    SwapFactory,
    ThemeFactory,
    agreement_make,
)
from tests.partnerships.factories import BranchFactory, ContactPersonFactory, KindergartenFactory

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 1)


def _data(size, librarian):
    theme = ThemeFactory(name="Dyr")
    for n in range(size):
        kindergarten = KindergartenFactory()
        contact = ContactPersonFactory(partner=kindergarten)
        agreement = agreement_make(
            kindergarten=kindergarten,
            coordinator=librarian,
            branch=BranchFactory(name=f"Filial {n % 3}"),
            contact=contact,
            themes=[theme],
        )
        swap = SwapFactory(agreement=agreement, planned_date=DAY)
        items = [ItemFactory(themes=[theme]) for _ in range(3)]
        services.swap_pack(swap=swap, by=librarian, barcodes=[i.barcode for i in items])
        if n % 2:
            services.swap_deliver(swap=swap, by=librarian)


PAGES = [
    (reverse("kindergarten_depots:item_list"), {}),
    (reverse("kindergarten_depots:item_list"), {"q": "bog", "theme": "1", "status": "in_depot"}),
    (reverse("kindergarten_depots:swap_calendar"), {"date": DAY.isoformat()}),
    (reverse("kindergarten_depots:swap_calendar"), {"date": DAY.isoformat(), "view": "week"}),
    (reverse("kindergarten_depots:route_sheet"), {"date": DAY.isoformat()}),
    (reverse("kindergarten_depots:agreement_list"), {}),
    (reverse("kindergarten_depots:statistics"), {}),
    (reverse("kindergarten_depots:statistics"), {"start": "2020-01-01", "end": "2030-12-31"}),
    (reverse("kindergarten_depots:driver_day"), {"date": DAY.isoformat()}),
]


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize(("url", "params"), PAGES)
def test_list_pages_use_a_bounded_number_of_queries(
    librarian_client, librarian, django_assert_max_num_queries, size, url, params
):
    _data(size, librarian)
    if "statistik" in url:
        # The first request counts the months that are over into monthly figures, once;
        # from then on the figures of a period take a fixed number of queries.
        librarian_client.get(url, params)

    with django_assert_max_num_queries(24 if "statistik" in url else 14):
        response = librarian_client.get(url, params)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_the_swap_page_uses_a_bounded_number_of_queries(
    librarian_client, librarian, agreement, django_assert_max_num_queries, size
):
    swap = SwapFactory(agreement=agreement)
    items = [ItemFactory() for _ in range(size)]
    for item in items:
        services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)
    for _ in range(size * 3):
        ItemFactory()

    with django_assert_max_num_queries(22):
        librarian_client.get(swap.get_absolute_url())
    with django_assert_max_num_queries(12):
        librarian_client.get(reverse("kindergarten_depots:swap_labels", args=[swap.pk]))
    with django_assert_max_num_queries(14):
        librarian_client.get(reverse("kindergarten_depots:item_detail", args=[items[0].pk]))


@pytest.mark.parametrize("size", [1, 10])
def test_the_check_in_pages_use_a_bounded_number_of_queries(
    librarian_client, librarian, agreement, django_assert_max_num_queries, size
):
    first = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
    items = [ItemFactory() for _ in range(size)]
    services.swap_pack(swap=first, by=librarian, barcodes=[i.barcode for i in items])
    services.swap_deliver(swap=first, by=librarian)
    swap = SwapFactory(agreement=agreement, planned_date=DAY)
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=swap, by=librarian)
    url = reverse("kindergarten_depots:swap_check_in", args=[swap.pk])
    data = {"returned": items[0].barcode, "returned_on": "2026-01-01"}

    with django_assert_max_num_queries(12):
        librarian_client.get(url)
    with django_assert_max_num_queries(12):
        librarian_client.post(url, data)
    services.swap_check_in(swap=swap, returned=set(), by=librarian)
    with django_assert_max_num_queries(12):
        librarian_client.get(url)
