"""Who may do what with partners and partnerships: the one place that decides.

Getters return an object only if the user may reach it (404 otherwise); ``may_*``
predicates answer yes/no for a user (and an object); templates receive their
answers as flags and decide nothing themselves.

Librarians see every partnership; partner members only those they coordinate or
belong to. Core data, status, members, evaluations and history of a partnership
are for librarians; members share the journal, tasks, time and attachments.
"""

from django.shortcuts import get_object_or_404

from accounts import roles
from accounts.models import User
from partnerships.models import (
    Attachment,
    BackingRequest,
    JournalEntry,
    Partner,
    Partnership,
    PartnershipMember,
    Task,
)

# --- Predicates --------------------------------------------------------------


def may_see_dashboard(user) -> bool:
    """ "Mit overblik" is for staff, partner members and judges; kindergarten staff have the portal."""
    return roles.is_librarian(user) or roles.is_partner_member(user) or roles.is_judge(user)


def belongs_on_portal(user) -> bool:
    """Return whether ``user`` is kindergarten staff only, whose home is the portal."""
    return roles.is_kindergarten_staff(user) and not may_see_dashboard(user)


def may_use_partnerships(user) -> bool:
    """Partnerships (journal, tasks, time, attachments) are for librarians and partner members."""
    return roles.is_librarian(user) or roles.is_partner_member(user)


def may_manage_partnerships(user, partnership: Partnership | None = None) -> bool:
    """Core data, status, members, evaluations and history of a partnership are for librarians."""
    return roles.is_librarian(user)


def may_change_partnership(user, partnership: Partnership) -> bool:
    """An ended partnership is read-only: nothing is added to or changed in it."""
    return may_use_partnerships(user) and not partnership.is_ended()


def may_request_backing(user, partnership: Partnership, latest=None) -> bool:
    """The coordinator or a librarian who may edit the partnership asks for backing.

    Only when no request waits and none is approved (``latest`` is the newest
    request, when already fetched).
    """
    if not may_manage_partnerships(user, partnership) or partnership.is_ended():
        return False
    latest = latest or partnership.latest_backing_request()
    return latest is None or latest.state() == BackingRequest.State.DECLINED


def may_decide_backing(user) -> bool:
    """Library managers approve or decline the backing of partnerships."""
    return roles.is_library_manager(user)


def may_decide_on(user, backing_request: BackingRequest, decisions) -> bool:
    """A manager decides once on a request of a partnership that has not ended."""
    return (
        may_decide_backing(user)
        and not backing_request.partnership.is_ended()
        and all(decision.decided_by_id != user.pk for decision in decisions)
    )


def may_manage_partners(user) -> bool:
    """The partner directory (organisations, contacts, logins) is for librarians."""
    return roles.is_librarian(user)


def may_see_library_overview(user) -> bool:
    """The dashboard's counts of partners and partnerships are for librarians."""
    return roles.is_librarian(user)


def may_edit_journal_entry(user, entry: JournalEntry) -> bool:
    """An entry may be changed by its author and by librarians."""
    return entry.author_id == user.pk or roles.is_librarian(user)


# --- Getters -----------------------------------------------------------------


def _visible_partnerships(user):
    return Partnership.objects.visible_to(user)


def partnership_for(user, pk) -> Partnership:
    """Return the partnership if ``user`` may see it, else 404."""
    return get_object_or_404(_visible_partnerships(user).select_related("coordinator"), pk=pk)


def partner_for(user, pk) -> Partner:
    """Return the partner organisation if ``user`` may manage the directory, else 404."""
    return get_object_or_404(Partner.objects.visible_to(user), pk=pk)


def partner_user_for(user, partner_pk, user_pk) -> User:
    """Return a login of the partner ``partner_pk`` if ``user`` may manage it, else 404.

    Only logins of partner organisations are managed in the directory; librarians'
    own accounts are managed in the admin.
    """
    partner = partner_for(user, partner_pk)
    return get_object_or_404(User, pk=user_pk, partner=partner)


def _of_visible_partnership(user, queryset, partnership_pk, pk):
    """Return the row ``pk`` of ``queryset`` if it belongs to a partnership ``user`` sees."""
    return get_object_or_404(
        queryset.filter(partnership__in=_visible_partnerships(user)),
        partnership_id=partnership_pk,
        pk=pk,
    )


def membership_for(user, partnership_pk, member_pk) -> PartnershipMember:
    """Return a membership of a partnership ``user`` may see, else 404."""
    queryset = PartnershipMember.objects.select_related("partnership", "user")
    return _of_visible_partnership(user, queryset, partnership_pk, member_pk)


def attachment_for(user, partnership_pk, attachment_pk) -> Attachment:
    """Return a file of a partnership ``user`` may see, else 404."""
    return _of_visible_partnership(user, Attachment.objects.all(), partnership_pk, attachment_pk)


def journal_entry_for(user, partnership_pk, entry_pk) -> JournalEntry:
    """Return a journal entry of a partnership ``user`` may see, else 404."""
    queryset = JournalEntry.objects.select_related("partnership__coordinator")
    return _of_visible_partnership(user, queryset, partnership_pk, entry_pk)


def task_for(user, partnership_pk, task_pk) -> Task:
    """Return a task of a partnership ``user`` may see, else 404."""
    queryset = Task.objects.select_related("partnership__coordinator")
    return _of_visible_partnership(user, queryset, partnership_pk, task_pk)


def backing_request_for(user, partnership_pk, request_pk) -> BackingRequest:
    """Return a backing request of a partnership ``user`` may see, else 404."""
    queryset = BackingRequest.objects.select_related(
        "partnership__coordinator", "requested_by"
    ).prefetch_related("decisions__decided_by")
    return _of_visible_partnership(user, queryset, partnership_pk, request_pk)
