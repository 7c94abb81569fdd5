"""Generating the schedules of all active agreements in the background, with progress."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kindergarten_depots import permissions
from kindergarten_depots.models import DepotAgreement
from kindergarten_depots.services.schedule_runs import schedule_run_current, schedule_run_start
from kindergarten_depots.views.agreements import depots_required


@depots_required
def schedules_generate(request):
    """Confirm page (GET) that says how many agreements; POST queues one run."""
    if request.method == "POST":
        run, created = schedule_run_start(by=request.user)
        if not created:
            messages.info(request, _("The schedules are already being generated."))
        return redirect(run)
    return render(
        request,
        "kindergarten_depots/schedules_generate.html",
        {
            "active_count": DepotAgreement.objects.active().count(),
            "current": schedule_run_current(),
        },
    )


@depots_required
def schedule_run_progress(request, pk):
    """Show how far the run has come; htmx polls it, without JavaScript one reloads."""
    run = permissions.schedule_run_for(request.user, pk)
    return render(request, "kindergarten_depots/schedule_run_progress.html", {"run": run})
