"""Kindergarten staff use the portal on a phone: next swap, a wish, a damaged book."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from kindergarten_depots.models import LossReport, Wish
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, field, login
from tests.kindergarten_depots.conftest import depot_world
from tests.partnerships.factories import KindergartenFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role)


def test_staff_see_the_next_swap_add_a_wish_and_report_a_damaged_book_on_a_phone(phone_page):
    page = phone_page
    kindergarten = KindergartenFactory(name="Solsikken")
    librarian = UserFactory(full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN])
    world = depot_world(kindergarten=kindergarten, coordinator=librarian, label="Solsikke")
    UserFactory(
        email="pia@example.com",
        full_name="Pia Pædagog",
        partner=kindergarten,
        roles=[Role.KINDERGARTEN_STAFF],
    )

    login(page, "pia@example.com", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Solsikken"
    next_swap = page.get_by_role("region", name="Næste udskiftning", exact=True)
    assert "Om 10 dage" in next_swap.inner_text()
    assert "læg bøgerne i kassen" in next_swap.inner_text()
    # Nothing spills sideways on a 360-px screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.get_by_role("button", name="Ja, vi har fået bøgerne").click()
    assert page.get_by_role("status").filter(has_text="I har bekræftet").count() == 1
    world["delivered"].refresh_from_db()
    assert world["delivered"].received_by.email == "pia@example.com"

    page.get_by_role("link", name="Tilføj et ønske").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ønsker til næste udskiftning"
    assert_accessible(page)
    field(page, "Jeres ønske").fill("Bøger om følelser")
    page.get_by_role("button", name="Send ønske").click()
    assert page.get_by_role("status").filter(has_text="Tak!").count() == 1
    assert Wish.objects.filter(text="Bøger om følelser", agreement=world["agreement"]).exists()
    assert_accessible(page)

    page.get_by_role("link", name="Bog væk eller i stykker").click()
    assert_accessible(page)
    book = world["items"][1]
    field(page, "Hvilken bog?").select_option(label=f"{book.title} – {book.author}")
    page.get_by_label("Bogen er beskadiget").check()
    field(page, "Fortæl lidt mere (frivilligt)").fill("Revet i ryggen")
    page.get_by_role("button", name="Send meldingen").click()
    assert page.get_by_role("status").filter(has_text="Det koster jer ingenting").count() == 1
    assert LossReport.objects.filter(
        loan__item=book, kind="damaged", description="Revet i ryggen"
    ).exists()
    assert_accessible(page)

    page.get_by_role("link", name="Skriv til biblioteket").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Kalender").click()
    assert_accessible(page)


def test_the_core_portal_actions_work_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        viewport={"width": 360, "height": 740},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    kindergarten = KindergartenFactory(name="Troldehøjen")
    librarian = UserFactory(roles=[Role.LIBRARIAN])
    world = depot_world(kindergarten=kindergarten, coordinator=librarian, label="Trold")
    jonas = UserFactory(
        email="jonas@example.com", partner=kindergarten, roles=[Role.KINDERGARTEN_STAFF]
    )
    try:
        page.goto("/konto/login/")
        page.get_by_label("E-mailadresse").fill("jonas@example.com")
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.get_by_role("button", name="Ja, vi har fået bøgerne").click()
        page.goto("/portal/oensker/")
        field(page, "Jeres ønske").fill("Flere pegebøger")
        page.get_by_role("button", name="Send ønske").click()
        page.get_by_role("button", name="Træk tilbage Flere pegebøger").click()
        page.goto("/portal/meld-bog/")
        book = world["items"][2]
        field(page, "Hvilken bog?").select_option(label=f"{book.title} – {book.author}")
        page.get_by_label("Bogen er væk").check()
        page.get_by_role("button", name="Send meldingen").click()
    finally:
        context.close()
    world["delivered"].refresh_from_db()
    assert world["delivered"].received_at is not None
    withdrawn = Wish.objects.get(text="Flere pegebøger")
    assert withdrawn.status == Wish.Status.WITHDRAWN
    assert withdrawn.withdrawn_by == jonas
    assert LossReport.objects.filter(loan__item=book, kind="lost").exists()
