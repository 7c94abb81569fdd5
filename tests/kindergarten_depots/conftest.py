import pytest

from tests.kindergarten_depots.factories import SwapFactory, agreement_make


@pytest.fixture
def agreement(db, kindergarten_a, librarian):
    return agreement_make(kindergarten=kindergarten_a, coordinator=librarian, books_per_delivery=5)


@pytest.fixture
def swap(agreement):
    return SwapFactory(agreement=agreement)


def depot_world(*, kindergarten, coordinator, label: str, books: int = 3) -> dict:
    """Build a kindergarten's depot as the portal sees it, dated around today.

    One delivered swap with ``books`` books on loan (not yet confirmed received),
    a planned next swap in ten days, an open wish and a loss report. ``label``
    goes into titles so a test can tell whose data a page shows.
    """
    from datetime import timedelta

    from django.utils import timezone

    from kindergarten_depots import services
    from kindergarten_depots.models import Swap
    from tests.kindergarten_depots.factories import ItemFactory

    today = timezone.localdate()
    agreement = agreement_make(
        kindergarten=kindergarten,
        coordinator=coordinator,
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=300),
        books_per_delivery=books,
    )
    delivered = SwapFactory(agreement=agreement, planned_date=today - timedelta(days=20))
    items = [ItemFactory(title=f"{label} bog {n}") for n in range(books)]
    services.swap_pack(swap=delivered, by=coordinator, barcodes=[item.barcode for item in items])
    services.swap_deliver(swap=delivered, by=coordinator, on=today - timedelta(days=20))
    delivered.refresh_from_db()
    next_swap = SwapFactory(agreement=agreement, planned_date=today + timedelta(days=10))
    loans = list(delivered.delivered_loans.select_related("item").order_by("item__title"))
    wish = services.wish_create(agreement=agreement, text=f"{label} ønske om dinosaurer", by=None)
    report = services.loss_report_create(
        loan=loans[0], kind="damaged", description=f"{label} revet i stykker", by=None
    )
    return {
        "kindergarten": kindergarten,
        "agreement": agreement,
        "partnership": agreement.partnership,
        "delivered": Swap.objects.get(pk=delivered.pk),
        "next_swap": next_swap,
        "items": items,
        "loans": loans,
        "wish": wish,
        "report": report,
    }


@pytest.fixture
def world_a(kindergarten_a, librarian):
    return depot_world(kindergarten=kindergarten_a, coordinator=librarian, label="Alfa")


@pytest.fixture
def world_b(kindergarten_b, librarian):
    return depot_world(kindergarten=kindergarten_b, coordinator=librarian, label="Beta")
