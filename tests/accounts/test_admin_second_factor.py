"""The Django admin needs a confirmed TOTP device for local accounts; SSO relies on the provider."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.sso import sso_login

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")


@pytest.fixture
def administrator():
    return UserFactory(
        email="ada@example.com", is_staff=True, is_superuser=True, roles=[Role.ADMINISTRATOR]
    )


def code_of(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def admin_login(client, user, **extra):
    data = {"username": user.email, "password": PASSWORD, "next": ADMIN, **extra}
    return client.post(ADMIN_LOGIN, data)


def test_an_administrator_logged_in_with_a_password_only_cannot_open_the_admin(administrator):
    client = Client()
    client.force_login(administrator)

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response.url.startswith(ADMIN_LOGIN)


def test_the_admin_login_refuses_an_administrator_without_a_confirmed_device(administrator):
    TOTPDevice.objects.create(user=administrator, name="unconfirmed", confirmed=False)
    client = Client()

    response = admin_login(client, administrator, otp_token="123456")

    assert response.status_code == 200  # the form again, with an error
    assert "har du ingen bekræftet enhed" in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_the_admin_login_asks_for_the_code_in_danish(administrator):
    TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client = Client()

    page = client.get(ADMIN_LOGIN).content.decode()
    response = admin_login(client, administrator)

    assert "Kode:" in page and "godkendelsesapp" in page
    assert "Skriv koden fra din godkendelsesapp." in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_a_wrong_code_is_refused(administrator):
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client = Client()
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"

    response = admin_login(client, administrator, otp_device=device.persistent_id, otp_token=wrong)

    assert response.status_code == 200
    assert "Koden er forkert" in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_the_password_and_a_current_code_open_the_admin(administrator):
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client = Client()

    response = admin_login(client, administrator, otp_token=code_of(device))

    assert response.status_code == 302
    page = client.get(ADMIN)
    assert page.status_code == 200
    assert "Bibliotekets Partnerskaber – administration" in page.content.decode()


def test_the_admin_login_is_throttled_like_the_login_page(administrator):
    TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    client = Client()
    for _attempt in range(5):
        client.post(ADMIN_LOGIN, {"username": administrator.email, "password": "wrong"})

    response = admin_login(client, administrator, otp_token="000000")

    assert response.status_code == 429


def test_an_administrator_from_the_provider_opens_the_admin_without_a_local_code(
    client, oidc_provider
):
    claims = {"email": "it@syddjurs.dk", "name": "IT", "groups": ["grp-it-admin"]}

    sso_login(client, oidc_provider, "municipality", "entra-it", claims)

    assert client.get(ADMIN).status_code == 200


def test_a_librarian_from_the_provider_has_no_admin(client, oidc_provider):
    claims = {"email": "lise@syddjurs.dk", "name": "Lise", "groups": ["grp-bibliotek"]}

    sso_login(client, oidc_provider, "municipality", "entra-lise", claims)

    assert client.get(ADMIN).status_code == 302
