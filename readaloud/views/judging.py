"""Scoring: the judges' pages (phone-sized) and the organiser typing in a paper score sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from readaloud import permissions, services
from readaloud.forms import ScoreForm
from readaloud.models import Heat, ReaderJudgement, Score
from readaloud.permissions import organiser_required, scorer_required
from readaloud.views.access import log_read
from toolkit.forms import form_errors_message, validation_error_message

# The submit button that saves and moves on to the next reader in the running order.
SAVE_AND_NEXT = "save_and_next"
# judging.js marks its background saves with this header; the answer says whether they stuck.
AUTOSAVE_HEADER = "X-Autosave"
AUTOSAVE_RESULT_HEADER = "X-Autosave-Result"


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
    open_heats = [heat for heat in heats if not heat.is_closed()]
    closed_heats = [heat for heat in heats if heat.is_closed()]
    return render(
        request,
        "readaloud/judge_home.html",
        {"open_heats": open_heats, "closed_heats": closed_heats},
    )


@scorer_required
def judge_heat(request, pk):
    heat = permissions.heat_for_judge(request.user, pk)
    assignment = permissions.own_assignment(request.user, heat)
    performances, slots = services.scoring_progress(heat=heat, assignment=assignment)
    log_read(request, heat=heat, contestants=[p.contestant_id for p in performances])
    return render(
        request,
        "readaloud/judge_heat.html",
        {"heat": heat, "performances": performances, "slot_count": len(slots)},
    )


@scorer_required
def judge_score(request, pk, performance_pk):
    heat = permissions.heat_for_judge(request.user, pk)
    assignment = permissions.own_assignment(request.user, heat)
    performance = permissions.performance_in_heat(heat, performance_pk)
    return _score_page(
        request,
        heat,
        assignment,
        performance,
        back_url=reverse("readaloud:judge_heat", args=[heat.pk]),
        url_name="readaloud:judge_score",
        url_args=[heat.pk],
    )


@organiser_required
def organiser_score(request, pk, assignment_pk, performance_pk):
    """The organiser types in a judge's paper score sheet."""
    heat = permissions.heat_for_organiser(request.user, pk)
    assignment = permissions.assignment_in_heat(heat, assignment_pk)
    performance = permissions.performance_in_heat(heat, performance_pk)
    return _score_page(
        request,
        heat,
        assignment,
        performance,
        back_url=heat.get_absolute_url(),
        url_name="readaloud:organiser_score",
        url_args=[heat.pk, assignment.pk],
    )


def _score_page(request, heat, assignment, performance, *, back_url, url_name, url_args):
    """Show and save one judge's scores for one reader; ``url_name`` pages through the readers."""
    performances, slots = services.scoring_progress(heat=heat, assignment=assignment)
    ids = [p.pk for p in performances]
    index = ids.index(performance.pk)
    previous = performances[index - 1] if index > 0 else None
    following = performances[index + 1] if index + 1 < len(ids) else None
    existing = {
        ScoreForm.field_name_from(score): score.points
        for score in Score.objects.filter(assignment=assignment, performance=performance)
    }
    judgement = ReaderJudgement.objects.filter(
        assignment=assignment, performance=performance
    ).first()
    if judgement:
        existing.update(note=judgement.note, absent=judgement.absent)
    form = ScoreForm(request.POST or None, initial=existing, slots=slots)
    if heat.is_closed():
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and (request.headers.get(AUTOSAVE_HEADER) or request.htmx):
        return _autosave(request, heat, assignment, performance, form)
    if request.method == "POST":
        if heat.is_closed():
            messages.error(request, _("The heat is closed: the scores can no longer be changed."))
        elif form.is_valid():
            try:
                _save(assignment, performance, form)
            except ValidationError as error:
                validation_error_message(request, error)
            else:
                messages.success(
                    request,
                    _("The scores for %(name)s were saved.")
                    % {"name": performance.contestant.full_name},
                )
                if SAVE_AND_NEXT in request.POST and following is not None:
                    return redirect(url_name, *url_args, following.pk)
                return redirect(url_name, *url_args, performance.pk)
        else:
            form_errors_message(request)
    log_read(request, heat=heat, contestants=[performance.contestant_id])
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
            "following": following,
            "previous_url": reverse(url_name, args=[*url_args, previous.pk]) if previous else None,
            "following_url": reverse(url_name, args=[*url_args, following.pk])
            if following
            else None,
            "save_and_next": SAVE_AND_NEXT,
            "back_url": back_url,
            "judging": url_name == "readaloud:judge_score",
            "closed": heat.is_closed(),
        },
    )


def _save(assignment, performance, form):
    services.score_save(
        assignment=assignment,
        performance=performance,
        points=form.points(),
        note=form.cleaned_data["note"],
        absent=form.cleaned_data["absent"],
    )


def _autosave(request, heat, assignment, performance, form):
    """Save the scores typed so far (sent by judging.js on every change); answer with a status.

    Only a response carrying the ``X-Autosave-Result: saved`` header counts as saved in the
    browser, so a login page or a proxy's error page is never mistaken for success.
    """
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
            _save(assignment, performance, form)
        except ValidationError as error:
            errors = error.messages
    response = render(
        request,
        "readaloud/includes/save_status.html",
        {"save_errors": errors, "saved_at": None if errors else timezone.localtime()},
        status=400 if errors else 200,
    )
    response[AUTOSAVE_RESULT_HEADER] = "refused" if errors else "saved"
    return response
