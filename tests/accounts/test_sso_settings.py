"""Providers are read from OIDC_* environment variables, and a bad value stops the start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.sso.checks import check_role_maps
from config.sso import providers_from_env

ENTRA = {
    "OIDC_PROVIDERS": "entra, unilogin",
    "OIDC_ENTRA_NAME": "Syddjurs Kommune",
    "OIDC_ENTRA_SERVER_URL": "https://login.microsoftonline.com/tenant/v2.0",
    "OIDC_ENTRA_CLIENT_ID": "app-id",
    "OIDC_ENTRA_SECRET": "s3cret",
    "OIDC_ENTRA_ROLE_MAP": "g-lib=Librarian;g-admin=Administrator;g-admin=Librarian",
    "OIDC_UNILOGIN_KIND": "institution",
    "OIDC_UNILOGIN_SERVER_URL": "https://broker.example/",
    "OIDC_UNILOGIN_CLIENT_ID": "uni",
    "OIDC_UNILOGIN_INSTITUTION_CLAIM": "https://data.example/institution",
    "OIDC_UNILOGIN_USER_TYPES": "lærer,pædagog",
}


def set_env(monkeypatch, values):
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_no_providers_by_default(monkeypatch):
    monkeypatch.delenv("OIDC_PROVIDERS", raising=False)

    assert providers_from_env() == ([], {})


def test_each_provider_becomes_an_allauth_app_and_a_claim_mapping(monkeypatch):
    set_env(monkeypatch, ENTRA)

    apps, claims = providers_from_env()

    assert [app["provider_id"] for app in apps] == ["entra", "unilogin"]
    assert apps[0]["client_id"] == "app-id" and apps[0]["secret"] == "s3cret"
    assert apps[0]["settings"]["oauth_pkce_enabled"] is True
    assert apps[0]["settings"]["scope"] == ["openid", "profile", "email"]
    assert claims["entra"]["role_map"] == {
        "g-lib": ["Librarian"],
        "g-admin": ["Administrator", "Librarian"],
    }
    assert claims["unilogin"]["kind"] == "institution"
    assert claims["unilogin"]["institution_claim"] == "https://data.example/institution"
    assert claims["unilogin"]["user_types"] == ["lærer", "pædagog"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OIDC_ENTRA_CLIENT_ID", "", "OIDC_ENTRA_CLIENT_ID must be set"),
        ("OIDC_ENTRA_KIND", "teachers", "OIDC_ENTRA_KIND must be one of"),
        ("OIDC_ENTRA_ROLE_MAP", "g-lib", "OIDC_ENTRA_ROLE_MAP must read"),
        ("OIDC_ENTRA_ROLE_MAP", "", "must map at least one group"),
        ("OIDC_PROVIDERS", "Entra ID", "must be lower-case"),
    ],
)
def test_a_bad_value_names_its_variable(monkeypatch, name, value, message):
    set_env(monkeypatch, {**ENTRA, name: value})

    with pytest.raises(ImproperlyConfigured, match=message):
        providers_from_env()


def test_a_role_map_naming_an_unknown_role_fails_the_system_check(settings):
    settings.SSO_PROVIDERS = {"entra": {"role_map": {"g-boss": ["Head of everything"]}}}

    errors = check_role_maps()

    assert [error.id for error in errors] == ["accounts.E001"]
    assert "'Head of everything'" in errors[0].msg


def test_the_configured_role_maps_pass_the_system_check(oidc_provider):
    assert check_role_maps() == []
