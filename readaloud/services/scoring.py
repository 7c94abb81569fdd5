"""Placing readers, drawing the running order, judges and their scores."""

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from readaloud.models import (
    Advancement,
    Contestant,
    Criterion,
    Heat,
    JudgeAssignment,
    Performance,
    ReaderJudgement,
    RunningOrderDraw,
    Score,
    TextPart,
)


def contestant_place(*, contestant: Contestant, heat: Heat) -> Performance:
    """Place ``contestant`` in ``heat``; refuse without a guardian's consent.

    Raises ValidationError with a message for the organiser.
    """
    if contestant.championship_id != heat.round.championship_id:
        raise ValidationError(
            _("The reader is registered for another championship."), code="other_championship"
        )
    if not contestant.has_consent():
        raise ValidationError(
            _(
                "%(name)s cannot be placed in a heat: no guardian consent is recorded (or it was withdrawn)."
            )
            % {"name": contestant.full_name},
            code="no_consent",
        )
    if contestant.is_withdrawn():
        raise ValidationError(
            _("%(name)s has withdrawn from the championship.") % {"name": contestant.full_name},
            code="contestant_withdrawn",
        )
    if heat.is_closed():
        raise ValidationError(_("The heat is closed."), code="heat_closed")
    if heat.performances.filter(contestant=contestant).exists():
        raise ValidationError(
            _("%(name)s is already in this heat.") % {"name": contestant.full_name},
            code="already_placed",
        )
    other = (
        Performance.objects.filter(round_id=heat.round_id, contestant=contestant)
        .select_related("heat")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _("%(name)s is already in %(heat)s: move or remove that placement first.")
            % {"name": contestant.full_name, "heat": other.heat.name},
            code="already_in_round",
        )
    return performance_append(heat=heat, contestant=contestant)


def performance_append(*, heat: Heat, contestant: Contestant) -> Performance:
    """Add ``contestant`` to ``heat``; after the draw they read last."""
    with transaction.atomic():
        performance = Performance.objects.create(heat=heat, contestant=contestant)
        if heat.running_order_drawn:
            last = (
                heat.performances.exclude(running_position=None)
                .order_by("-running_position")
                .values_list("running_position", flat=True)
                .first()
            )
            performance.running_position = (last or 0) + 1
            performance.save(update_fields=["running_position"])
    return performance


def _check_placement_changeable(performance: Performance) -> None:
    heat = performance.heat
    if heat.is_started() or heat.is_closed() or performance.scores.exists():
        raise ValidationError(
            _("Scoring has started in %(heat)s: the placement can no longer change.")
            % {"heat": heat.name},
            code="heat_started",
        )
    if Advancement.objects.filter(
        to_heat=heat, from_performance__contestant=performance.contestant_id, cancelled_at=None
    ).exists():
        raise ValidationError(
            _("The reader advanced to this heat; withdraw the reader instead."),
            code="advanced_here",
        )


def placement_remove(*, performance: Performance, by: User) -> None:
    """Take a reader out of a heat where scoring has not started (the draw keeps its record)."""
    with transaction.atomic():
        Heat.objects.select_for_update().get(pk=performance.heat_id)
        _check_placement_changeable(performance)
        performance.delete()


def placement_move(*, performance: Performance, heat: Heat, by: User) -> Performance:
    """Move a reader to another heat of the same round, before scoring starts in either."""
    if heat.round_id != performance.heat.round_id:
        raise ValidationError(
            _("A reader can only be moved to another heat of the same round."),
            code="other_round",
        )
    if heat.pk == performance.heat_id:
        raise ValidationError(_("The reader is already in this heat."), code="same_heat")
    with transaction.atomic():
        locked = {
            h.pk: h
            for h in Heat.objects.select_for_update().filter(pk__in=[heat.pk, performance.heat_id])
        }
        _check_placement_changeable(performance)
        target = locked[heat.pk]
        if target.is_started() or target.is_closed():
            raise ValidationError(
                _("Scoring has started in %(heat)s: no readers can be moved there.")
                % {"heat": target.name},
                code="target_started",
            )
        contestant = performance.contestant
        performance.delete()
        return contestant_place(contestant=contestant, heat=target)


def running_order_draw(
    *, heat: Heat, by: User, rng: random.Random | None = None
) -> list[Performance]:
    """Draw the running order of ``heat`` at random and record the draw.

    Allowed until the heat has started (the first score is entered).
    """
    with transaction.atomic():
        heat = Heat.objects.select_for_update().get(pk=heat.pk)
        if not heat.may_draw_running_order():
            raise ValidationError(
                _("The heat has started: the running order can no longer be drawn again."),
                code="heat_started",
            )
        performances = list(heat.performances.filter(withdrawn_at=None).order_by("pk"))
        (rng or random.SystemRandom()).shuffle(performances)
        # Clear first so the unique (heat, position) constraint holds while renumbering.
        heat.performances.update(running_position=None)
        for position, performance in enumerate(performances, start=1):
            performance.running_position = position
            performance.save(update_fields=["running_position"])
        heat.running_order_drawn_at = timezone.now()
        heat.running_order_drawn_by = by
        heat.save(update_fields=["running_order_drawn_at", "running_order_drawn_by"])
        RunningOrderDraw.objects.create(
            heat=heat, drawn_by=by, order=[performance.pk for performance in performances]
        )
    return performances


def judge_assign(*, heat: Heat, judge: User) -> JudgeAssignment:
    """Assign ``judge`` to ``heat`` (once)."""
    assignment, _created = JudgeAssignment.objects.get_or_create(heat=heat, judge=judge)
    return assignment


def judge_exclude(*, assignment: JudgeAssignment, reason: str, by: User) -> JudgeAssignment:
    """Record that a judge is absent, so the heat can be closed without their scores."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for excluding the judge."), code="reason_required")
    if assignment.heat.is_closed():
        raise ValidationError(_("The heat is closed."), code="heat_closed")
    assignment.excluded = True
    assignment.excluded_reason = reason.strip()
    assignment.excluded_at = timezone.now()
    assignment.excluded_by = by
    assignment.save()
    return assignment


def reader_judgement_save(
    *, assignment: JudgeAssignment, performance: Performance, note: str, absent: bool
) -> ReaderJudgement:
    """Save a judge's notes on a reader and whether the judge missed that reader."""
    if performance.heat_id != assignment.heat_id:
        raise ValidationError(_("The performance is not in this heat."), code="other_heat")
    heat = assignment.heat
    if heat.is_closed():
        raise ValidationError(
            _("The heat is closed: the scores can no longer be changed."), code="heat_closed"
        )
    judgement, _created = ReaderJudgement.objects.update_or_create(
        assignment=assignment,
        performance=performance,
        defaults={"note": note.strip(), "absent": absent},
    )
    return judgement


def score_slots(*, criteria: list[Criterion]) -> list[tuple[Criterion, str]]:
    """Return the (criterion, text part) pairs a judge scores, chosen text first."""
    slots = []
    for part in (TextPart.CHOSEN, TextPart.UNSEEN):
        slots += [(criterion, part) for criterion in criteria if part in criterion.parts()]
    return slots


def scoring_progress(
    *, heat: Heat, assignment: JudgeAssignment
) -> tuple[list[Performance], list[tuple[Criterion, str]]]:
    """Return the heat's readers in running order and the slots a judge scores.

    Each performance carries ``scored`` (how many slots ``assignment``'s judge has scored)
    and ``complete`` (all of them).
    """
    performances = list(
        heat.performances.filter(withdrawn_at=None)
        .select_related("contestant__school")
        .annotate(scored=Count("scores", filter=Q(scores__assignment=assignment)))
        .order_by("running_position", "pk")
    )
    slots = score_slots(criteria=list(heat.round.championship.criteria.all()))
    for performance in performances:
        performance.complete = performance.scored >= len(slots)
    return performances, slots


def score_save(
    *,
    assignment: JudgeAssignment,
    performance: Performance,
    points: dict[tuple[int, str], int | None],
    note: str | None = None,
    absent: bool | None = None,
) -> list[Score]:
    """Save a judge's points for one performance; ``points`` maps (criterion id, part) to a number.

    A value of None removes that score (not scored yet). ``note`` and ``absent``, when given,
    are saved as the judge's notes on the reader. Raises ValidationError for points outside
    0..max, for a closed heat, or for a performance of another heat.
    """
    heat = Heat.objects.select_related("round__championship").get(pk=assignment.heat_id)
    if performance.heat_id != heat.pk:
        raise ValidationError(_("The performance is not in this heat."), code="other_heat")
    if heat.is_closed():
        raise ValidationError(
            _("The heat is closed: the scores can no longer be changed."), code="heat_closed"
        )
    if assignment.excluded:
        raise ValidationError(_("You are excluded from judging this heat."), code="judge_excluded")
    criteria = {c.pk: c for c in heat.round.championship.criteria.all()}
    saved = []
    with transaction.atomic():
        for (criterion_id, part), value in points.items():
            criterion = criteria.get(criterion_id)
            if criterion is None or part not in criterion.parts():
                raise ValidationError(_("Unknown criterion."), code="unknown_criterion")
            if value is None:
                Score.objects.filter(
                    assignment=assignment, performance=performance, criterion=criterion, part=part
                ).delete()
                continue
            if not 0 <= value <= criterion.max_points:
                raise ValidationError(
                    _("%(criterion)s: give between 0 and %(max)s points.")
                    % {"criterion": criterion.name, "max": criterion.max_points},
                    code="points_out_of_range",
                )
            score, _created = Score.objects.update_or_create(
                assignment=assignment,
                performance=performance,
                criterion=criterion,
                part=part,
                defaults={"points": value, "max_points": criterion.max_points},
            )
            saved.append(score)
        if note is not None or absent is not None:
            reader_judgement_save(
                assignment=assignment,
                performance=performance,
                note=note or "",
                absent=bool(absent),
            )
        if saved and not heat.started_at:
            Heat.objects.filter(pk=heat.pk, started_at=None).update(started_at=timezone.now())
            heat.started_at = timezone.now()
    return saved
