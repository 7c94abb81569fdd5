import re

import pytest
from django.core import mail

from accounts.roles import Role
from partnerships.models import JournalEntry, Partnership, Task
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, field, login
from tests.partnerships.factories import SchoolFactory

pytestmark = pytest.mark.django_db(transaction=True)


def pick(scope, page, label, typed, option):
    """Choose ``option`` in a search-as-you-type picker by typing ``typed``."""
    scope.get_by_role("combobox", name=label).press_sequentially(typed)
    page.get_by_role("option", name=option).click()


def test_librarian_runs_a_partnership_and_the_assignee_sees_the_task(page):
    UserFactory(email="lise@example.com", full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN])
    UserFactory(
        email="hanne@example.com", full_name="Hanne Østergaard", roles=[Role.LIBRARY_MANAGER]
    )
    school = SchoolFactory(name="Rønde Skole")
    UserFactory(
        email="per@example.com",
        full_name="Per Skolebibliotekar",
        partner=school,
        roles=[Role.PARTNER_MEMBER],
    )

    login(page, "lise@example.com", PASSWORD)
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_role("link", name="Partnerskaber").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nyt partnerskab").click()
    assert_accessible(page)
    field(page, "Titel").fill("SKOFO")
    field(page, "Type").select_option("school")
    pick(page, page, "Partnerorganisationer", "Rønde", "Rønde Skole")
    page.keyboard.press("Escape")
    page.get_by_label("Formål").fill("Oplæsningsmesterskab for mellemtrinnet")
    page.get_by_label("Hvad biblioteket får ud af det").fill("Kontakt til eleverne")
    page.get_by_role("button", name="Gem", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "SKOFO"
    assert_accessible(page)

    members = page.get_by_role("group", name="Tilføj et medlem")
    pick(members, page, "Person", "Per Sk", "Per Skolebibliotekar (Rønde Skole)")
    members.get_by_label("Rolle i partnerskabet").fill("Skolebibliotekar")
    members.get_by_role("button", name="Tilføj medlem").click()
    assert page.get_by_role("status").filter(has_text="er nu medlem").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Journal").click()
    field(page, "Type").select_option("decision")
    field(page, "Tekst").fill("Finalen holdes på Rønde Bibliotek.")
    page.get_by_role("button", name="Gem indlæg").click()
    assert page.get_by_role("status").filter(has_text="sendt på e-mail").count() == 1
    assert_accessible(page)
    assert JournalEntry.objects.get().kind == "decision"
    assert [m.to for m in mail.outbox] == [["per@example.com"]]

    page.get_by_role("link", name="Opgaver").click()
    field(page, "Titel").fill("Find dommere")
    field(page, "Ansvarlig").select_option(label="Per Skolebibliotekar (Rønde Skole)")
    field(page, "Frist").fill("2030-02-01")
    page.get_by_role("button", name="Opret opgave").click()
    assert "Find dommere" in page.locator("table").inner_text()
    assert_accessible(page)
    assert Task.objects.get().assignee.email == "per@example.com"
    assert Partnership.objects.get().status == "idea"

    page.get_by_role("link", name="Overblik", exact=True).click()
    asking = page.get_by_role("group", name="Bed bibliotekslederne om opbakning")
    field(asking, "Kommentar til bibliotekslederne").fill("Det koster ca. 40 timer.")
    asking.get_by_role("button", name="Bed om opbakning").click()
    assert page.get_by_role("status").filter(has_text="bedt om at bakke op").count() == 1
    assert_accessible(page)
    assert mail.outbox[-1].to == ["hanne@example.com"]

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/konto/login/"))

    login(page, "per@example.com", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Mit overblik"
    tasks = page.get_by_role("region", name="Mine åbne opgaver")
    assert "Find dommere" in tasks.inner_text()
    decisions = page.get_by_role("region", name="Seneste beslutninger")
    assert "Finalen holdes på Rønde Bibliotek." in decisions.inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(re.compile(r"/konto/login/"))
    login(page, "hanne@example.com", PASSWORD)
    assert "venter på din beslutning" in page.get_by_role("main").inner_text()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Opbakning").click()
    assert_accessible(page)
    page.get_by_role("link", name="SKOFO").click()
    assert_accessible(page)
    page.get_by_label("Godkend opbakningen").check()
    field(page, "Kommentar").fill("God idé; vi har timerne.")
    page.get_by_role("button", name="Registrér min beslutning").click()
    assert page.get_by_role("status").filter(has_text="beslutning er registreret").count() == 1
    assert Partnership.objects.get().has_approved_backing()
