"""The history tab: status changes and the audit log of a partnership."""

from django.shortcuts import render

from partnerships.history import partnership_history as history_entries
from partnerships.permissions import partnership_for
from partnerships.views.tabs import partnership_management_required, tab_context


@partnership_management_required
def partnership_history(request, pk):
    partnership = partnership_for(request.user, pk)
    status_changes = partnership.status_changes.select_related("changed_by")
    context = tab_context(
        request,
        partnership,
        "history",
        log=history_entries(partnership),
        status_changes=status_changes,
    )
    return render(request, "partnerships/partnership_history.html", context)
