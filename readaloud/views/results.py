"""Results: a heat's full results and the jury's tie decisions, diplomas, the public page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from readaloud import permissions, services
from readaloud.forms import TieDecisionForm
from readaloud.permissions import organiser_required
from readaloud.views.access import log_read
from toolkit.forms import validation_error_message


@organiser_required
def heat_results(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    table = services.heat_results_table(heat=heat)
    log_read(request, championship=heat.round.championship, heat=heat)
    tie_forms = [
        (tie.rank, TieDecisionForm(rows=tie.rows, prefix=f"tie{tie.rank}")) for tie in table.ties
    ]
    return render(
        request,
        "readaloud/heat_results.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "result": table.result,
            "rows": table.rows,
            "judge_sheets": table.judge_sheets,
            "tie_forms": tie_forms,
            "decisions": heat.tie_decisions.select_related("decided_by"),
            "advancements": table.advancements,
            "may_release": heat.is_closed() and not table.result.unresolved_ties,
        },
    )


@require_POST
@organiser_required
def tie_decide(request, pk, rank):
    heat = permissions.heat_for_organiser(request.user, pk)
    rows = services.heat_result(heat=heat).tied_at(rank)
    if len(rows) < 2:
        messages.error(request, _("There is no undecided tie at this rank."))
        return redirect("readaloud:heat_results", pk=heat.pk)
    form = TieDecisionForm(request.POST, rows=rows, prefix=f"tie{rank}")
    if form.is_valid():
        try:
            services.tie_decide(
                heat=heat,
                rank=rank,
                order=form.order(),
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            validation_error_message(request, error)
        else:
            messages.success(request, _("The jury's decision was recorded."))
    else:
        messages.error(
            request,
            " ".join(str(e) for e in form.errors.get("__all__", []))
            or _("Give each reader a place."),
        )
    return redirect("readaloud:heat_results", pk=heat.pk)


def _logo_url() -> str:
    logo = settings.LIBRARY_LOGO or "favicon.svg"
    return logo if logo.startswith(("http://", "https://", "/")) else static(logo)


@organiser_required
def diploma_list(request, pk):
    championship = permissions.championship_for_organiser(request.user, pk)
    diplomas = services.diplomas(championship=championship)
    log_read(request, championship=championship, contestants=[d.contestant for d in diplomas])
    return render(
        request,
        "readaloud/diplomas.html",
        {
            "championship": championship,
            "diplomas": diplomas,
            "logo_url": _logo_url(),
        },
    )


def public_results(request, pk):
    """The public results of an edition; open to everybody, names only with consent."""
    championship = permissions.championship_for_public(pk)
    return render(
        request,
        "readaloud/public_results.html",
        {
            "championship": championship,
            "rounds": services.public_results(championship=championship),
        },
    )


def public_editions(request):
    """The editions with released results; open to everybody."""
    return render(
        request, "readaloud/public_editions.html", {"championships": services.public_editions()}
    )
