"""The legal pages: the privacy notice (public; the accessibility statement is external)."""

from django.conf import settings
from django.shortcuts import render

from accounts.models import Invitation


def _retention() -> dict:
    """What the retention settings say, for the notice (read, never restated by hand)."""
    return {
        "readers_months": settings.READALOUD_RETENTION_MONTHS,
        "never_read": settings.READALOUD_NEVER_READ,
        "access_log_months": settings.ACCESS_LOG_RETENTION_MONTHS,
        "invitation_days": Invitation.VALID_FOR.days,
        "reset_minutes": settings.PASSWORD_RESET_LIMIT_MINUTES,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }


def privacy_notice(request):
    """What is stored about children and staff, why, for how long, and whom to ask."""
    context = {
        "controller": {
            "name": settings.DATA_CONTROLLER_NAME,
            "email": settings.DATA_CONTROLLER_EMAIL or settings.LIBRARY_CONTACT_EMAIL,
            "address": settings.DATA_CONTROLLER_ADDRESS,
            "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL,
        },
        "retention": _retention(),
    }
    return render(request, "legal/privacy_notice.html", context)
