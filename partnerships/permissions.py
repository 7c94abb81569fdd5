"""Who may do what with partners and partnerships: the one place that decides.

Getters return an object only if the user may reach it (404 otherwise); ``may_*``
predicates answer yes/no for a user (and an object); templates receive their
answers as flags and decide nothing themselves.
"""

from django.shortcuts import get_object_or_404

from accounts import roles
from partnerships.models import Partnership


def may_see_dashboard(user) -> bool:
    """ "Mit overblik" is for staff, partner members and judges; kindergarten staff have the portal."""
    return roles.is_librarian(user) or roles.is_partner_member(user) or roles.is_judge(user)


def may_use_partnerships(user) -> bool:
    return roles.is_librarian(user) or roles.is_partner_member(user)


def may_manage_partnerships(user) -> bool:
    """Core data, status and members of a partnership are for librarians."""
    return roles.is_librarian(user)


def may_manage_partners(user) -> bool:
    """The partner directory (organisations, contacts, logins) is for librarians."""
    return roles.is_librarian(user)


def partnership_for(user, pk) -> Partnership:
    """Return the partnership if ``user`` may see it, else 404."""
    return get_object_or_404(
        Partnership.objects.visible_to(user).select_related("coordinator"), pk=pk
    )
