"""Librarians log in through the municipality's provider; roles follow the group claim."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts import roles
from accounts.models import User
from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.accounts.sso import sso_login, start_login

pytestmark = pytest.mark.django_db

LISE = {"email": "lise@syddjurs.dk", "name": "Lise Bibliotekar", "groups": ["grp-bibliotek"]}


def test_the_login_page_shows_a_button_per_configured_provider(client, oidc_provider):
    page = client.get(reverse("accounts:login")).content.decode()

    assert "Log ind med Syddjurs Kommune" in page
    assert "Log ind med Unilogin" in page
    assert 'name="password"' in page  # the local login stays


def test_without_providers_the_login_page_has_only_the_password_form(client):
    page = client.get(reverse("accounts:login")).content.decode()

    assert "Log ind med" not in page
    assert 'name="password"' in page


def test_the_provider_login_sends_state_nonce_and_pkce(client, oidc_provider):
    query = parse_qs(urlsplit(start_login(client, "municipality")).query)

    assert query["client_id"] == ["partnerskaber"]
    assert query["state"][0] and query["nonce"][0]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["redirect_uri"] == ["http://testserver/konto/sso/municipality/callback/"]


def test_the_provider_login_is_post_only(client, oidc_provider):
    url = reverse("openid_connect_login", kwargs={"provider_id": "municipality"})

    assert client.get(url).status_code == 405


def test_a_librarian_is_created_on_first_login_with_the_mapped_role(client, oidc_provider):
    response = sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(email="lise@syddjurs.dk")
    assert user.full_name == "Lise Bibliotekar"
    assert not user.has_usable_password()
    assert roles.roles_of(user) == [Role.LIBRARIAN]
    assert SocialAccount.objects.get(user=user).uid == "entra-lise"
    assert client.session["_auth_user_id"] == str(user.pk)
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert "succesfuldt" not in dashboard.content.decode()  # no allauth message in its Danish


def test_a_returning_librarian_is_matched_by_subject_not_by_email(client, oidc_provider):
    sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)
    client.logout()

    changed = {**LISE, "email": "lise.b@syddjurs.dk"}
    sso_login(client, oidc_provider, "municipality", "entra-lise", changed)

    user = User.objects.get()
    assert user.email == "lise.b@syddjurs.dk"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_existing_local_account_with_the_same_email_is_not_taken_over(client, oidc_provider):
    local = UserFactory(email="lise@syddjurs.dk", roles=[Role.ADMINISTRATOR])

    response = sso_login(client, oidc_provider, "municipality", "someone-else", LISE)

    assert response.status_code == 403
    assert "Der findes allerede et login med e-mailadressen lise@syddjurs.dk" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=local).exists()


def test_roles_are_reevaluated_at_each_login_and_a_lost_group_loses_the_role(client, oidc_provider):
    both = {**LISE, "groups": ["grp-bibliotek", "grp-it-admin", "grp-unrelated"]}
    sso_login(client, oidc_provider, "municipality", "entra-lise", both)
    user = User.objects.get()
    judge = roles.Role.JUDGE
    user.groups.add(user.groups.model.objects.get_or_create(name=judge)[0])
    assert set(roles.roles_of(user)) == {Role.LIBRARIAN, Role.ADMINISTRATOR, Role.JUDGE}
    assert user.is_staff
    client.logout()

    sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)

    user = User.objects.get()
    # The provider decides Librarian and Administrator; a judge is named in the app.
    assert set(roles.roles_of(user)) == {Role.LIBRARIAN, Role.JUDGE}
    assert not user.is_staff


def test_a_user_without_a_mapped_group_is_refused_and_loses_the_roles(client, oidc_provider):
    sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)
    client.logout()

    response = sso_login(
        client, oidc_provider, "municipality", "entra-lise", {**LISE, "groups": ["grp-other"]}
    )

    assert response.status_code == 403
    assert "ingen rolle i dette system" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The provider no longer vouches for the role: it is gone for any other session too.
    assert roles.roles_of(User.objects.get()) == []


def test_a_missing_email_claim_is_refused(client, oidc_provider):
    claims = {"name": "Uden Mail", "groups": ["grp-bibliotek"]}

    response = sso_login(client, oidc_provider, "municipality", "entra-nomail", claims)

    assert response.status_code == 403
    assert "mangler" in response.content.decode()
    assert not User.objects.exists()


def test_a_deactivated_user_is_refused(client, oidc_provider):
    sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)
    client.logout()
    User.objects.update(is_active=False)

    response = sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)

    assert response.status_code == 403
    assert "deaktiveret" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_next_page_is_kept_through_the_provider_login(client, oidc_provider):
    url = reverse("partnerships:partner_list")

    response = sso_login(client, oidc_provider, "municipality", "entra-lise", LISE, next=url)

    assert response.url == url


def test_logout_ends_the_session_and_offers_the_providers_logout(client, oidc_provider):
    sso_login(client, oidc_provider, "municipality", "entra-lise", LISE)

    response = client.post(reverse("accounts:logout"))

    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{oidc_provider.url}/oauth2/end_session?client_id=partnerskaber" in page
    assert "Log også ud af Syddjurs Kommune" in page
    assert client.get(reverse("dashboard")).status_code == 302


def test_local_logout_does_not_mention_a_provider(client, librarian, oidc_provider):
    client.force_login(librarian)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
