import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import Role
from kindergarten_depots import services
from kindergarten_depots.models import Item, Loan, Swap
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login, wait_until
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, agreement_make
from tests.partnerships.factories import KindergartenFactory

HTMX_READY = (
    "(() => { const form = document.querySelector('#packing-list form');"
    " return form && form['htmx-internal-data'] !== undefined"
    " && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping'); })()"
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """Recreate the role groups: an earlier transactional test flushed the migration's rows."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def _pdf_pages(page) -> list[str]:
    """Print ``page`` to PDF as the browser would and return each page's paper size."""
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    a4 = (595, 842)  # points
    return [
        "A4" if (round(float(w)), round(float(h))) in {a4, (596, 843)} else f"{w}x{h}"
        for w, h in boxes
    ]


def test_librarian_plans_packs_prints_delivers_and_checks_in_a_swap(page):
    librarian = UserFactory(
        email="lise@example.com", full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN]
    )
    today = timezone.localdate()
    agreement = agreement_make(
        kindergarten=KindergartenFactory(name="Troldehøjen"),
        coordinator=librarian,
        start_date=today - timedelta(weeks=12),
        end_date=today + timedelta(weeks=40),
        books_per_delivery=2,
    )
    # The books the kindergarten has now, delivered twelve weeks ago.
    previous = SwapFactory(agreement=agreement, planned_date=agreement.start_date, sequence=1)
    out = [ItemFactory(title=f"Gammel bog {n}") for n in range(3)]
    services.swap_pack(swap=previous, by=librarian, barcodes=[item.barcode for item in out])
    services.swap_deliver(swap=previous, by=librarian, on=agreement.start_date)
    # Books for older children: not proposed for this agreement (3–4 years) but scannable.
    ItemFactory(barcode="111", title="Ræven og haren", age_group="5-6")
    ItemFactory(barcode="222", title="Brandbilen", age_group="5-6")
    ItemFactory(barcode="333", title="Forslagsbogen")

    login(page, "lise@example.com", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Depoter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Depotaftaler"
    assert_accessible(page)

    page.get_by_role("link", name="Troldehøjen").click()
    assert_accessible(page)
    # Nothing planned to replace yet, so no confirmation page comes in between.
    page.get_by_role("button", name="Dan planen på ny").click()
    assert page.get_by_role("status").filter(has_text="Planen er dannet").count() == 1
    assert_accessible(page)
    swap = agreement.swaps.filter(status=Swap.Status.PLANNED).order_by("planned_date").first()
    page.goto(swap.get_absolute_url())
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("Udskiftning for Troldehøjen")
    )
    assert_accessible(page)

    # Take the proposal, then swap it for two scanned books; htmx updates the list in place.
    page.get_by_role("button", name="Tilføj den foreslåede bog").click()
    packing = page.locator("#packing-list")
    packing.get_by_role("link", name="Forslagsbogen").wait_for()
    packing.get_by_role("button", name="Fjern Forslagsbogen").click()
    packing.get_by_text("Pakkelisten er tom.").wait_for()
    # A failed scan shows an error and leaves the field empty and focused, so the
    # next scan is not glued onto it.
    page.get_by_label("Stregkode").fill("99999999995")
    page.get_by_label("Stregkode").press("Enter")
    page.locator("#packing-list .scan-error").wait_for()
    assert page.get_by_label("Stregkode").input_value() == ""
    wait_until(page, "document.activeElement && document.activeElement.name === 'barcode'")
    for barcode, title in (("111", "Ræven og haren"), ("222", "Brandbilen")):
        # Type only once htmx has taken over the swapped-in form; a scan before that
        # is an ordinary form post (the book is added, but the page reloads).
        wait_until(page, HTMX_READY)
        page.keyboard.type(barcode)
        page.keyboard.press("Enter")
        page.locator("#packing-list").get_by_role("link", name=title).wait_for()
        assert page.get_by_label("Stregkode").input_value() == ""
        wait_until(page, "document.activeElement && document.activeElement.name === 'barcode'")
    # The green cue of the last scan (htmx may still be settling the swap).
    wait_until(page, "document.querySelectorAll('#packing-list .scan-ok').length === 1")
    # The optional sound is offered (with JavaScript) and remembered when switched on.
    page.get_by_label("Lyd efter hver scanning").check()
    assert page.evaluate("localStorage.getItem('depot-scan-sound')") == "on"
    assert page.locator("#packing-list").get_by_text("2 af 2 bøger").count() == 1
    # The pointer rests where the remove button was; let hover transitions settle.
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    assert_accessible(page)

    page.get_by_role("button", name="Markér som pakket").click()
    assert page.get_by_role("status").filter(has_text="Udskiftningen er pakket").count() == 1
    page.get_by_role("link", name="Udskriv pakkeliste").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Pakkeliste, depot")
    assert "Ræven og haren" in page.content()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    assert _pdf_pages(page) == ["A4"]  # one A4 page, no blank second page
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Udskriv etiketter").click()
    assert page.locator(".depot-label").count() == 3  # one box and two books
    assert page.locator(".depot-label svg.barcode").count() == 3
    page.emulate_media(media="print")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.depot-label')].map(
            e => [Math.round(e.getBoundingClientRect().width * 25.4 / 96),
                  Math.round(e.getBoundingClientRect().height * 25.4 / 96)])"""
    )
    assert sizes == [[70, 37]] * 3
    page.emulate_media(media="screen")
    assert _pdf_pages(page) == ["A4"]
    assert_accessible(page)
    page.go_back()

    page.get_by_role("button", name="Markér som leveret").click()
    # The confirmation page says what delivering does, then delivers.
    assert "bliver lånt ud til" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Markér som leveret").click()
    page.wait_for_url(re.compile(r"/returnering/$"))
    assert_accessible(page)
    page.get_by_label("Stregkoder på de bøger, der kom tilbage").fill(
        f"{out[0].barcode}\n{out[1].barcode}\n"
    )
    assert "Scannet: 2 af 3" in page.locator("#check-in-count").inner_text()
    page.get_by_role("button", name="Videre til bekræftelse").click()
    summary = page.locator("#check-in-summary").inner_text()
    assert "1 bog blev ikke scannet og afskrives som mistet" in summary
    assert_accessible(page)
    assert Loan.objects.get(item=out[2]).return_state == ""  # nothing recorded yet
    page.get_by_role("button", name=re.compile("^Modtag og afskriv")).click()
    assert page.get_by_role("status").filter(has_text="1 mangler").count() == 1
    assert_accessible(page)

    assert Loan.objects.get(item=out[2]).return_state == Loan.ReturnState.MISSING
    assert Item.objects.get(pk=out[2].pk).status == Item.Status.LOST
    assert Loan.objects.open().filter(item__barcode__in=["111", "222"]).count() == 2

    # The kindergarten stops: end the agreement today; the last batch is collected.
    page.goto(agreement.get_absolute_url())
    page.get_by_role("link", name="Afslut aftale").click()
    assert_accessible(page)
    page.get_by_label("Sidste afhentning den").fill(today.isoformat())
    page.get_by_label("Hvorfor aftalen slutter").fill("Børnehaven lukker")
    page.get_by_role("button", name="Fortsæt").click()
    assert "henter de 2 bøger" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Afslut aftalen").click()
    assert page.get_by_role("status").filter(has_text="Aftalen er afsluttet").count() == 1
    assert not agreement.swaps.filter(status=Swap.Status.PLANNED, kind=Swap.Kind.SWAP).exists()
    final = agreement.swaps.get(kind=Swap.Kind.FINAL_COLLECTION)
    page.goto(final.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Modtag returnering").click()
    page.get_by_label("Stregkoder på de bøger, der kom tilbage").fill("111\n222\n")
    page.get_by_role("button", name="Videre til bekræftelse").click()
    page.get_by_role("button", name=re.compile("^Modtag")).click()
    assert_accessible(page)
    final.refresh_from_db()
    assert final.status == Swap.Status.COMPLETED
    assert not Loan.objects.open().filter(agreement=agreement).exists()
    assert {Item.objects.get(barcode=b).status for b in ("111", "222")} == {Item.Status.AVAILABLE}
