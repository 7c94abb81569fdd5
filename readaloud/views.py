import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, ProtectedError, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.permissions import librarian_required, role_required
from readaloud import permissions, services
from readaloud.forms import (
    ChampionshipForm,
    ContestantForm,
    CriterionFormSet,
    HeatForm,
    JudgeAssignForm,
    JudgeExcludeForm,
    PlaceForm,
    RoundForm,
    ScoreForm,
    TieDecisionForm,
)
from readaloud.models import (
    Championship,
    Contestant,
    Heat,
    JudgeAssignment,
    Performance,
    Round,
    Score,
)
from toolkit.csv import csv_response
from toolkit.forms import form_errors_message, validation_error_message

edition_viewer_required = role_required(permissions.may_open_championships)
scorer_required = role_required(permissions.may_score)


# --- editions -------------------------------------------------------------------------------


@edition_viewer_required
def championship_list(request):
    championships = (
        Championship.objects.visible_to(request.user)
        .select_related("organiser")
        .annotate(contestant_count=Count("contestants", distinct=True))
        .order_by("-year", "name")
    )
    return render(
        request,
        "readaloud/championship_list.html",
        {"championships": championships, "can_manage": permissions.may_manage(request.user)},
    )


@edition_viewer_required
def championship_detail(request, pk):
    championship = permissions.championship_for(request.user, pk)
    rounds = championship.rounds.select_related("branch", "school").prefetch_related(
        Prefetch(
            "heats",
            queryset=Heat.objects.select_related("branch", "school").annotate(
                reader_count=Count("performances", filter=Q(performances__withdrawn_at=None))
            ),
        )
    )
    context = {
        "championship": championship,
        "rounds": rounds,
        "criteria": championship.criteria.all(),
        "may_manage": permissions.may_manage(request.user),
        "may_register": permissions.may_register_contestants(request.user, championship),
        "retention_date": championship.effective_retention_date(),
        "participation": services.participation_by_school(championship=championship),
    }
    return render(request, "readaloud/championship_detail.html", context)


def _championship_form_page(request, championship=None):
    form = ChampionshipForm(request.POST or None, instance=championship)
    if request.method == "POST":
        if form.is_valid():
            if championship is None:
                saved = services.championship_create(championship=form.save(commit=False))
                messages.success(
                    request, _("The championship %(name)s was created.") % {"name": saved}
                )
            else:
                saved = form.save()
                messages.success(request, _("The changes were saved."))
            return redirect(saved)
        form_errors_message(request)
    return render(
        request,
        "readaloud/championship_form.html",
        {"form": form, "championship": championship},
    )


@librarian_required
def championship_create(request):
    return _championship_form_page(request)


@librarian_required
def championship_update(request, pk):
    return _championship_form_page(request, get_object_or_404(Championship, pk=pk))


@require_POST
@librarian_required
def championship_copy(request, pk):
    source = get_object_or_404(Championship, pk=pk)
    try:
        copy = services.championship_copy(source=source)
    except ValidationError as error:
        validation_error_message(request, error)
        return redirect(source)
    messages.success(
        request,
        _("%(name)s was created with last year's rounds, heats and criteria.") % {"name": copy},
    )
    return redirect(copy)


@librarian_required
def criteria_update(request, pk):
    championship = get_object_or_404(Championship, pk=pk)
    formset = CriterionFormSet(request.POST or None, instance=championship, prefix="criteria")
    if request.method == "POST":
        if formset.is_valid():
            try:
                formset.save()
            except ProtectedError:
                messages.error(request, _("A criterion that has been scored cannot be deleted."))
                return redirect("readaloud:criteria_update", pk=championship.pk)
            messages.success(request, _("The criteria were saved."))
            return redirect(championship)
        form_errors_message(request)
    return render(
        request,
        "readaloud/criteria_form.html",
        {"formset": formset, "championship": championship},
    )


def _round_form_page(request, championship, round_=None):
    form = RoundForm(request.POST or None, instance=round_, championship=championship)
    if request.method == "POST":
        if form.is_valid():
            form.instance.championship = championship
            form.save()
            messages.success(request, _("The round was saved."))
            return redirect(championship)
        form_errors_message(request)
    return render(
        request,
        "readaloud/round_form.html",
        {"form": form, "championship": championship, "round": round_},
    )


@librarian_required
def round_create(request, pk):
    return _round_form_page(request, get_object_or_404(Championship, pk=pk))


@librarian_required
def round_update(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("championship"), pk=pk)
    return _round_form_page(request, round_.championship, round_)


def _heat_form_page(request, round_, heat=None):
    form = HeatForm(request.POST or None, instance=heat, round=round_)
    if request.method == "POST":
        if form.is_valid():
            form.instance.round = round_
            saved = form.save()
            messages.success(request, _("The heat was saved."))
            return redirect(saved)
        form_errors_message(request)
    return render(
        request,
        "readaloud/heat_form.html",
        {"form": form, "round": round_, "championship": round_.championship, "heat": heat},
    )


@librarian_required
def heat_create(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("championship"), pk=pk)
    return _heat_form_page(request, round_)


@librarian_required
def heat_update(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    return _heat_form_page(request, heat.round, heat)


# --- heats (organiser) ----------------------------------------------------------------------


@librarian_required
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
        "target": services.next_heat(heat),
    }
    return render(request, "readaloud/heat_detail.html", context)


@require_POST
@librarian_required
def heat_place(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    form = PlaceForm(request.POST, heat=heat)
    if form.is_valid():
        contestant = form.cleaned_data["contestant"]
        try:
            services.contestant_place(contestant=contestant, heat=heat)
        except ValidationError as error:
            validation_error_message(request, error)
        else:
            messages.success(
                request, _("%(name)s was placed in the heat.") % {"name": contestant.full_name}
            )
    else:
        messages.error(request, _("Choose a reader to place."))
    return redirect(heat)


@require_POST
@librarian_required
def heat_draw(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    try:
        services.running_order_draw(heat=heat, by=request.user)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        messages.success(request, _("The running order was drawn."))
    return redirect(heat)


@require_POST
@librarian_required
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
@librarian_required
def judge_exclude(request, pk):
    assignment = get_object_or_404(JudgeAssignment.objects.select_related("heat"), pk=pk)
    form = JudgeExcludeForm(request.POST)
    if form.is_valid():
        try:
            services.judge_exclude(
                assignment=assignment, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            validation_error_message(request, error)
        else:
            messages.success(request, _("The judge is excluded from this heat."))
    else:
        messages.error(request, _("Give a reason for excluding the judge."))
    return redirect(assignment.heat)


@require_POST
@librarian_required
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
@librarian_required
def heat_reopen(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    try:
        services.heat_reopen(heat=heat)
    except ValidationError as error:
        validation_error_message(request, error)
    else:
        messages.success(request, _("The heat is open again; the judges can correct their scores."))
    return redirect(heat)


@librarian_required
def heat_running_order(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    performances = (
        heat.performances.filter(withdrawn_at=None)
        .select_related("contestant__school")
        .order_by("running_position", "pk")
    )
    return render(
        request,
        "readaloud/heat_running_order.html",
        {"heat": heat, "championship": heat.round.championship, "performances": performances},
    )


@scorer_required
def heat_score_sheets(request, pk):
    if roles.is_librarian(request.user):
        heat = permissions.heat_for_organiser(request.user, pk)
    else:
        heat = permissions.heat_for_judge(request.user, pk)
    criteria = list(heat.round.championship.criteria.all())
    performances = (
        heat.performances.filter(withdrawn_at=None)
        .select_related("contestant__school")
        .order_by("running_position", "pk")
    )
    return render(
        request,
        "readaloud/heat_score_sheets.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "performances": performances,
            "slots": services.score_slots(criteria),
        },
    )


@librarian_required
def heat_results(request, pk):
    heat = permissions.heat_for_organiser(request.user, pk)
    result = services.heat_result(heat=heat)
    tie_forms = []
    if heat.is_closed():
        for rank in result.unresolved_ties:
            rows = [row for row in result.rows if row.rank == rank and row.tie_unresolved]
            tie_forms.append((rank, TieDecisionForm(rows=rows, prefix=f"tie{rank}")))
    advancements = list(
        heat.performances.filter(advancement__isnull=False)
        .select_related("advancement__to_heat__round", "contestant")
        .order_by("rank")
    )
    advanced = {p.pk for p in advancements if p.advancement.cancelled_at is None}
    for row in result.rows:
        row.advancement = row.performance.pk in advanced
        row.judge_cells = [
            {"assignment": a, "total": row.judge_totals.get(a.pk)} for a in result.assignments
        ]
    judge_tables = [
        (
            assignment,
            [
                (
                    row,
                    [row.points.get((assignment.pk, c.pk, part)) for c, part in result.slots],
                    row.judge_totals.get(assignment.pk),
                )
                for row in result.rows
            ],
        )
        for assignment in result.assignments
    ]
    return render(
        request,
        "readaloud/heat_results.html",
        {
            "heat": heat,
            "championship": heat.round.championship,
            "result": result,
            "rows": result.rows,
            "judge_tables": judge_tables,
            "tie_forms": tie_forms,
            "decisions": heat.tie_decisions.select_related("decided_by"),
            "advancements": advancements,
        },
    )


@require_POST
@librarian_required
def tie_decide(request, pk, rank):
    heat = permissions.heat_for_organiser(request.user, pk)
    result = services.heat_result(heat=heat)
    rows = [row for row in result.rows if row.rank == rank and row.tie_unresolved]
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


# --- contestants ----------------------------------------------------------------------------


@edition_viewer_required
def contestant_list(request, pk):
    championship = permissions.championship_for(request.user, pk)
    contestants = (
        Contestant.objects.visible_to(request.user)
        .filter(championship=championship)
        .select_related("school")
        .order_by("school__name", "last_name", "first_name", "pk")
    )
    return render(
        request,
        "readaloud/contestant_list.html",
        {
            "championship": championship,
            "contestants": contestants,
            "may_register": permissions.may_register_contestants(request.user, championship)
            and (
                roles.is_librarian(request.user)
                or championship.accepts_registrations(timezone.localdate())
            ),
            "may_manage": permissions.may_manage(request.user),
        },
    )


def _contestant_form_page(request, championship, contestant=None):
    school = None if roles.is_librarian(request.user) else request.user.partner
    form = ContestantForm(
        request.POST or None, instance=contestant, championship=championship, school=school
    )
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            messages.success(request, _("%(name)s was saved.") % {"name": saved.full_name})
            return redirect("readaloud:contestant_list", pk=championship.pk)
        form_errors_message(request)
    return render(
        request,
        "readaloud/contestant_form.html",
        {"form": form, "championship": championship, "contestant": contestant},
    )


@edition_viewer_required
def contestant_create(request, pk):
    championship = permissions.championship_for(request.user, pk)
    if not permissions.may_register_contestants(request.user, championship):
        raise PermissionDenied
    if not roles.is_librarian(request.user) and not championship.accepts_registrations(
        timezone.localdate()
    ):
        messages.error(
            request, _("Registration is not open: ask the organisers to register the reader.")
        )
        return redirect(championship)
    return _contestant_form_page(request, championship)


@edition_viewer_required
def contestant_update(request, pk):
    contestant = permissions.contestant_for_edit(request.user, pk)
    if contestant.anonymised_at:
        messages.error(request, _("The reader's data has been anonymised."))
        return redirect("readaloud:contestant_list", pk=contestant.championship_id)
    return _contestant_form_page(request, contestant.championship, contestant)


@require_POST
@edition_viewer_required
def contestant_consent_withdraw(request, pk):
    contestant = permissions.contestant_for_edit(request.user, pk)
    stepped_in = services.consent_withdraw(contestant=contestant, by=request.user)
    messages.success(
        request,
        _(
            "The consent for %(name)s is withdrawn: the reader is off the public results and cannot be placed in a heat."
        )
        % {"name": contestant.full_name},
    )
    for advancement in stepped_in:
        messages.info(request, _("A reserve steps in: %(heat)s.") % {"heat": advancement.to_heat})
    return redirect("readaloud:contestant_list", pk=contestant.championship_id)


@require_POST
@librarian_required
def contestant_withdraw(request, pk):
    contestant = permissions.contestant_for(request.user, pk)
    stepped_in = services.contestant_withdraw(contestant=contestant, by=request.user)
    messages.success(request, _("%(name)s has withdrawn.") % {"name": contestant.full_name})
    for advancement in stepped_in:
        messages.info(
            request,
            _("%(name)s steps in for the next round.")
            % {"name": advancement.from_performance.contestant.full_name},
        )
    return redirect("readaloud:contestant_list", pk=contestant.championship_id)


@librarian_required
def contestant_export(request, pk, fmt):
    if fmt not in ("json", "csv"):
        raise Http404
    contestant = permissions.contestant_for(request.user, pk)
    filename = f"deltager-{contestant.pk}"
    if fmt == "csv":
        return csv_response(
            services.contestant_export_rows(contestant=contestant), filename=f"{filename}.csv"
        )
    response = HttpResponse(
        json.dumps(services.contestant_export(contestant=contestant), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


@require_POST
@librarian_required
def contestant_erase(request, pk):
    contestant = permissions.contestant_for(request.user, pk)
    championship_id = contestant.championship_id
    outcome = services.contestant_erase(contestant=contestant)
    if outcome == "deleted":
        messages.success(request, _("The reader's data was deleted."))
    else:
        messages.success(
            request,
            _("The reader had been scored, so the data was anonymised; the results stay."),
        )
    return redirect("readaloud:contestant_list", pk=championship_id)


# --- public results and diplomas ------------------------------------------------------------


def public_results(request, pk):
    """The public results of an edition; open to everybody, names only with consent."""
    championship = get_object_or_404(Championship.objects.select_related("organiser"), pk=pk)
    heats = services.public_results(championship=championship)
    rows = [
        (
            heat,
            [
                (performance, services.public_name(performance.contestant))
                for performance in performances
            ],
        )
        for heat, performances in heats
    ]
    return render(
        request,
        "readaloud/public_results.html",
        {"championship": championship, "heats": rows},
    )


@librarian_required
def diploma_list(request, pk):
    championship = get_object_or_404(Championship, pk=pk)
    return render(
        request,
        "readaloud/diplomas.html",
        {"championship": championship, "diplomas": services.diplomas(championship=championship)},
    )


# --- judging --------------------------------------------------------------------------------


@scorer_required
def judge_home(request):
    heats = (
        Heat.objects.scorable_by(request.user)
        .select_related("round__championship")
        .annotate(
            reader_count=Count(
                "performances", filter=Q(performances__withdrawn_at=None), distinct=True
            )
        )
        .order_by("-round__championship__year", "round__number", "name")
    )
    return render(request, "readaloud/judge_home.html", {"heats": heats})


def _scoring_context(heat, assignment):
    performances = list(
        heat.performances.filter(withdrawn_at=None)
        .select_related("contestant__school")
        .annotate(scored=Count("scores", filter=Q(scores__assignment=assignment)))
        .order_by("running_position", "pk")
    )
    slots = services.score_slots(list(heat.round.championship.criteria.all()))
    for performance in performances:
        performance.complete = performance.scored >= len(slots)
    return performances, slots


@scorer_required
def judge_heat(request, pk):
    heat = permissions.heat_for_judge(request.user, pk)
    assignment = get_object_or_404(heat.judge_assignments, judge=request.user)
    performances, slots = _scoring_context(heat, assignment)
    return render(
        request,
        "readaloud/judge_heat.html",
        {"heat": heat, "performances": performances, "slot_count": len(slots)},
    )


def _score_page(request, heat, assignment, performance, *, back_url, next_url_name, url_args):
    performances, slots = _scoring_context(heat, assignment)
    existing = {
        ScoreForm.field_name_from(score): score.points
        for score in Score.objects.filter(assignment=assignment, performance=performance)
    }
    form = ScoreForm(request.POST or None, initial=existing, slots=slots)
    if heat.is_closed():
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and request.htmx:
        return _autosave(request, heat, assignment, performance, form)
    if request.method == "POST":
        if heat.is_closed():
            messages.error(request, _("The heat is closed: the scores can no longer be changed."))
        elif form.is_valid():
            try:
                services.score_save(
                    assignment=assignment, performance=performance, points=form.points()
                )
            except ValidationError as error:
                validation_error_message(request, error)
            else:
                messages.success(
                    request,
                    _("The scores for %(name)s were saved.")
                    % {"name": performance.contestant.full_name},
                )
                ids = [p.pk for p in performances]
                index = ids.index(performance.pk) if performance.pk in ids else -1
                if "next" in request.POST and 0 <= index < len(ids) - 1:
                    return redirect(next_url_name, *url_args, ids[index + 1])
                return redirect(next_url_name, *url_args, performance.pk)
        else:
            form_errors_message(request)
    ids = [p.pk for p in performances]
    index = ids.index(performance.pk)
    previous = performances[index - 1] if index > 0 else None
    following = performances[index + 1] if index + 1 < len(ids) else None
    return render(
        request,
        "readaloud/judge_score.html",
        {
            "heat": heat,
            "assignment": assignment,
            "performance": performance,
            "form": form,
            "position": index + 1,
            "count": len(ids),
            "previous": previous,
            "next": following,
            "previous_url": reverse(next_url_name, args=[*url_args, previous.pk])
            if previous
            else None,
            "next_url": reverse(next_url_name, args=[*url_args, following.pk])
            if following
            else None,
            "back_url": back_url,
            "judging": next_url_name == "readaloud:judge_score",
            "closed": heat.is_closed(),
        },
    )


def _autosave(request, heat, assignment, performance, form):
    """Save the scores typed so far (htmx, on every change) and answer with a status line."""
    errors = []
    if heat.is_closed():
        errors = [_("The heat is closed: the scores can no longer be changed.")]
    elif not form.is_valid():
        errors = [
            f"{form.fields[name].label}: {' '.join(messages_)}"
            for name, messages_ in form.errors.items()
        ]
    else:
        try:
            services.score_save(
                assignment=assignment, performance=performance, points=form.points()
            )
        except ValidationError as error:
            errors = error.messages
    return render(
        request,
        "readaloud/includes/save_status.html",
        {"save_errors": errors, "saved_at": None if errors else timezone.localtime()},
    )


@scorer_required
def judge_score(request, pk, performance_pk):
    heat = permissions.heat_for_judge(request.user, pk)
    assignment = get_object_or_404(heat.judge_assignments, judge=request.user, excluded=False)
    performance = permissions.performance_for_judge(heat, performance_pk)
    return _score_page(
        request,
        heat,
        assignment,
        performance,
        back_url=heat_url(heat),
        next_url_name="readaloud:judge_score",
        url_args=[heat.pk],
    )


def heat_url(heat):
    return reverse("readaloud:judge_heat", args=[heat.pk])


@librarian_required
def organiser_score(request, pk, assignment_pk, performance_pk):
    """The organiser types in a judge's paper score sheet."""
    heat = permissions.heat_for_organiser(request.user, pk)
    assignment = get_object_or_404(heat.judge_assignments, pk=assignment_pk, excluded=False)
    performance = get_object_or_404(
        Performance.objects.filter(heat=heat, withdrawn_at=None).select_related(
            "contestant__school"
        ),
        pk=performance_pk,
    )
    return _score_page(
        request,
        heat,
        assignment,
        performance,
        back_url=heat.get_absolute_url(),
        next_url_name="readaloud:organiser_score",
        url_args=[heat.pk, assignment.pk],
    )
