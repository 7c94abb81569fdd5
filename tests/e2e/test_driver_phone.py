"""The driver runs a day from a phone: 390 px wide, one hand, no JavaScript needed."""

import re

import pytest
from django.utils import timezone

from accounts.roles import Role
from kindergarten_depots import services
from kindergarten_depots.models import RouteStop, Swap
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, agreement_make
from tests.partnerships.factories import BranchFactory, KindergartenFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server):
    """Open a 390 px phone page, with or without JavaScript."""
    contexts = []

    def open_page(*, javascript: bool):
        context = browser.new_context(
            base_url=live_server.url,
            locale="da-DK",
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _login_without_axe(page):
    page.goto("/konto/login/")
    page.get_by_label("E-mailadresse").fill("bo@example.com")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def test_the_driver_delivers_collects_reorders_and_notes_a_problem(phone):
    page = phone(javascript=False)
    driver = UserFactory(email="bo@example.com", full_name="Bo Chauffør", roles=[Role.LIBRARIAN])
    kolind = BranchFactory(name="Kolind Bibliotek")
    today = timezone.localdate()
    for name in ("Bøgen", "Egern"):
        agreement = agreement_make(
            kindergarten=KindergartenFactory(name=name),
            branch=kolind,
            books_per_delivery=1,
            start_date=today,
            end_date=today.replace(year=today.year + 1),
        )
        swap = SwapFactory(agreement=agreement, planned_date=today)
        services.swap_pack(swap=swap, by=driver, barcodes=[ItemFactory().barcode])

    _login_without_axe(page)
    page.goto(f"/depoter/koerer/?branch={kolind.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    stops = page.locator(".driver-stops > li h2")
    assert [t.strip() for t in stops.all_inner_texts()] == ["1 Bøgen", "2 Egern"]

    page.get_by_role("button", name="↓ Senere Bøgen").click()
    assert [t.strip() for t in stops.all_inner_texts()] == ["1 Egern", "2 Bøgen"]

    egern = page.locator(".driver-stops > li").first
    egern.get_by_role("button", name="Leveret").click()
    page.get_by_role("button", name="Ja, leveret").click()
    egern = page.locator(".driver-stops > li").first
    assert re.search(r"Leveret \d\d:\d\d", egern.inner_text())
    egern.get_by_role("button", name="Afhentet").click()
    page.get_by_role("button", name="Ja, afhentet").click()
    egern = page.locator(".driver-stops > li").first
    assert re.search(r"Afhentet \d\d:\d\d", egern.inner_text())

    bogen = page.locator(".driver-stops > li").nth(1)
    bogen.get_by_text("Notér et problem").click()
    bogen.get_by_label("Problem").select_option("closed")
    bogen.get_by_label("Note").fill("Lukket pga. sygdom")
    bogen.get_by_role("button", name="Gem noten").click()
    assert "Lukket pga. sygdom" in page.locator(".driver-stops > li").nth(1).inner_text()

    # The same page with JavaScript (for the accessibility check) at 390 px.
    checked = phone(javascript=True)
    login(checked, "bo@example.com", PASSWORD)
    checked.goto(f"/depoter/koerer/?branch={kolind.pk}")
    assert checked.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(checked)

    assert Swap.objects.get(agreement__kindergarten__name="Egern").status == "delivered"
    assert RouteStop.objects.get(swap__agreement__kindergarten__name="Bøgen").problem == "closed"
