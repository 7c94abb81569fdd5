"""Security headers the municipality's checklist asks for, on top of Django's own.

- ``ContentSecurityPolicyMiddleware``: django-csp's middleware with two exceptions
  decided per request: the admin gets ``style-src 'unsafe-inline'`` (third-party
  admin pages write inline styles), and ``form-action`` also names the single
  sign-on providers (the login button's POST is redirected to them).
- ``SecurityHeadersMiddleware``: ``Permissions-Policy`` on every response and
  ``Cache-Control: private, no-store`` on every response to a logged-in user.
"""

from urllib.parse import urlsplit

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control

# Browser features the app never uses; an injected script cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
)


def origin(url: str) -> str:
    """Return the scheme and host of ``url`` (``https://idp.example``), or "" if it has none."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def sso_origins() -> list[str]:
    """Return the origins of the configured single sign-on providers."""
    origins = (origin(app["settings"]["server_url"]) for app in settings.SSO_APPS)
    return sorted({o for o in origins if o})


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy of ``CONTENT_SECURITY_POLICY``, relaxed only where documented."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        if request.path_info.startswith(reverse("admin:index")):
            # Django's own admin has no inline script or style, but the admin pages of
            # django-auditlog (a <style> block) and django-post-office (style
            # attributes) do. Scripts stay 'self' only, in the admin too.
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
        providers = sso_origins()
        if providers:
            update["form-action"] = [*update.get("form-action", []), *providers]
        parts.update = update or None
        return parts


class SecurityHeadersMiddleware:
    """Add ``Permissions-Policy`` everywhere and ``Cache-Control: private, no-store`` for users.

    Place it after ``AuthenticationMiddleware``. Static files never reach it
    (WhiteNoise answers them earlier), so their long-lived caching is untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        logged_in = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Logged in before the view or after it (the login itself): either way the
        # page may show personal data that no shared computer's cache should keep.
        user = getattr(request, "user", None)
        logged_in = logged_in or (user is not None and user.is_authenticated)
        # A view that already said no-store (downloads) is left as it is: nothing
        # stores it anyway. Otherwise "public" is replaced, the rest is kept.
        if logged_in and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
