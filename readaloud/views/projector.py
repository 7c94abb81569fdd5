"""The projector view the organiser drives at the final."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from readaloud import permissions, services
from readaloud.permissions import organiser_required
from readaloud.views.access import log_read
from toolkit.views import action_run


@organiser_required
def heat_projector(request, pk):
    """The full-screen page; with htmx the screen part refreshes itself every few seconds."""
    heat = permissions.heat_for_organiser(request.user, pk)
    if not request.htmx:  # the screen's own refreshes are not new reads
        log_read(request, championship=heat.round.championship, heat=heat)
    template = (
        "readaloud/includes/projector_screen.html" if request.htmx else "readaloud/projector.html"
    )
    return render(request, template, {"screen": services.projector_screen(heat=heat)})


@require_POST
@organiser_required
def heat_stage_next(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    services.stage_next(heat=heat, by=request.user)
    return redirect("readaloud:heat_projector", pk=heat.pk)


@require_POST
@organiser_required
def heat_reveal(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    action_run(
        request,
        lambda: services.winner_reveal(heat=heat, by=request.user),
        success=_("The winner is shown on the screen."),
    )
    return redirect("readaloud:heat_projector", pk=heat.pk)
