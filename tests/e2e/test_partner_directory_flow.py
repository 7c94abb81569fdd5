import re

import pytest

from accounts.roles import Role
from partnerships.models import Partner
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, field, login
from tests.partnerships.factories import KindergartenFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_librarian_creates_a_partner_finds_it_by_search_and_logs_out(page):
    UserFactory(email="lise@example.com", full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN])
    KindergartenFactory(name="Troldehøjen")

    login(page, "lise@example.com", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Mit overblik"
    assert_accessible(page)

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Partnere").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Partnere"
    assert_accessible(page)

    page.get_by_role("link", name="Ny partner").click()
    assert_accessible(page)
    organisation = page.get_by_role("group", name="Organisation")
    field(organisation, "Navn").fill("Børnehaven Humlebien")
    field(organisation, "Type").select_option("kindergarten")
    organisation.get_by_label("Adresse").fill("Blomstervej 1")
    organisation.get_by_label("Postnummer").fill("8400")
    organisation.get_by_label("By", exact=True).fill("Ebeltoft")
    organisation.get_by_label("Antal børn").fill("45")
    contact = page.get_by_role("group", name="Ny kontaktperson")
    field(contact, "Navn").fill("Mette Leder")
    contact.get_by_label("Rolle/titel").fill("Leder")
    contact.get_by_label("E-mail").fill("mette@example.com")
    contact.get_by_label("Primær kontakt").check()
    page.get_by_role("button", name="Gem", exact=True).click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Børnehaven Humlebien")
    assert page.get_by_role("status").filter(has_text="blev oprettet").count() == 1
    assert "Mette Leder" in page.content()
    assert_accessible(page)
    assert Partner.objects.get(name="Børnehaven Humlebien").contacts.get().name == "Mette Leder"

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Partnere").click()
    page.get_by_label("Søg").fill("mette")
    page.get_by_role("button", name="Filtrér").click()
    results = page.locator("table tbody tr")
    assert results.count() == 1
    assert "Børnehaven Humlebien" in results.first.inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/konto/login/"))
    assert "Du er nu logget ud" in page.content()
    assert_accessible(page)
    page.goto("/partnere/")
    assert "/konto/login/" in page.url
