"""The manager's flow: open the statistics, pick a year, see the charts, print the report."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login
from tests.partnerships.factories import SchoolFactory
from tests.reporting.conftest import library_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def role_groups():
    """Recreate the role groups: an earlier browser test's flush removed the migrated rows."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def test_a_manager_picks_a_year_sees_charts_downloads_and_opens_the_annual_report(page):
    librarian = UserFactory(
        email="lise@example.com", full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN]
    )
    school = SchoolFactory(name="Skolen ved Skoven")
    member = UserFactory(partner=school, roles=[Role.PARTNER_MEMBER])
    library = library_make(librarian=librarian, partner_member=member, school=school)

    login(page, "lise@example.com", PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Statistik").click()
    page.get_by_label("År", exact=True).fill("2026")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Statistik 2026").is_visible()
    # Every chart was drawn by Chart.js from its JSON data.
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[data-chart-source]'))"
        ".map(c => window.Chart && !!window.Chart.getChart(c))"
    )
    assert drawn and all(drawn)
    assert page.get_by_role("table", name="Bøger leveret pr. måned").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.locator("#books-per-month-heading").locator("..").get_by_role(
            "link", name="CSV"
        ).click()
    assert download.value.suggested_filename == "statistik-books-per-month-2026.csv"

    page.get_by_role("link", name="Årsrapport").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Årsrapport 2026").is_visible()
    assert "Kontakt til alle skolens elever." in page.content()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    assert_accessible(page)

    page.goto(library["kindergarten"].get_absolute_url())
    assert page.get_by_role("heading", name="Depotaftaler").is_visible()
    assert page.get_by_role("heading", name="Tidslinje").is_visible()
    assert_accessible(page)
