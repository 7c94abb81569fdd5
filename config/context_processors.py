from django.conf import settings
from django.urls import reverse

from kindergarten_depots import permissions as depot_permissions
from partnerships import permissions as partnership_permissions
from readaloud import permissions as readaloud_permissions
from reporting import permissions as reporting_permissions


def site(request):
    """Expose the library's name and contact details to every template."""
    return {
        "library_name": settings.LIBRARY_NAME,
        "library_contact_email": settings.LIBRARY_CONTACT_EMAIL,
        "library_contact_phone": settings.LIBRARY_CONTACT_PHONE,
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL,
    }


def navigation(request):
    """The main menu as flags, each answered by the app's ``permissions`` module."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    if readaloud_permissions.may_open_championships(user):
        readaloud_url = reverse("readaloud:championship_list")
    elif readaloud_permissions.may_score(user):
        readaloud_url = reverse("readaloud:judge_home")
    else:
        readaloud_url = None
    return {
        "nav": {
            "dashboard": partnership_permissions.may_see_dashboard(user),
            "partnerships": partnership_permissions.may_use_partnerships(user),
            "partners": partnership_permissions.may_manage_partners(user),
            "backing": partnership_permissions.may_decide_backing(user),
            "depots": depot_permissions.may_use_depots(user),
            "readaloud_url": readaloud_url,
            "portal": depot_permissions.may_use_portal(user),
            "statistics": reporting_permissions.may_see_statistics(user),
            "admin": user.is_staff,
        }
    }
