"""The library-system bridge: barcode lists per swap, the institution-card comparison."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kindergarten_depots import services
from tests.kindergarten_depots.assertions import error_codes
from tests.kindergarten_depots.factories import ItemFactory


def _url(swap, kind, fmt):
    return reverse("kindergarten_depots:swap_barcodes", args=[swap.pk, kind, fmt])


def test_the_delivered_barcodes_download_as_a_plain_list_and_csv(librarian_client, world_a):
    delivered = world_a["delivered"]

    text = librarian_client.get(_url(delivered, "udlaant", "txt"))
    csv = librarian_client.get(_url(delivered, "udlaant", "csv"))

    barcodes = sorted(item.barcode for item in world_a["items"])
    assert text.content.decode().split() == barcodes
    assert text["Content-Type"].startswith("text/plain")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 4 and lines[1].startswith(barcodes[0] + ";")


def test_the_collected_barcodes_leave_out_missing_books(librarian_client, world_a, librarian):
    next_swap = world_a["next_swap"]
    services.swap_pack(swap=next_swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=next_swap, by=librarian)
    items = world_a["items"]
    services.swap_check_in(
        swap=next_swap, returned={items[0].barcode}, damaged={items[1].barcode}, by=librarian
    )

    response = librarian_client.get(_url(next_swap, "hentet", "txt"))

    assert response.content.decode().split() == sorted([items[0].barcode, items[1].barcode])


def test_an_unknown_list_kind_is_404(librarian_client, world_a):
    assert librarian_client.get(_url(world_a["delivered"], "andet", "txt")).status_code == 404


def test_the_card_comparison_shows_both_differences(librarian_client, world_a):
    items = world_a["items"]
    url = reverse("kindergarten_depots:agreement_card_compare", args=[world_a["agreement"].pk])
    card = f"stregkode\n{items[0].barcode}\n{items[1].barcode}\n9999\n"

    response = librarian_client.post(
        url, {"file": SimpleUploadedFile("kort.csv", card.encode("utf-8-sig"))}
    )

    comparison = response.context["comparison"]
    assert [loan.item for loan in comparison.only_here] == [items[2]]
    assert comparison.only_on_card == ["9999"]
    assert comparison.both == 2
    assert "9999" in response.content.decode()


def test_the_card_comparison_needs_a_list(librarian_client, world_a):
    url = reverse("kindergarten_depots:agreement_card_compare", args=[world_a["agreement"].pk])

    response = librarian_client.post(url, {"text": "  "})

    assert error_codes(response.context["form"]) == ["card_list_empty"]
    assert response.context["comparison"] is None
