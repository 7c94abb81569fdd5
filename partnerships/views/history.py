"""The history tab: everything that happened to a partnership, in words people read."""

from django.shortcuts import render

from partnerships.history import partnership_history as history_rows
from partnerships.permissions import partnership_for
from partnerships.views.tabs import partnership_management_required, tab_context


@partnership_management_required
def partnership_history(request, pk):
    partnership = partnership_for(request.user, pk)
    context = tab_context(request, partnership, "history", rows=history_rows(partnership))
    return render(request, "partnerships/partnership_history.html", context)
