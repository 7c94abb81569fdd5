"""An agreement's lifecycle: activating it through the win-win gate, pausing, resuming, ending."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from kindergarten_depots import permissions, services
from kindergarten_depots.forms import AgreementEndForm
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.views import action_run, form_action_run

depots_required = role_required(permissions.may_use_depots)


@require_POST
@depots_required
def agreement_activate(request, pk):
    agreement = permissions.agreement_for(request.user, pk)
    action_run(
        request,
        lambda: services.agreement_activate(agreement=agreement, by=request.user),
        success=_("The agreement is active. Generate its schedule if it has none."),
    )
    return redirect(agreement)


@require_POST
@depots_required
def agreement_pause(request, pk):
    agreement = permissions.agreement_for(request.user, pk)
    action_run(
        request,
        lambda: services.agreement_pause(agreement=agreement, by=request.user),
        success=_(
            "The agreement is paused: its future planned swaps are held. Packed swaps are "
            "left for you to deliver or cancel."
        ),
    )
    return redirect(agreement)


@require_POST
@depots_required
def agreement_resume(request, pk):
    agreement = permissions.agreement_for(request.user, pk)
    action_run(
        request,
        lambda: services.agreement_resume(agreement=agreement, by=request.user),
        success=_("The agreement runs again: its schedule was planned anew from today."),
    )
    return redirect(agreement)


@depots_required
def agreement_end(request, pk):
    """Ask for the day of the final collection and why; confirm what ending does; end."""
    agreement = permissions.agreement_for(request.user, pk)
    today = timezone.localdate()
    form = AgreementEndForm(request.POST or None, initial={"on": max(agreement.end_date, today)})
    if request.method == "POST" and form.is_valid():
        on, reason = form.cleaned_data["on"], form.cleaned_data["reason"]
        if is_confirmed(request):
            run = lambda: services.agreement_end(  # noqa: E731
                agreement=agreement, on=on, reason=reason, by=request.user
            )
            if form_action_run(form, run):
                messages.success(request, _("The agreement has ended."))
                return redirect(agreement)
        else:
            return confirm_page(
                request,
                title=_("End the agreement with %(name)s") % {"name": agreement.kindergarten.name},
                consequences=_ending_consequences(agreement, on),
                button=_("End the agreement"),
                cancel_url=agreement.get_absolute_url(),
                back_label=_("End agreement"),
                breadcrumbs=[
                    (reverse("kindergarten_depots:agreement_list"), _("Depots")),
                    (agreement.get_absolute_url(), agreement.kindergarten.name),
                ],
                hidden={"on": on.isoformat(), "reason": reason},
            )
    return render(
        request, "kindergarten_depots/agreement_end.html", {"agreement": agreement, "form": form}
    )


def _ending_consequences(agreement, on) -> list[str]:
    facts = services.ending_consequences(agreement=agreement, on=on)
    cancelled = facts["cancelled"]
    lines = [
        _("The agreement and its partnership end on %(date)s; nothing more is planned.")
        % {"date": date_format(on, "SHORT_DATE_FORMAT")}
    ]
    if cancelled:
        lines.append(
            ngettext(
                "%(count)s swap not yet delivered is cancelled (%(dates)s), with your reason.",
                "%(count)s swaps not yet delivered are cancelled (%(dates)s), with your reason.",
                len(cancelled),
            )
            % {
                "count": len(cancelled),
                "dates": ", ".join(
                    date_format(s.planned_date, "SHORT_DATE_FORMAT") for s in cancelled
                ),
            }
        )
    if facts["books_out"]:
        lines.append(
            ngettext(
                "A final collection on %(date)s brings home the %(count)s book out now; "
                "check it in as usual and the agreement is complete.",
                "A final collection on %(date)s brings home the %(count)s books out now; "
                "check them in as usual and the agreement is complete.",
                facts["books_out"],
            )
            % {
                "date": date_format(facts["collection_day"], "SHORT_DATE_FORMAT"),
                "count": facts["books_out"],
            }
        )
    else:
        lines.append(_("No books are out: the agreement is complete at once."))
    return lines
