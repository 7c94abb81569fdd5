"""Redirects to a ``next`` address that the request carries, made safe."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str) -> str:
    """Return the request's ``next`` (POST, then GET) if it is a path on this site.

    Anything else — another host (``https://evil.example/``), another scheme
    (``javascript:``), a scheme-relative ``//host`` or a bare word such as ``abc`` —
    gives ``default``, a URL the caller has reversed.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default


def redirect_to_next(request, default: str) -> HttpResponseRedirect:
    """Redirect to the request's safe ``next``, else to ``default``."""
    return HttpResponseRedirect(safe_next_url(request, default))
