"""Read the single sign-on (OpenID Connect) providers from environment variables.

``OIDC_PROVIDERS`` lists the provider ids (``entra,unilogin``); each id ``X`` is
configured by ``OIDC_X_*`` variables (see the README). Every provider becomes one
django-allauth ``openid_connect`` app plus an entry of ``SSO_PROVIDERS`` that says
how its claims are read. A bad value stops the start-up with the variable's name.
"""

import re

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str

KIND_STAFF = "staff"
KIND_INSTITUTION = "institution"
KINDS = (KIND_STAFF, KIND_INSTITUTION)

_ID = re.compile(r"^[a-z][a-z0-9_-]{0,29}$")


def _required(name: str) -> str:
    value = (env_str(name) or "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set for the configured OIDC provider.")
    return value


def _role_map(name: str) -> dict[str, list[str]]:
    """Parse ``claim value=Role name;other value=Role name`` into value → role names."""
    mapping: dict[str, list[str]] = {}
    for pair in (env_str(name) or "").split(";"):
        if not pair.strip():
            continue
        value, sep, role = pair.partition("=")
        if not sep or not value.strip() or not role.strip():
            raise ImproperlyConfigured(
                f"{name} must read 'claim value=Role name;…', not {pair.strip()!r}."
            )
        mapping.setdefault(value.strip(), []).append(role.strip())
    return mapping


def provider_from_env(provider_id: str) -> tuple[dict, dict]:
    """Return (the allauth app, our claim settings) of the provider ``provider_id``."""
    if not _ID.match(provider_id):
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS: {provider_id!r} must be lower-case letters, digits, - or _."
        )
    prefix = f"OIDC_{provider_id.upper().replace('-', '_')}_"
    kind = env_str(prefix + "KIND", KIND_STAFF)
    if kind not in KINDS:
        raise ImproperlyConfigured(f"{prefix}KIND must be one of {', '.join(KINDS)}, not {kind!r}.")
    app = {
        "provider_id": provider_id,
        "name": env_str(prefix + "NAME", provider_id),
        "client_id": _required(prefix + "CLIENT_ID"),
        "secret": env_str(prefix + "SECRET", ""),
        "settings": {
            "server_url": _required(prefix + "SERVER_URL"),
            "oauth_pkce_enabled": True,
            "scope": env_list(prefix + "SCOPES", ["openid", "profile", "email"]),
        },
    }
    claims = {
        "kind": kind,
        "email_claim": env_str(prefix + "EMAIL_CLAIM", "email"),
        "name_claim": env_str(prefix + "NAME_CLAIM", "name"),
        "groups_claim": env_str(prefix + "GROUPS_CLAIM", "groups"),
        "role_map": _role_map(prefix + "ROLE_MAP"),
        "institution_claim": env_str(prefix + "INSTITUTION_CLAIM", "institution_number"),
        "user_type_claim": env_str(prefix + "USER_TYPE_CLAIM", "user_type"),
        "user_types": env_list(prefix + "USER_TYPES", ["employee"]),
        "logout": env_bool(prefix + "LOGOUT", default=True),
    }
    if kind == KIND_STAFF and not claims["role_map"]:
        raise ImproperlyConfigured(
            f"{prefix}ROLE_MAP must map at least one group to a role for a staff provider."
        )
    return app, claims


def providers_from_env() -> tuple[list[dict], dict[str, dict]]:
    """Return the allauth apps and the claim settings of every provider in ``OIDC_PROVIDERS``."""
    apps, claims = [], {}
    for provider_id in env_list("OIDC_PROVIDERS"):
        app, provider_claims = provider_from_env(provider_id)
        apps.append(app)
        claims[provider_id] = provider_claims
    return apps, claims
