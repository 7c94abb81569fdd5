"""Who may do what in the championship: one getter per object type, one predicate per action.

Every view fetches its objects through a ``<thing>_for…`` getter, so an object outside
the user's reach is a 404 and a missing role is a 403 (anonymous: login redirect, by the
``…_required`` decorators below). Templates get flags computed from the ``may_…``
predicates and decide nothing themselves.

Three audiences: organisers (librarians) run editions and heats; partner members of the
organising partnership see the edition and register their own school's readers; judges
score the heats they are assigned to.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.permissions import role_required
from partnerships.models import Partner
from readaloud.models import Championship, Contestant, Heat, JudgeAssignment, Performance, Round

# --- predicates -----------------------------------------------------------------------------


def may_open_championships(user) -> bool:
    """Librarians and partner members see editions; judges have only their scoring pages."""
    return roles.is_librarian(user) or roles.is_partner_member(user)


def may_score(user) -> bool:
    """Judges score their heats; librarians may be assigned as judges too."""
    return roles.is_judge(user) or roles.is_librarian(user)


def may_manage(user) -> bool:
    """Organise editions: rounds, heats, criteria, judges, results, the children's data."""
    return roles.is_librarian(user)


def may_register_contestants(user, championship: Championship) -> bool:
    """Librarians always; partner members of the organiser for their own school."""
    if may_manage(user):
        return True
    return (
        roles.is_partner_member(user)
        and user.partner_id is not None
        and user.partner.kind == Partner.Kind.SCHOOL
        and championship.organiser.is_member(user)
    )


def may_register_now(user, championship: Championship, today: datetime.date) -> bool:
    """Return whether ``user`` may register a reader today.

    Schools register while the edition's registration window is open; organisers
    register at any time (late entries, reserves).
    """
    if not may_register_contestants(user, championship):
        return False
    return may_manage(user) or championship.accepts_registrations(today)


def registering_school(user) -> Partner | None:
    """Return the school a user registers readers for, or None when they may choose any."""
    if may_manage(user):
        return None
    return user.partner


# --- decorators for function views -----------------------------------------------------------

edition_viewer_required = role_required(may_open_championships)
organiser_required = role_required(may_manage)
scorer_required = role_required(may_score)


# --- getters ---------------------------------------------------------------------------------


def _organiser_only(user) -> None:
    if not may_manage(user):
        raise PermissionDenied


def championship_for(user, pk) -> Championship:
    """Return an edition the user may open (librarians: all; partner members: their organiser's)."""
    return get_object_or_404(
        Championship.objects.visible_to(user).select_related("organiser"), pk=pk
    )


def championship_for_organiser(user, pk) -> Championship:
    _organiser_only(user)
    return championship_for(user, pk)


def championship_for_public(pk) -> Championship:
    """Return an edition for its public results page, which everybody may open."""
    return get_object_or_404(Championship.objects.select_related("organiser"), pk=pk)


def round_for_organiser(user, pk) -> Round:
    _organiser_only(user)
    return get_object_or_404(
        Round.objects.filter(championship__in=Championship.objects.visible_to(user)).select_related(
            "championship"
        ),
        pk=pk,
    )


def heat_for_organiser(user, pk) -> Heat:
    _organiser_only(user)
    return get_object_or_404(
        Heat.objects.filter(
            round__championship__in=Championship.objects.visible_to(user)
        ).select_related("round__championship", "branch", "school", "feeds_into"),
        pk=pk,
    )


def heat_for_judge(user, pk) -> Heat:
    """Return a heat ``user`` is assigned to judge (and not excluded from)."""
    return get_object_or_404(
        Heat.objects.scorable_by(user).select_related("round__championship"), pk=pk
    )


def heat_for_scorer(user, pk) -> Heat:
    """Return a heat for its blank score sheets: organisers see every heat, judges their own."""
    if may_manage(user):
        return heat_for_organiser(user, pk)
    return heat_for_judge(user, pk)


def own_assignment(user, heat: Heat) -> JudgeAssignment:
    """Return ``user``'s own assignment to judge ``heat`` (404 if excluded or not assigned)."""
    return get_object_or_404(heat.judge_assignments, judge=user, excluded=False)


def assignment_in_heat(heat: Heat, pk) -> JudgeAssignment:
    """Return a judge of ``heat`` (not excluded), whose paper score sheet the organiser types in."""
    return get_object_or_404(heat.judge_assignments, pk=pk, excluded=False)


def assignment_for_organiser(user, pk) -> JudgeAssignment:
    _organiser_only(user)
    return get_object_or_404(
        JudgeAssignment.objects.filter(
            heat__round__championship__in=Championship.objects.visible_to(user)
        ).select_related("heat"),
        pk=pk,
    )


def performance_for_organiser(user, pk) -> Performance:
    _organiser_only(user)
    return get_object_or_404(
        Performance.objects.filter(
            heat__round__championship__in=Championship.objects.visible_to(user)
        ).select_related("heat__round", "contestant"),
        pk=pk,
    )


def performance_in_heat(heat: Heat, pk) -> Performance:
    """Return a reader still in ``heat`` (a performance of another heat is a 404)."""
    return get_object_or_404(
        heat.performances.filter(withdrawn_at=None).select_related("contestant__school"), pk=pk
    )


def contestant_for(user, pk) -> Contestant:
    """Return a reader the user may see (partner members: their own school's)."""
    return get_object_or_404(
        Contestant.objects.visible_to(user).select_related("championship__organiser", "school"),
        pk=pk,
    )


def contestant_for_organiser(user, pk) -> Contestant:
    _organiser_only(user)
    return contestant_for(user, pk)


def contestant_for_edit(user, pk) -> Contestant:
    """Return a reader the user may edit or withdraw the consent of."""
    contestant = contestant_for(user, pk)
    if not may_register_contestants(user, contestant.championship):
        raise PermissionDenied
    return contestant
