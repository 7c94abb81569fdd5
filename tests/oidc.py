"""A local OpenID Connect provider for the tests (``oidc-provider-mock``), on 127.0.0.1.

``oidc_provider`` (in ``tests/conftest.py``) starts it once per test session;
``configure`` points the app's settings at it, the way OIDC_* variables would.
"""

import os
import threading
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests
import werkzeug.serving

from config.sso import KIND_INSTITUTION, KIND_STAFF

CLIENT_ID = "partnerskaber"
STAFF_ROLE_MAP = {
    "grp-bibliotek": ["Librarian"],
    "grp-it-admin": ["Administrator"],
}


class Provider:
    """The running mock provider: its address and a way to set a user's claims."""

    def __init__(self, url: str):
        self.url = url

    def set_user(self, sub: str, claims: dict) -> None:
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Log ``sub`` in at the provider; return the redirect back to the app (path + query)."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        location = urlsplit(response.headers["Location"])
        return f"{location.path}?{location.query}"


@contextmanager
def running_provider():
    # The mock speaks plain HTTP on loopback; authlib refuses that unless told.
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    from oidc_provider_mock import app

    server = werkzeug.serving.make_server("127.0.0.1", 0, app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def provider_settings(provider: Provider, provider_id: str, kind: str) -> tuple[dict, dict]:
    """Return (allauth app, claim settings) for ``provider_id``, as config.sso builds them."""
    app = {
        "provider_id": provider_id,
        "name": {"municipality": "Syddjurs Kommune", "unilogin": "Unilogin"}.get(
            provider_id, provider_id
        ),
        "client_id": CLIENT_ID,
        "secret": "test-secret",
        "settings": {
            "server_url": provider.url,
            "oauth_pkce_enabled": True,
            "scope": ["openid", "profile", "email"],
        },
    }
    claims = {
        "kind": kind,
        "email_claim": "email",
        "name_claim": "name",
        "groups_claim": "groups",
        "role_map": STAFF_ROLE_MAP if kind == KIND_STAFF else {},
        "institution_claim": "institution_number",
        "user_type_claim": "user_type",
        "user_types": ["employee"],
        "logout": True,
    }
    return app, claims


def configure(settings, provider: Provider) -> None:
    """Configure the municipality's provider (staff) and Unilogin (institutions) at ``provider``."""
    apps, claims = [], {}
    for provider_id, kind in (("municipality", KIND_STAFF), ("unilogin", KIND_INSTITUTION)):
        app, provider_claims = provider_settings(provider, provider_id, kind)
        apps.append(app)
        claims[provider_id] = provider_claims
    settings.SSO_APPS = apps
    settings.SSO_PROVIDERS = claims
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": apps}
    }
