"""Branch-aware picking, boxes with barcodes, labels on the A4 sheet, scanning cues."""

import re

import pytest
from django.urls import reverse

from kindergarten_depots import services
from kindergarten_depots.models import Box, DepotAgreement, PackedItem, Swap
from tests.kindergarten_depots.factories import (
    ItemFactory,
    SwapFactory,
    agreement_make,
)
from tests.partnerships.factories import BranchFactory


@pytest.fixture
def branches(db):
    return BranchFactory(name="Kolind Bibliotek"), BranchFactory(name="Rønde Bibliotek")


def test_the_proposal_picks_from_the_serving_branch_first(kindergarten_a, branches):
    kolind, ronde = branches
    agreement = agreement_make(kindergarten=kindergarten_a, branch=kolind, books_per_delivery=6)
    at_ronde = [ItemFactory(home_branch=ronde) for _ in range(10)]
    at_kolind = [ItemFactory(home_branch=kolind) for _ in range(4)]
    swap = SwapFactory(agreement=agreement)

    proposal = services.swap_propose(swap=swap)

    assert len(proposal) == 6
    assert set(proposal[:4]) == set(at_kolind)
    assert set(proposal[4:]) <= set(at_ronde)


def test_serving_branch_only_never_proposes_other_branches(kindergarten_a, branches):
    kolind, ronde = branches
    agreement = agreement_make(
        kindergarten=kindergarten_a,
        branch=kolind,
        books_per_delivery=6,
        picking=DepotAgreement.Picking.BRANCH_ONLY,
    )
    [ItemFactory(home_branch=ronde) for _ in range(10)]
    at_kolind = [ItemFactory(home_branch=kolind) for _ in range(2)]

    proposal = services.swap_propose(swap=SwapFactory(agreement=agreement))

    assert set(proposal) == set(at_kolind)


def test_a_central_depot_collection_is_picked_from_first(kindergarten_a, branches):
    kolind, ronde = branches
    agreement = agreement_make(
        kindergarten=kindergarten_a, branch=kolind, books_per_delivery=3, picking_branch=ronde
    )
    [ItemFactory(home_branch=kolind) for _ in range(5)]
    central = [ItemFactory(home_branch=ronde) for _ in range(3)]

    proposal = services.swap_propose(swap=SwapFactory(agreement=agreement))

    assert set(proposal) == set(central)


def test_the_swap_page_shows_where_each_proposed_book_is(librarian_client, swap, branches):
    ItemFactory(home_branch=branches[1], shelf="Billedbøger B")

    page = librarian_client.get(swap.get_absolute_url()).content.decode()

    assert "Rønde Bibliotek, Billedbøger B" in page


def test_packing_makes_boxes_by_the_agreements_box_size(kindergarten_a, librarian):
    agreement = agreement_make(kindergarten=kindergarten_a, books_per_delivery=7, books_per_box=3)
    swap = SwapFactory(agreement=agreement)
    barcodes = [ItemFactory().barcode for _ in range(7)]

    services.swap_pack(swap=swap, by=librarian, barcodes=barcodes)

    boxes = list(swap.boxes.order_by("number"))
    assert [(b.number, b.books) for b in boxes] == [(1, 3), (2, 3), (3, 1)]
    assert len({b.barcode for b in Box.objects.all()}) == 3
    assert Swap.objects.get(pk=swap.pk).box_count == 3


def test_reopening_the_packing_list_removes_the_boxes(swap, librarian):
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_unpack(swap=swap, by=librarian)

    assert not swap.boxes.exists()
    assert Swap.objects.get(pk=swap.pk).box_count == 1  # the estimate from the books


def test_labels_print_code_128_barcodes_on_an_a4_sheet_of_24(librarian_client, swap, librarian):
    items = [ItemFactory() for _ in range(25)]
    services.swap_pack(swap=swap, by=librarian, barcodes=[i.barcode for i in items])

    response = librarian_client.get(reverse("kindergarten_depots:swap_labels", args=[swap.pk]))

    page = response.content.decode()
    sheets = response.context["sheets"]
    assert [len(sheet) for sheet in sheets] == [24, 2]  # 1 box + 25 books
    assert page.count('data-barcode="code128"') == 26
    assert f'aria-label="{items[0].barcode}"' in page
    assert f'aria-label="{Box.barcode_for(swap, 1)}"' in page
    assert "onclick" not in page
    # Bars sized in millimetres, so the print is as scannable as the screen.
    assert re.search(r'<svg class="barcode"[^>]*width="[\d.]+mm"', page)


def test_the_label_sheet_and_print_pages_are_a4():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/depots.css")).read_text(encoding="utf-8")
    assert "size: A4" in css
    assert "grid-template-columns: repeat(3, 70mm)" in css
    assert "grid-auto-rows: 37mm" in css


def test_code128_svg_encodes_the_value():
    from kindergarten_depots.barcodes import code128_svg

    svg = code128_svg("KASSE-1-1")

    assert svg.startswith("<svg") and "<?xml" not in svg and "style=" not in svg
    # Code 128 ends with the stop pattern: a 2-module bar after the last bars.
    assert svg.count("<rect") > 20


def test_the_packing_list_is_in_picking_order_with_branch_and_shelf(
    librarian_client, swap, librarian, branches
):
    kolind, ronde = branches
    late = ItemFactory(home_branch=ronde, shelf="A", title="Aa")
    early = ItemFactory(home_branch=kolind, shelf="Z", title="Zz")
    for item in (late, early):
        services.swap_item_add(swap=swap, barcode=item.barcode, by=librarian)

    response = librarian_client.get(
        reverse("kindergarten_depots:swap_packing_list", args=[swap.pk])
    )

    assert [row.item for row in response.context["packed"]] == [early, late]
    assert "Kolind Bibliotek" in response.content.decode()


def test_packing_below_the_target_asks_first(librarian_client, swap):
    item = ItemFactory()
    PackedItem.objects.create(swap=swap, item=item)
    url = reverse("kindergarten_depots:swap_pack", args=[swap.pk])

    response = librarian_client.post(url)
    assert response.status_code == 200
    assert Swap.objects.get(pk=swap.pk).status == Swap.Status.PLANNED

    librarian_client.post(url, {"confirm": "yes"})
    assert Swap.objects.get(pk=swap.pk).status == Swap.Status.PACKED


def test_the_pack_button_is_disabled_with_no_books(librarian_client, swap):
    page = librarian_client.get(swap.get_absolute_url()).content.decode()

    form = page[page.index(reverse("kindergarten_depots:swap_pack", args=[swap.pk])) :]
    assert "disabled" in form[: form.index("</form>")]


def test_the_packing_list_warns_over_target_and_outside_the_ages(librarian_client, swap, librarian):
    swap.agreement.books_per_delivery = 1
    swap.agreement.save()
    services.swap_item_add(swap=swap, barcode=ItemFactory().barcode, by=librarian)
    services.swap_item_add(swap=swap, barcode=ItemFactory(age_group="5-6").barcode, by=librarian)

    response = librarian_client.get(swap.get_absolute_url())

    assert response.context["over_target"] == 1
    assert response.context["outside_ages"] == 1


def test_a_good_scan_after_a_bad_one_clears_the_field(librarian_client, swap):
    ItemFactory(barcode="12345678", title="Godnat, lille bjørn")
    url = reverse("kindergarten_depots:swap_item_add", args=[swap.pk])

    librarian_client.post(url, {"barcode": "99999999995"}, HTTP_HX_REQUEST="true")
    response = librarian_client.post(url, {"barcode": "12345678"}, HTTP_HX_REQUEST="true")

    assert response.context["scanned"].title == "Godnat, lille bjørn"
    assert "scan-ok" in response.content.decode()
    assert PackedItem.objects.get(swap=swap).item.barcode == "12345678"
