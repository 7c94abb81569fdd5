"""Drive a provider login with the Django test client against the local provider."""

from django.urls import reverse


def start_login(client, provider_id: str, **data):
    """Press the provider's button on the login page; return the provider's authorize URL."""
    response = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": provider_id}), data
    )
    assert response.status_code == 302, response.status_code
    return response.url


def sso_login(client, provider, provider_id: str, sub: str, claims: dict, **data):
    """Log ``sub`` (with ``claims``) in through ``provider_id``; return the callback's response."""
    provider.set_user(sub, claims)
    callback = provider.authorize(start_login(client, provider_id, **data), sub)
    return client.get(callback)
