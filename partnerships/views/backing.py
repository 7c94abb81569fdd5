"""Management backing: asking for it (librarians) and deciding on it (library managers)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from partnerships import backing
from partnerships.forms import BackingDecisionForm, BackingRequestForm
from partnerships.models import BackingRequest
from partnerships.permissions import (
    backing_request_for,
    may_decide_backing,
    may_decide_on,
    partnership_for,
)
from partnerships.views.tabs import partnership_management_required
from toolkit.forms import form_errors_message
from toolkit.views import action_run, form_action_run

manager_required = role_required(may_decide_backing)

RECENTLY_DECIDED = 20


@require_POST
@partnership_management_required
def backing_request(request, pk):
    partnership = partnership_for(request.user, pk)
    form = BackingRequestForm(request.POST)
    if form.is_valid():
        action_run(
            request,
            lambda: backing.backing_request(
                partnership=partnership, by=request.user, comment=form.cleaned_data["comment"]
            ),
            success=_("The library managers have been asked to back the partnership."),
        )
    return redirect(partnership)


@manager_required
def backing_requests(request):
    """List the requests waiting for a decision, and the latest decided ones."""
    requests = BackingRequest.objects.select_related(
        "partnership__coordinator", "requested_by"
    ).prefetch_related("decisions__decided_by")
    context = {
        "waiting": list(requests.undecided().order_by("requested_at", "pk")),
        "decided": list(requests.filter(decisions__isnull=False).distinct()[:RECENTLY_DECIDED]),
    }
    return render(request, "partnerships/backing_requests.html", context)


@manager_required
def backing_decide(request, pk, request_pk):
    backing_request_ = backing_request_for(request.user, pk, request_pk)
    partnership = backing_request_.partnership
    decisions = list(backing_request_.decisions.all())
    form = BackingDecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and form_action_run(
            form,
            lambda: backing.backing_decide(
                request=backing_request_,
                by=request.user,
                approve=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            ),
        ):
            messages.success(request, _("Your decision is recorded."))
            return redirect("partnerships:backing_requests")
        form_errors_message(request)
    context = {
        "partnership": partnership,
        "backing_request": backing_request_,
        "state": backing_request_.state(decisions),
        "decisions": decisions,
        "form": form,
        "may_decide": may_decide_on(request.user, backing_request_, decisions),
    }
    return render(request, "partnerships/backing_decide.html", context)
