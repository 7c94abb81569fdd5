"""Who may do what in the championship: one helper per object type.

Every view fetches its object through one of these, so an object outside the
user's reach is a 404 and a missing role is a 403 (anonymous: login redirect).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles
from partnerships.models import Partner
from readaloud.models import Championship, Contestant, Heat, Performance


def may_open_championships(user) -> bool:
    """Librarians and partner members see editions; judges have only their scoring pages."""
    return roles.is_librarian(user) or roles.is_partner_member(user)


def may_score(user) -> bool:
    return roles.is_judge(user) or roles.is_librarian(user)


def may_manage(user) -> bool:
    return roles.is_librarian(user)


def may_register_contestants(user, championship: Championship) -> bool:
    """Librarians always; partner members of the organiser for their own school."""
    if roles.is_librarian(user):
        return True
    return (
        roles.is_partner_member(user)
        and user.partner_id is not None
        and user.partner.kind == Partner.Kind.SCHOOL
        and championship.organiser.is_member(user)
    )


def championship_for(user, pk) -> Championship:
    return get_object_or_404(
        Championship.objects.visible_to(user).select_related("organiser"), pk=pk
    )


def contestant_for(user, pk) -> Contestant:
    contestant = get_object_or_404(
        Contestant.objects.visible_to(user).select_related("championship__organiser", "school"),
        pk=pk,
    )
    return contestant


def contestant_for_edit(user, pk) -> Contestant:
    contestant = contestant_for(user, pk)
    if not may_register_contestants(user, contestant.championship):
        raise PermissionDenied
    return contestant


def heat_for_organiser(user, pk) -> Heat:
    if not may_manage(user):
        raise PermissionDenied
    return get_object_or_404(
        Heat.objects.select_related("round__championship", "branch", "school", "feeds_into"),
        pk=pk,
    )


def heat_for_judge(user, pk) -> Heat:
    return get_object_or_404(
        Heat.objects.scorable_by(user).select_related("round__championship"), pk=pk
    )


def performance_for_judge(heat: Heat, pk) -> Performance:
    return get_object_or_404(
        heat.performances.filter(withdrawn_at=None).select_related("contestant__school"), pk=pk
    )
