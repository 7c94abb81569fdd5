"""Running a heat (organisers): setting it up, placing readers, the draw, judges, closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from readaloud import permissions, services
from readaloud.forms import HeatForm, JudgeAssignForm, JudgeExcludeForm, MoveForm, PlaceForm
from readaloud.permissions import organiser_required, scorer_required
from readaloud.views.access import log_read
from readaloud.views.confirm import confirm_page
from toolkit.confirm import is_confirmed
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
    context_performances = list(
        heat.performances.select_related("contestant__school").order_by("running_position", "pk")
    )
    place_form = PlaceForm(heat=heat)
    shown = [p.contestant_id for p in context_performances]
    if not heat.is_closed():  # the form lists the readers who can still be placed
        shown += place_form.fields["contestant"].queryset.values_list("pk", flat=True)
    log_read(request, championship=heat.round.championship, heat=heat, contestants=shown)
    move_form = MoveForm(heat=heat)
    context = {
        "heat": heat,
        "championship": heat.round.championship,
        "result": result,
        "performances": context_performances,
        "may_change_placements": not heat.is_started() and not heat.is_closed(),
        "assignments": result.assignments,
        "place_form": place_form,
        "judge_form": JudgeAssignForm(heat=heat),
        "exclude_form": JudgeExcludeForm(),
        "draws": heat.draws.select_related("drawn_by")[:5],
        "target": services.next_heat(heat=heat),
        "progress": services.heat_progress(heat=heat, result=result),
        "move_form": move_form,
        "can_move": bool(
            context_performances
            and not heat.is_started()
            and not heat.is_closed()
            and move_form.fields["heat"].queryset.exists()
        ),
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


@require_http_methods(["GET", "POST"])
@organiser_required
def heat_close(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    if heat.is_closed():
        messages.info(request, _("The heat is already closed."))
        return redirect(heat)
    if request.method == "GET":
        result = services.heat_result(heat=heat)
        target = services.next_heat(heat=heat)
        consequences = [
            _("The judges can no longer change their scores."),
            _("The readers are ranked by their weighted totals."),
        ]
        if result.missing:
            consequences.insert(
                0,
                _("Closing is refused: scores are still missing (%(details)s).")
                % {"details": services.missing_details(result)},
            )
        if target:
            consequences.append(
                _("The best %(count)s go on to %(target)s.")
                % {"count": heat.round.advance_count, "target": target}
            )
        consequences.append(_("The results stay internal until you release them."))
        return confirm_page(
            request,
            title=_("Close %(heat)s") % {"heat": heat},
            consequences=consequences,
            button=_("Close the heat and rank"),
            cancel_url=heat.get_absolute_url(),
            back_label=str(heat),
            irreversible=False,
        )
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


@require_http_methods(["GET", "POST"])
@organiser_required
def heat_release(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Release the results of %(heat)s") % {"heat": heat},
            consequences=[
                _(
                    "The ranking is shown on the public results page, with names only where the guardians consented to publication."
                ),
                _("The heat can no longer be reopened."),
                _("The criteria of the edition can no longer change."),
            ],
            button=_("Release the results"),
            cancel_url=reverse("readaloud:heat_results", args=[heat.pk]),
            back_label=str(heat),
        )
    action_run(
        request,
        lambda: services.heat_release(heat=heat, by=request.user),
        success=_("The results are released and shown on the public page."),
    )
    return redirect("readaloud:heat_results", pk=heat.pk)


@require_http_methods(["GET", "POST"])
@organiser_required
def round_release(request, pk):
    round_ = permissions.round_for_organiser(request.user, pk)
    championship = round_.championship
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Release the results of %(round)s") % {"round": round_},
            consequences=[
                _("Every heat of the round is released at once; all must be closed."),
                _(
                    "The ranking is shown on the public results page, with names only where the guardians consented to publication."
                ),
                _("The heats can no longer be reopened."),
                _("The criteria of the edition can no longer change."),
            ],
            button=_("Release the results"),
            cancel_url=championship.get_absolute_url(),
            back_label=championship.name,
        )
    action_run(
        request,
        lambda: services.round_release(round_=round_, by=request.user),
        success=_("The results are released and shown on the public page."),
    )
    return redirect(championship)


@require_http_methods(["GET", "POST"])
@organiser_required
def placement_remove(request, pk):
    performance = permissions.performance_for_organiser(request.user, pk)
    name = performance.contestant.full_name
    heat = performance.heat
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Take %(name)s out of %(heat)s") % {"name": name, "heat": heat},
            consequences=[
                _("%(name)s is taken out of %(heat)s and its running order.")
                % {"name": name, "heat": heat},
                _(
                    "%(name)s stays registered and can be placed in a heat again; the record of the draw stays."
                )
                % {"name": name},
            ],
            button=_("Take %(name)s out") % {"name": name},
            cancel_url=heat.get_absolute_url(),
            back_label=str(heat),
            irreversible=False,
        )
    action_run(
        request,
        lambda: services.placement_remove(performance=performance, by=request.user),
        success=_("%(name)s was taken out of the heat.") % {"name": name},
    )
    return redirect(performance.heat)


@require_POST
@organiser_required
def placement_move(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    form = MoveForm(request.POST, heat=heat)
    if form.is_valid():
        performance, target = form.cleaned_data["performance"], form.cleaned_data["heat"]
        action_run(
            request,
            lambda: services.placement_move(performance=performance, heat=target, by=request.user),
            success=_("%(name)s was moved to %(heat)s.")
            % {"name": performance.contestant.full_name, "heat": target.name},
        )
    else:
        messages.error(request, _("Choose the reader and the heat to move the reader to."))
    return redirect(heat)


@organiser_required
def heat_progress(request, pk):
    """The judge-by-reader matrix of a heat; the heat page polls it while judges score."""
    heat = permissions.heat_for_organiser(request.user, pk)
    if not request.htmx:
        return redirect(heat)  # Without JavaScript the heat page itself shows the matrix.
    return render(
        request,
        "readaloud/includes/heat_progress.html",
        {"heat": heat, "progress": services.heat_progress(heat=heat)},
    )


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
    performances = list(_readers_in_order(heat))
    log_read(
        request,
        championship=heat.round.championship,
        heat=heat,
        contestants=[p.contestant_id for p in performances],
    )
    return render(
        request,
        "readaloud/heat_running_order.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "performances": [
                (performance, heat.time_slot(performance.running_position))
                for performance in performances
            ],
        },
    )


@scorer_required
def heat_score_sheets(request, pk):
    heat = permissions.heat_for_scorer(request.user, pk)
    performances = list(_readers_in_order(heat))
    log_read(
        request,
        championship=heat.round.championship,
        heat=heat,
        contestants=[p.contestant_id for p in performances],
    )
    return render(
        request,
        "readaloud/heat_score_sheets.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "performances": performances,
            "slots": services.score_slots(criteria=list(heat.round.championship.criteria.all())),
        },
    )
