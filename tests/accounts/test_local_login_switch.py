"""LOCAL_LOGIN_ENABLED=0 leaves only the providers' buttons; the password pages are gone."""

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_with_local_login_off_the_page_shows_only_the_providers(client, oidc_provider, settings):
    settings.LOCAL_LOGIN_ENABLED = False

    page = client.get(reverse("accounts:login")).content.decode()

    assert "Log ind med Syddjurs Kommune" in page
    assert 'name="password"' not in page
    assert "Glemt din adgangskode" not in page


def test_with_local_login_off_a_password_cannot_log_in(client, settings):
    settings.LOCAL_LOGIN_ENABLED = False
    user = UserFactory()

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )

    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("name", ["accounts:password_reset", "accounts:password_reset_done"])
def test_with_local_login_off_the_password_reset_is_gone(client, settings, name):
    settings.LOCAL_LOGIN_ENABLED = False

    assert client.get(reverse(name)).status_code == 404


def test_with_local_login_off_and_no_provider_the_page_says_whom_to_ask(client, settings):
    settings.LOCAL_LOGIN_ENABLED = False

    page = client.get(reverse("accounts:login")).content.decode()

    assert "Der er ikke sat nogen måde at logge ind på op" in page
