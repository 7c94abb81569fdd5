"""Hooks for django-axes: how a failed login is attributed to a user and an IP."""

from django.conf import settings


def axes_username(request, credentials):
    """Return the e-mail address from the login attempt, normalised like the user model."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return (username or "").strip().lower()


def client_ip(request):
    """Return the client's IP address, looking through the trusted proxies only.

    With ``TRUSTED_PROXY_COUNT`` = N the N-th address from the right of
    X-Forwarded-For is the client (each proxy appends the address it saw);
    anything further left could be forged by the client and is ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
