"""Links to the providers: a login button per provider, and the provider's own logout."""

import requests
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from accounts.sso.provider import VerifyingOIDCAdapter
from accounts.sso.services import provider_config


def provider_logout_url(request, provider_id: str) -> str | None:
    """Return the provider's end-session URL (back to our login page), or None if it has none."""
    if not provider_config(provider_id)["logout"]:
        return None
    adapter = VerifyingOIDCAdapter(request, provider_id)
    try:
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except requests.RequestException:
        return None
    if not endpoint:
        return None
    params = {
        "client_id": adapter.get_provider().app.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


def login_buttons(next_url: str = "") -> list[dict]:
    """Return one login button (its form's URL and the provider's name) per provider."""
    return [
        {
            "url": reverse("openid_connect_login", kwargs={"provider_id": app["provider_id"]}),
            "name": app["name"],
            "next": next_url,
        }
        for app in settings.SSO_APPS
    ]
