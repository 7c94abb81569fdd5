"""The driver's day: ordered stops, delivered / collected with the time, boxes, problems."""

from datetime import date

import pytest
from django.urls import reverse

from kindergarten_depots import services
from kindergarten_depots.models import Box, RouteStop, Swap
from tests.kindergarten_depots.assertions import error_messages
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, agreement_make
from tests.partnerships.factories import BranchFactory, KindergartenFactory

DAY = date(2027, 3, 1)


@pytest.fixture
def route(db, librarian):
    """Three packed swaps served by Kolind on DAY; the first also collects a box."""
    kolind = BranchFactory(name="Kolind Bibliotek")
    swaps = []
    for name in ("Bøgen", "Egern", "Mejsen"):
        agreement = agreement_make(
            kindergarten=KindergartenFactory(name=name), branch=kolind, books_per_delivery=2
        )
        if name == "Bøgen":
            earlier = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
            services.swap_pack(swap=earlier, by=librarian, barcodes=[ItemFactory().barcode])
            services.swap_deliver(swap=earlier, by=librarian)
        swap = SwapFactory(agreement=agreement, planned_date=DAY)
        services.swap_pack(
            swap=swap, by=librarian, barcodes=[ItemFactory().barcode, ItemFactory().barcode]
        )
        swaps.append(swap)
    return {"branch": kolind, "swaps": swaps}


def _day(client, route):
    return client.get(
        reverse("kindergarten_depots:driver_day"),
        {"date": DAY.isoformat(), "branch": route["branch"].pk},
    )


def _names(response):
    return [s.agreement.kindergarten.name for s in response.context["stops"]]


def test_the_day_lists_the_branchs_stops_with_boxes_out_and_back(librarian_client, route):
    response = _day(librarian_client, route)

    assert _names(response) == ["Bøgen", "Egern", "Mejsen"]
    first = response.context["stops"][0]
    assert first.box_count == 1 and len(first.boxes_back) == 1
    page = response.content.decode()
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]


def test_stops_are_reordered_with_buttons_without_javascript(librarian_client, route):
    last = route["swaps"][2]
    url = reverse("kindergarten_depots:driver_stop_move", args=[last.pk])

    response = librarian_client.post(url, {"direction": "up"})

    assert response.status_code == 302 and f"#stop-{last.pk}" in response.url
    assert _names(_day(librarian_client, route)) == ["Bøgen", "Mejsen", "Egern"]
    librarian_client.post(url, {"direction": "up"})
    assert _names(_day(librarian_client, route)) == ["Mejsen", "Bøgen", "Egern"]
    assert list(RouteStop.objects.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]


def test_delivered_and_collected_record_the_time(librarian_client, route):
    swap = route["swaps"][0]

    deliver = reverse("kindergarten_depots:driver_stop_deliver", args=[swap.pk])
    collect = reverse("kindergarten_depots:driver_stop_collect", args=[swap.pk])
    # Each button asks first and changes nothing until confirmed.
    asked = librarian_client.post(deliver)
    assert "bliver markeret som leveret nu" in asked.content.decode()
    assert "Afhentningen" in librarian_client.post(collect).content.decode()
    assert Swap.objects.get(pk=swap.pk).status == Swap.Status.PACKED
    assert not RouteStop.objects.filter(swap=swap, collected_at__isnull=False).exists()

    librarian_client.post(deliver, {"confirmed": "1"})
    librarian_client.post(collect, {"confirmed": "1"})

    swap = Swap.objects.get(pk=swap.pk)
    assert swap.status == Swap.Status.DELIVERED and swap.delivered_at is not None
    assert swap.stop.collected_at is not None
    assert set(swap.boxes.values_list("out_at", flat=True)) != {None}
    # The box of the earlier delivery came back in with the collection.
    assert Box.objects.filter(swap__planned_date=date(2027, 1, 4), in_at__isnull=False).exists()
    page = _day(librarian_client, route).content.decode()
    assert swap.delivered_at.astimezone().strftime("%H:%M")[:2] in page


def test_boxes_are_scanned_out_and_in_at_the_stop(librarian_client, route):
    swap = route["swaps"][0]
    own = swap.boxes.get()
    earlier = Box.objects.get(swap__planned_date=date(2027, 1, 4))
    url = reverse("kindergarten_depots:driver_box_scan", args=[swap.pk])

    librarian_client.post(url, {"barcode": own.barcode})
    librarian_client.post(url, {"barcode": earlier.barcode})
    response = librarian_client.post(
        url, {"barcode": route["swaps"][1].boxes.get().barcode}, follow=True
    )

    own.refresh_from_db()
    earlier.refresh_from_db()
    assert own.out_at is not None and own.in_at is None
    assert earlier.in_at is not None
    assert error_messages(response)  # another kindergarten's box is not at this stop


def test_a_problem_is_noted_on_the_stop(librarian_client, route):
    swap = route["swaps"][1]
    url = reverse("kindergarten_depots:driver_stop_problem", args=[swap.pk])

    response = librarian_client.post(url, {"problem": "other", "note": ""}, follow=True)
    assert error_messages(response)
    librarian_client.post(url, {"problem": "closed", "note": "Skilt på døren"})

    stop = RouteStop.objects.get(swap=swap)
    assert (stop.problem, stop.note) == ("closed", "Skilt på døren")
    assert stop.noted_at is not None
    assert "Skilt på døren" in _day(librarian_client, route).content.decode()


def test_the_driver_page_takes_a_fixed_number_of_queries(
    librarian_client, route, librarian, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        _day(librarian_client, route)
    kolind = route["branch"]
    for _n in range(4):
        agreement = agreement_make(branch=kolind, books_per_delivery=1)
        swap = SwapFactory(agreement=agreement, planned_date=DAY)
        services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    with django_assert_max_num_queries(16):
        response = _day(librarian_client, route)
    assert len(response.context["stops"]) == 7
