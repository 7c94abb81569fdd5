"""A pædagog logs in with Unilogin (the local test provider) and lands in the kindergarten's portal."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.e2e.conftest import assert_accessible
from tests.partnerships.factories import KindergartenFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_at_provider(page, sub):
    """Answer the local provider's own page as the user ``sub``."""
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_a_paedagog_logs_in_with_unilogin_and_out_again(page, oidc_provider):
    # The provider's page asks a CDN for its style sheet; the tests stay offline.
    page.route("https://**/*", lambda route: route.abort())
    kindergarten = KindergartenFactory(name="Solsikken", institution_number="101010")
    oidc_provider.set_user(
        "uni-pia",
        {"name": "Pia Pædagog", "institution_number": "101010", "user_type": "employee"},
    )

    page.goto("/konto/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Log ind med Unilogin").click()
    log_in_at_provider(page, "uni-pia")

    assert page.get_by_role("heading", level=1).inner_text() == "Solsikken"
    assert page.url.endswith(reverse("kindergarten_depots:portal_home"))
    assert User.objects.get(partner=kindergarten).full_name == "Pia Pædagog"
    assert_accessible(page)

    page.get_by_role("button", name="Log ud").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Du er logget ud"
    logout_link = page.get_by_role("link", name="Log også ud af Unilogin")
    assert logout_link.get_attribute("href").startswith(f"{oidc_provider.url}/oauth2/end_session")
    assert_accessible(page)


def test_staff_of_an_unknown_institution_are_told_whom_to_contact(page, oidc_provider):
    page.route("https://**/*", lambda route: route.abort())
    oidc_provider.set_user(
        "uni-ole",
        {"name": "Ole", "institution_number": "777777", "user_type": "employee"},
    )

    page.goto("/konto/login/")
    page.get_by_role("button", name="Log ind med Unilogin").click()
    log_in_at_provider(page, "uni-ole")

    assert page.get_by_role("heading", level=1).inner_text() == "Du kunne ikke logges ind"
    text = page.get_by_role("main").inner_text()
    assert "institutionsnummer 777777" in text
    assert "Kontakt biblioteket" in text
    assert_accessible(page)
