"""What every tab of a partnership page shares: the access guard and the tab context."""

from accounts.permissions import role_required
from partnerships.models import Partnership
from partnerships.permissions import (
    may_change_partnership,
    may_manage_partners,
    may_manage_partnerships,
    may_use_partnerships,
)

partnership_access_required = role_required(may_use_partnerships)
partnership_management_required = role_required(may_manage_partnerships)


def tab_context(request, partnership: Partnership, tab: str, **extra) -> dict:
    """Return the context of a partnership tab, with the flags its template shows."""
    return {
        "partnership": partnership,
        "tab": tab,
        "can_manage": may_manage_partnerships(request.user, partnership),
        "can_change": may_change_partnership(request.user, partnership),
        "can_open_partners": may_manage_partners(request.user),
        **extra,
    }
