"""Running a heat (organisers): setting it up, placing readers, the draw, judges, closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from readaloud import permissions, services
from readaloud.forms import HeatForm, JudgeAssignForm, JudgeExcludeForm, PlaceForm
from readaloud.permissions import organiser_required, scorer_required
from toolkit.forms import validation_error_message
from toolkit.views import action_run, form_page


def _heat_form_page(request, round_, heat=None):
    def save(form):
        form.instance.round = round_
        saved = form.save()
        messages.success(request, _("The heat was saved."))
        return redirect(saved)

    return form_page(
        request,
        HeatForm(request.POST or None, instance=heat, round=round_),
        "readaloud/heat_form.html",
        {"round": round_, "championship": round_.championship, "heat": heat},
        on_valid=save,
    )


@organiser_required
def heat_create(request, pk):
    return _heat_form_page(request, permissions.round_for_organiser(request.user, pk))


@organiser_required
def heat_update(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    return _heat_form_page(request, heat.round, heat)


@organiser_required
def heat_detail(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    result = services.heat_result(heat=heat)
    context = {
        "heat": heat,
        "championship": heat.round.championship,
        "result": result,
        "performances": heat.performances.select_related("contestant__school").order_by(
            "running_position", "pk"
        ),
        "assignments": result.assignments,
        "place_form": PlaceForm(heat=heat),
        "judge_form": JudgeAssignForm(heat=heat),
        "exclude_form": JudgeExcludeForm(),
        "draws": heat.draws.select_related("drawn_by")[:5],
        "target": services.next_heat(heat=heat),
    }
    return render(request, "readaloud/heat_detail.html", context)


@require_POST
@organiser_required
def heat_place(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    form = PlaceForm(request.POST, heat=heat)
    if form.is_valid():
        contestant = form.cleaned_data["contestant"]
        action_run(
            request,
            lambda: services.contestant_place(contestant=contestant, heat=heat),
            success=_("%(name)s was placed in the heat.") % {"name": contestant.full_name},
        )
    else:
        messages.error(request, _("Choose a reader to place."))
    return redirect(heat)


@require_POST
@organiser_required
def heat_draw(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    action_run(
        request,
        lambda: services.running_order_draw(heat=heat, by=request.user),
        success=_("The running order was drawn."),
    )
    return redirect(heat)


@require_POST
@organiser_required
def heat_judge_add(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    form = JudgeAssignForm(request.POST, heat=heat)
    if form.is_valid():
        services.judge_assign(heat=heat, judge=form.cleaned_data["judge"])
        messages.success(request, _("The judge was assigned."))
    else:
        messages.error(request, _("Choose a judge."))
    return redirect(heat)


@require_POST
@organiser_required
def judge_exclude(request, pk):
    assignment = permissions.assignment_for_organiser(request.user, pk)
    form = JudgeExcludeForm(request.POST)
    if form.is_valid():
        action_run(
            request,
            lambda: services.judge_exclude(
                assignment=assignment, reason=form.cleaned_data["reason"], by=request.user
            ),
            success=_("The judge is excluded from this heat."),
        )
    else:
        messages.error(request, _("Give a reason for excluding the judge."))
    return redirect(assignment.heat)


@require_POST
@organiser_required
def heat_close(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    try:
        result = services.heat_close(heat=heat, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
        return redirect(heat)
    messages.success(request, _("The heat is closed and the results are ready."))
    if result.unresolved_ties:
        messages.warning(
            request,
            _("Some readers share a rank the tie-break rule could not split: the jury decides."),
        )
    return redirect("readaloud:heat_results", pk=heat.pk)


@require_POST
@organiser_required
def heat_reopen(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    action_run(
        request,
        lambda: services.heat_reopen(heat=heat),
        success=_("The heat is open again; the judges can correct their scores."),
    )
    return redirect(heat)


def _readers_in_order(heat):
    return (
        heat.performances.filter(withdrawn_at=None)
        .select_related("contestant__school")
        .order_by("running_position", "pk")
    )


@organiser_required
def heat_running_order(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    return render(
        request,
        "readaloud/heat_running_order.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "performances": _readers_in_order(heat),
        },
    )


@scorer_required
def heat_score_sheets(request, pk):
    heat = permissions.heat_for_scorer(request.user, pk)
    return render(
        request,
        "readaloud/heat_score_sheets.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "performances": _readers_in_order(heat),
            "slots": services.score_slots(criteria=list(heat.round.championship.criteria.all())),
        },
    )
