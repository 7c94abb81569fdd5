"""The provider login checks state, nonce and the ID token; a bad answer logs nobody in."""

import base64
import json
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.sso.provider import VerifyingOIDCAdapter
from tests.accounts.sso import sso_login, start_login

pytestmark = pytest.mark.django_db

SUB = "entra-lise"
LISE = {"email": "lise@syddjurs.dk", "name": "Lise Bibliotekar", "groups": ["grp-bibliotek"]}


def with_params(url, **params):
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **params})))


def assert_refused(client, response):
    assert response.status_code == 401
    assert "Login med Syddjurs Kommune mislykkedes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_a_replayed_callback_is_refused(client, oidc_provider):
    oidc_provider.set_user(SUB, LISE)
    callback = oidc_provider.authorize(start_login(client, "municipality"), SUB)
    assert client.get(callback).status_code == 302
    client.post(reverse("accounts:logout"))
    User.objects.all().delete()

    assert_refused(client, client.get(callback))


def test_a_callback_with_a_state_this_session_never_made_is_refused(client, oidc_provider):
    oidc_provider.set_user(SUB, LISE)
    callback = oidc_provider.authorize(start_login(client, "municipality"), SUB)

    assert_refused(client, client.get(with_params(callback, state="forged")))


def test_a_callback_in_another_browser_is_refused(client, oidc_provider):
    from django.test import Client

    oidc_provider.set_user(SUB, LISE)
    callback = oidc_provider.authorize(start_login(client, "municipality"), SUB)
    other = Client()

    response = other.get(callback)

    assert response.status_code == 401
    assert "_auth_user_id" not in other.session


def test_an_id_token_for_another_client_is_refused(client, oidc_provider, monkeypatch):
    """The provider signs a valid token, but its audience is another application."""
    oidc_provider.set_user(SUB, LISE)
    authorize = with_params(start_login(client, "municipality"), client_id="another-app")
    callback = oidc_provider.authorize(authorize, SUB)
    get_client = VerifyingOIDCAdapter.get_client

    def client_of_another_app(self, request, app):
        oauth_client = get_client(self, request, app)
        oauth_client.consumer_key = "another-app"
        return oauth_client

    monkeypatch.setattr(VerifyingOIDCAdapter, "get_client", client_of_another_app)

    assert_refused(client, client.get(callback))


def test_an_id_token_with_a_forged_payload_is_refused(client, oidc_provider, monkeypatch):
    oidc_provider.set_user(SUB, LISE)
    callback = oidc_provider.authorize(start_login(client, "municipality"), SUB)
    get_token = VerifyingOIDCAdapter.get_access_token_data

    def forged(self, *args, **kwargs):
        data = get_token(self, *args, **kwargs)
        header, payload, signature = data["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["groups"] = ["grp-it-admin"]
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return {**data, "id_token": f"{header}.{payload}.{signature}"}

    monkeypatch.setattr(VerifyingOIDCAdapter, "get_access_token_data", forged)

    assert_refused(client, client.get(callback))


def test_an_id_token_with_another_nonce_is_refused(client, oidc_provider):
    oidc_provider.set_user(SUB, LISE)
    authorize = with_params(start_login(client, "municipality"), nonce="replayed-nonce")
    callback = oidc_provider.authorize(authorize, SUB)

    assert_refused(client, client.get(callback))


def test_a_cancelled_login_says_so(client, oidc_provider):
    start_login(client, "municipality")
    state = client.session["socialaccount_states"]
    state_id = next(iter(state))

    response = client.get(
        reverse("openid_connect_callback", kwargs={"provider_id": "municipality"}),
        {"state": state_id, "error": "access_denied"},
    )

    assert response.status_code == 401
    assert "Du afbrød login." in response.content.decode()


def test_an_unknown_provider_is_not_found(client, oidc_provider):
    url = reverse("openid_connect_login", kwargs={"provider_id": "nowhere"})

    assert client.post(url).status_code == 404


def test_a_successful_login_for_comparison(client, oidc_provider):
    response = sso_login(client, oidc_provider, "municipality", SUB, LISE)

    assert response.status_code == 302
    assert User.objects.get().email == "lise@syddjurs.dk"


def test_an_expired_id_token_is_refused(client, oidc_provider, monkeypatch):
    """The provider's tokens live an hour; two hours later the same answer is too old."""
    from datetime import datetime, timedelta

    import jwt.api_jwt

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=2)

    oidc_provider.set_user(SUB, LISE)
    callback = oidc_provider.authorize(start_login(client, "municipality"), SUB)
    monkeypatch.setattr(jwt.api_jwt, "datetime", Later)

    assert_refused(client, client.get(callback))


def test_an_id_token_from_another_issuer_is_refused(client, oidc_provider, settings):
    """The app expects another issuer than the one that signed the token."""
    app = settings.SSO_APPS[0]
    app["settings"]["openid_configuration_overrides"] = {"issuer": "https://login.example.org"}
    oidc_provider.set_user(SUB, LISE)
    callback = oidc_provider.authorize(start_login(client, "municipality"), SUB)

    assert_refused(client, client.get(callback))
