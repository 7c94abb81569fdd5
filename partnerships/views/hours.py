"""The time tab: hours spent on a partnership, against its estimate."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships import services
from partnerships.forms import TimeEntryForm
from partnerships.permissions import partnership_for
from partnerships.views.tabs import partnership_access_required, tab_context
from toolkit.forms import form_errors_message
from toolkit.views import form_action_run

ENTRIES_SHOWN = 200


@partnership_access_required
def partnership_time(request, pk):
    partnership = partnership_for(request.user, pk)
    form = TimeEntryForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid() and form_action_run(
            form,
            lambda: services.time_entry_create(
                partnership=partnership,
                by=request.user,
                date=form.cleaned_data["date"],
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
            ),
        ):
            messages.success(request, _("Your hours are logged."))
            return redirect("partnerships:partnership_time", pk=partnership.pk)
        form_errors_message(request)
    hours = partnership.hours_summary()
    context = tab_context(
        request,
        partnership,
        "time",
        entries=partnership.time_entries.select_related("user")[:ENTRIES_SHOWN],
        per_person=hours.per_person,
        used=hours.used,
        estimate=hours.estimate,
        over_estimate=hours.over_estimate,
        percent=hours.percent,
        form=form,
    )
    return render(request, "partnerships/partnership_time.html", context)
