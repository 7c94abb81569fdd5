"""Championship work that spans several models: placing, drawing, scoring, ranking, privacy."""

import csv
import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from readaloud.models import (
    DEFAULT_CRITERIA,
    Advancement,
    Championship,
    Contestant,
    Criterion,
    Heat,
    JudgeAssignment,
    Performance,
    Round,
    RunningOrderDraw,
    Score,
    TextPart,
    TieDecision,
)

THREE_PLACES = Decimal("0.001")

# Contestant fields that identify the child; anonymisation blanks them, also in the audit log.
PERSONAL_FIELDS = [
    "first_name",
    "last_name",
    "class_name",
    "book_title",
    "book_author",
    "passage",
    "consent_given_by",
]


# --- editions -------------------------------------------------------------------------------


def criteria_add_defaults(*, championship: Championship) -> list[Criterion]:
    """Give ``championship`` the default criteria (when it has none yet)."""
    if championship.criteria.exists():
        return list(championship.criteria.all())
    return [
        Criterion.objects.create(
            championship=championship,
            code=code,
            name=str(name),
            description=str(description),
            max_points=max_points,
            weight=weight,
            applies_to=applies_to,
            position=position,
        )
        for position, (code, name, description, max_points, weight, applies_to) in enumerate(
            DEFAULT_CRITERIA, start=1
        )
    ]


def championship_create(*, championship: Championship) -> Championship:
    """Save a new edition with the default criteria."""
    with transaction.atomic():
        championship.save()
        criteria_add_defaults(championship=championship)
    return championship


def _shift_years(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def championship_copy(*, source: Championship, year: int | None = None) -> Championship:
    """Create next year's edition with ``source``'s rounds, heats and criteria (no contestants).

    Dates move by the difference in years; heat links to the next round are kept.
    """
    year = year or source.year + 1
    shift = year - source.year
    name = source.name.replace(str(source.year), str(year))
    if name == source.name:
        name = f"{source.name} {year}"
    copy = Championship.objects.create(
        name=name,
        year=year,
        organiser=source.organiser,
        grade_from=source.grade_from,
        grade_to=source.grade_to,
        registration_deadline=_shift_years(source.registration_deadline, shift),
        tie_break=source.tie_break,
        copied_from=source,
    )
    for criterion in source.criteria.all():
        Criterion.objects.create(
            championship=copy,
            code=criterion.code,
            name=criterion.name,
            description=criterion.description,
            max_points=criterion.max_points,
            weight=criterion.weight,
            applies_to=criterion.applies_to,
            position=criterion.position,
        )
    heat_map = {}
    links = []
    for old_round in source.rounds.prefetch_related("heats"):
        new_round = Round.objects.create(
            championship=copy,
            number=old_round.number,
            kind=old_round.kind,
            name=old_round.name,
            date=_shift_years(old_round.date, shift),
            venue=old_round.venue,
            branch_id=old_round.branch_id,
            advance_count=old_round.advance_count,
        )
        for old_heat in old_round.heats.all():
            heat_map[old_heat.pk] = Heat.objects.create(
                round=new_round,
                name=old_heat.name,
                venue=old_heat.venue,
                branch_id=old_heat.branch_id,
                school_id=old_heat.school_id,
            )
            if old_heat.feeds_into_id:
                links.append((old_heat.pk, old_heat.feeds_into_id))
    for old_pk, old_target in links:
        heat = heat_map[old_pk]
        heat.feeds_into = heat_map.get(old_target)
        heat.save(update_fields=["feeds_into"])
    return copy


# --- placing and the running order ----------------------------------------------------------


def contestant_place(*, contestant: Contestant, heat: Heat) -> Performance:
    """Place ``contestant`` in ``heat``; refuse without a guardian's consent.

    Raises ValidationError with a message for the organiser.
    """
    if contestant.championship_id != heat.round.championship_id:
        raise ValidationError(_("The reader is registered for another championship."))
    if not contestant.has_consent():
        raise ValidationError(
            _(
                "%(name)s cannot be placed in a heat: no guardian consent is recorded (or it was withdrawn)."
            )
            % {"name": contestant.full_name}
        )
    if contestant.is_withdrawn():
        raise ValidationError(
            _("%(name)s has withdrawn from the championship.") % {"name": contestant.full_name}
        )
    if heat.is_closed():
        raise ValidationError(_("The heat is closed."))
    if heat.performances.filter(contestant=contestant).exists():
        raise ValidationError(
            _("%(name)s is already in this heat.") % {"name": contestant.full_name}
        )
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


def running_order_draw(*, heat: Heat, by, rng: random.Random | None = None) -> list[Performance]:
    """Draw the running order of ``heat`` at random and record the draw.

    Allowed until the heat has started (the first score is entered).
    """
    with transaction.atomic():
        heat = Heat.objects.select_for_update().get(pk=heat.pk)
        if heat.is_started() or heat.is_closed():
            raise ValidationError(
                _("The heat has started: the running order can no longer be drawn again.")
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


# --- judges and scores ----------------------------------------------------------------------


def judge_assign(*, heat: Heat, judge) -> JudgeAssignment:
    assignment, _created = JudgeAssignment.objects.get_or_create(heat=heat, judge=judge)
    return assignment


def judge_exclude(*, assignment: JudgeAssignment, reason: str, by) -> JudgeAssignment:
    """Record that a judge is absent, so the heat can be closed without their scores."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for excluding the judge."))
    if assignment.heat.is_closed():
        raise ValidationError(_("The heat is closed."))
    assignment.excluded = True
    assignment.excluded_reason = reason.strip()
    assignment.excluded_at = timezone.now()
    assignment.excluded_by = by
    assignment.save()
    return assignment


def score_slots(criteria) -> list[tuple[Criterion, str]]:
    """Return the (criterion, text part) pairs a judge scores, chosen text first."""
    slots = []
    for part in (TextPart.CHOSEN, TextPart.UNSEEN):
        slots += [(criterion, part) for criterion in criteria if part in criterion.parts()]
    return slots


def score_save(
    *, assignment: JudgeAssignment, performance: Performance, points: dict
) -> list[Score]:
    """Save a judge's points for one performance; ``points`` maps (criterion id, part) to a number.

    A value of None removes that score (not scored yet). Raises ValidationError for points
    outside 0..max, for a closed heat, or for a performance of another heat.
    """
    heat = Heat.objects.select_related("round__championship").get(pk=assignment.heat_id)
    if performance.heat_id != heat.pk:
        raise ValidationError(_("The performance is not in this heat."))
    if heat.is_closed():
        raise ValidationError(_("The heat is closed: the scores can no longer be changed."))
    if assignment.excluded:
        raise ValidationError(_("You are excluded from judging this heat."))
    criteria = {c.pk: c for c in heat.round.championship.criteria.all()}
    saved = []
    with transaction.atomic():
        for (criterion_id, part), value in points.items():
            criterion = criteria.get(criterion_id)
            if criterion is None or part not in criterion.parts():
                raise ValidationError(_("Unknown criterion."))
            if value is None:
                Score.objects.filter(
                    assignment=assignment, performance=performance, criterion=criterion, part=part
                ).delete()
                continue
            if not 0 <= value <= criterion.max_points:
                raise ValidationError(
                    _("%(criterion)s: give between 0 and %(max)s points.")
                    % {"criterion": criterion.name, "max": criterion.max_points}
                )
            score, _created = Score.objects.update_or_create(
                assignment=assignment,
                performance=performance,
                criterion=criterion,
                part=part,
                defaults={"points": value, "max_points": criterion.max_points},
            )
            saved.append(score)
        if saved and not heat.started_at:
            Heat.objects.filter(pk=heat.pk, started_at=None).update(started_at=timezone.now())
            heat.started_at = timezone.now()
    return saved


# --- ranking --------------------------------------------------------------------------------


@dataclass
class RankedPerformance:
    performance: Performance
    total: Decimal | None = None
    unseen: Decimal | None = None
    interpretation: Decimal | None = None
    judge_totals: dict = field(default_factory=dict)  # assignment id -> weighted total
    points: dict = field(default_factory=dict)  # (assignment id, criterion id, part) -> points
    judges_complete: int = 0
    rank: int | None = None
    tie_unresolved: bool = False
    tie_broken_by_rule: bool = False
    decided_by_jury: bool = False

    @property
    def contestant(self):
        return self.performance.contestant


@dataclass
class HeatResult:
    heat: Heat
    slots: list
    assignments: list
    rows: list
    missing: int  # scores still missing from judges who are not excluded

    @property
    def complete(self) -> bool:
        return self.missing == 0 and any(not a.excluded for a in self.assignments)

    @property
    def unresolved_ties(self) -> list[int]:
        return sorted({row.rank for row in self.rows if row.tie_unresolved})


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(THREE_PLACES)


def _tie_keys(row: RankedPerformance, rule: str) -> tuple:
    unseen = row.unseen or Decimal(0)
    interpretation = row.interpretation or Decimal(0)
    return {
        Championship.TieBreak.UNSEEN_THEN_INTERPRETATION: (unseen, interpretation),
        Championship.TieBreak.INTERPRETATION_THEN_UNSEEN: (interpretation, unseen),
        Championship.TieBreak.UNSEEN: (unseen,),
    }.get(rule, ())


def heat_result(*, heat: Heat) -> HeatResult:
    """Compute the ranking of ``heat`` from its scores, in a fixed number of queries.

    1. Each judge's total for a performance is the weighted sum of their points.
    2. A performance's total is the mean over the judges (not excluded) who scored it fully.
    3. Equal totals are split by the championship's tie-break rule; readers still equal share
       the rank and are flagged for the jury, unless a recorded jury decision orders them.
    """
    championship = heat.round.championship
    criteria = list(championship.criteria.all())
    slots = score_slots(criteria)
    assignments = list(heat.judge_assignments.select_related("judge"))
    performances = list(
        heat.performances.filter(withdrawn_at=None).select_related("contestant__school")
    )
    points = {}
    for assignment_id, performance_id, criterion_id, part, value in Score.objects.filter(
        performance__heat=heat
    ).values_list("assignment_id", "performance_id", "criterion_id", "part", "points"):
        points[(assignment_id, performance_id, criterion_id, part)] = value
    rows = []
    missing = 0
    for performance in performances:
        row = RankedPerformance(performance=performance)
        totals, unseens, interpretations = [], [], []
        for assignment in assignments:
            values = {
                (c.pk, part): points.get((assignment.pk, performance.pk, c.pk, part))
                for c, part in slots
            }
            for (criterion_id, part), value in values.items():
                if value is not None:
                    row.points[(assignment.pk, criterion_id, part)] = value
            if assignment.excluded:
                continue
            if any(value is None for value in values.values()):
                missing += sum(1 for value in values.values() if value is None)
                continue
            total = sum((c.weight * values[(c.pk, part)] for c, part in slots), Decimal(0))
            row.judge_totals[assignment.pk] = total
            totals.append(total)
            unseens.append(
                sum(
                    (
                        c.weight * values[(c.pk, part)]
                        for c, part in slots
                        if part == TextPart.UNSEEN
                    ),
                    Decimal(0),
                )
            )
            interpretations.append(
                sum(
                    (
                        c.weight * values[(c.pk, part)]
                        for c, part in slots
                        if c.code == "interpretation"
                    ),
                    Decimal(0),
                )
            )
        row.judges_complete = len(totals)
        row.total, row.unseen, row.interpretation = (
            _mean(totals),
            _mean(unseens),
            _mean(interpretations),
        )
        rows.append(row)
    _assign_ranks(rows, championship.tie_break, list(heat.tie_decisions.all()))
    return HeatResult(heat=heat, slots=slots, assignments=assignments, rows=rows, missing=missing)


def _assign_ranks(rows: list[RankedPerformance], rule: str, decisions: list[TieDecision]) -> None:
    scored = [row for row in rows if row.total is not None]
    unscored = [row for row in rows if row.total is None]

    def key(row):
        return (row.total, *_tie_keys(row, rule))

    scored.sort(key=lambda row: (key(row), -row.performance.pk), reverse=True)
    decided = {decision.rank: decision for decision in decisions}
    position = 0
    while position < len(scored):
        group = [scored[position]]
        while position + len(group) < len(scored) and key(scored[position + len(group)]) == key(
            group[0]
        ):
            group.append(scored[position + len(group)])
        rank = position + 1
        same_total = [row for row in scored if row.total == group[0].total and row not in group]
        for row in group:
            row.rank = rank
            row.tie_broken_by_rule = bool(same_total)
        if len(group) > 1:
            decision = decided.get(rank)
            ids = {row.performance.pk for row in group}
            if decision and set(decision.order) == ids:
                order = {pk: index for index, pk in enumerate(decision.order)}
                group.sort(key=lambda row: order[row.performance.pk])
                for index, row in enumerate(group):
                    row.rank = rank + index
                    row.decided_by_jury = True
            else:
                for row in group:
                    row.tie_unresolved = True
        scored[position : position + len(group)] = sorted(
            group, key=lambda row: (row.rank, row.performance.running_position or 0)
        )
        position += len(group)
    rows[:] = scored + unscored


# --- closing, ties and advancement ----------------------------------------------------------


def _store_result(result: HeatResult) -> None:
    for row in result.rows:
        performance = row.performance
        performance.total = row.total
        performance.rank = row.rank
        performance.tie_unresolved = row.tie_unresolved
        performance.save(update_fields=["total", "rank", "tie_unresolved"])


def heat_close(*, heat: Heat, by) -> HeatResult:
    """Close ``heat`` once every judge not excluded has scored everything; rank and advance."""
    original = heat
    with transaction.atomic():
        heat = (
            Heat.objects.select_for_update().select_related("round__championship").get(pk=heat.pk)
        )
        if heat.is_closed():
            raise ValidationError(_("The heat is already closed."))
        result = heat_result(heat=heat)
        if not any(not a.excluded for a in result.assignments):
            raise ValidationError(_("The heat has no judges: assign at least one judge."))
        if not result.rows:
            raise ValidationError(_("The heat has no readers."))
        if result.missing:
            raise ValidationError(
                _(
                    "%(count)s scores are still missing. Every judge must score every reader on every criterion, or the organiser excludes an absent judge."
                )
                % {"count": result.missing}
            )
        heat.closed_at = timezone.now()
        heat.closed_by = by
        heat.started_at = heat.started_at or heat.closed_at
        heat.save(update_fields=["closed_at", "closed_by", "started_at"])
        _store_result(result)
        heat_advance(heat=heat, by=by)
    original.closed_at, original.closed_by, original.started_at = (
        heat.closed_at,
        heat.closed_by,
        heat.started_at,
    )
    return result


def heat_reopen(*, heat: Heat) -> None:
    """Reopen a closed heat (before anyone advanced from it) to correct scores."""
    if heat.performances.filter(advancement__isnull=False).exists():
        raise ValidationError(
            _("Readers have already advanced from this heat; it can no longer be reopened.")
        )
    heat.closed_at = None
    heat.closed_by = None
    heat.save(update_fields=["closed_at", "closed_by"])


def tie_decide(*, heat: Heat, rank: int, order: list[int], note: str, by) -> TieDecision:
    """Record the jury's order for readers sharing ``rank`` and re-rank and advance the heat."""
    heat.refresh_from_db(fields=["closed_at"])
    if not heat.is_closed():
        raise ValidationError(_("Close the heat before the jury decides a tie."))
    tied = set(
        heat.performances.filter(rank=rank, tie_unresolved=True).values_list("pk", flat=True)
    )
    if len(tied) < 2 or set(order) != tied or len(order) != len(tied):
        raise ValidationError(_("Put every tied reader in order, each once."))
    with transaction.atomic():
        decision, _created = TieDecision.objects.update_or_create(
            heat=heat, rank=rank, defaults={"order": order, "note": note, "decided_by": by}
        )
        _store_result(heat_result(heat=heat))
        heat_advance(heat=heat, by=by)
    return decision


def next_heat(heat: Heat) -> Heat | None:
    """Return the heat the winners of ``heat`` go to: its link, or the next round's only heat."""
    if heat.feeds_into_id:
        return heat.feeds_into
    next_round = (
        Round.objects.filter(
            championship_id=heat.round.championship_id, number__gt=heat.round.number
        )
        .order_by("number")
        .first()
    )
    if next_round is None:
        return None
    heats = list(next_round.heats.all()[:2])
    return heats[0] if len(heats) == 1 else None


def _eligible(performance: Performance) -> bool:
    contestant = performance.contestant
    return (
        performance.withdrawn_at is None
        and not contestant.is_withdrawn()
        and contestant.has_consent()
    )


def heat_advance(*, heat: Heat, by=None) -> list[Advancement]:
    """Send the top N of closed ``heat`` on to the next round; fill places left by withdrawals.

    Idempotent. Stops at a tie the jury has not decided when it straddles the cut.
    """
    if not heat.is_closed():
        return []
    target = next_heat(heat)
    if target is None or target.is_closed():
        return []
    quota = heat.round.advance_count
    performances = list(
        heat.performances.exclude(rank=None)
        .select_related("contestant", "advancement")
        .order_by("rank", "running_position", "pk")
    )
    existing = [p.advancement for p in performances if hasattr(p, "advancement")]
    active = [a for a in existing if a.cancelled_at is None]
    vacancies = [a for a in existing if a.cancelled_at is not None and not a.replaced_by.exists()]
    free = quota - len(active)
    candidates = [p for p in performances if not hasattr(p, "advancement") and _eligible(p)]
    created = []
    index = 0
    while free > 0 and index < len(candidates):
        candidate = candidates[index]
        if candidate.tie_unresolved:
            group = [c for c in candidates if c.rank == candidate.rank and c.tie_unresolved]
            if len(group) > free:
                break  # The jury must decide who goes on.
        replaces = vacancies.pop(0) if vacancies else None
        advancement = Advancement.objects.create(
            from_performance=candidate,
            to_heat=target,
            kind=Advancement.Kind.STEPPED_IN if replaces else Advancement.Kind.QUALIFIED,
            replaces=replaces,
            created_by=by,
        )
        Performance.objects.get_or_create(heat=target, contestant=candidate.contestant)
        created.append(advancement)
        free -= 1
        index += 1
    return created


def _leave_open_heats(contestant: Contestant, by) -> list[Advancement]:
    """Take ``contestant`` out of heats that have not started; let the next reserve step in."""
    stepped_in = []
    now = timezone.now()
    for performance in contestant.performances.select_related("heat").filter(heat__closed_at=None):
        if performance.heat.is_started() or performance.scores.exists():
            performance.withdrawn_at = now
            performance.save(update_fields=["withdrawn_at"])
        else:
            performance.delete()
    for advancement in Advancement.objects.filter(
        from_performance__contestant=contestant, cancelled_at=None, to_heat__started_at=None
    ).select_related("from_performance__heat__round"):
        advancement.cancelled_at = now
        advancement.save(update_fields=["cancelled_at"])
        stepped_in += heat_advance(heat=advancement.from_performance.heat, by=by)
    return stepped_in


def contestant_withdraw(*, contestant: Contestant, by) -> list[Advancement]:
    """Record that ``contestant`` withdraws; the next reader steps in where they had advanced."""
    with transaction.atomic():
        contestant.withdrawn_at = timezone.now()
        contestant.save(update_fields=["withdrawn_at"])
        return _leave_open_heats(contestant, by)


def consent_withdraw(*, contestant: Contestant, by) -> list[Advancement]:
    """Withdraw the guardian's consent: off the public pages, out of coming heats, not placeable."""
    with transaction.atomic():
        contestant.consent_withdrawn_at = timezone.now()
        contestant.publish_consent = False
        contestant.save(update_fields=["consent_withdrawn_at", "publish_consent"])
        return _leave_open_heats(contestant, by)


# --- public results and diplomas ------------------------------------------------------------


def public_name(contestant: Contestant) -> str:
    """Return how a reader appears in public: the name only with the guardian's consent."""
    if contestant.may_be_published():
        return f"{contestant.full_name}, {contestant.school.name}"
    return _("Reader from %(school)s") % {"school": contestant.school.name}


def public_results(*, championship: Championship) -> list[tuple[Heat, list[Performance]]]:
    """Return the closed heats with their ranked performances, minus withdrawn consents."""
    heats = (
        Heat.objects.filter(round__championship=championship)
        .exclude(closed_at=None)
        .select_related("round")
        .prefetch_related(
            Prefetch(
                "performances",
                queryset=Performance.objects.filter(
                    contestant__consent_withdrawn_at=None, withdrawn_at=None
                )
                .exclude(rank=None)
                .select_related("contestant__school")
                .order_by("rank", "pk"),
            )
        )
        .order_by("-round__number", "name")
    )
    return [(heat, list(heat.performances.all())) for heat in heats]


@dataclass
class SchoolParticipation:
    school: str
    registered: int
    per_round: list  # readers of the school who read in each round, in round order


def participation_by_school(*, championship: Championship) -> tuple[list, list]:
    """Return (rounds, rows): how many readers each school registered and had in each round.

    Counts only, so the statistics stay after the names are anonymised.
    """
    rounds = list(championship.rounds.order_by("number"))
    registered = dict(
        Contestant.objects.filter(championship=championship)
        .values_list("school__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reading = {}
    for school, number, count in (
        Performance.objects.filter(heat__round__championship=championship, withdrawn_at=None)
        .values_list("contestant__school__name", "heat__round__number")
        .annotate(n=Count("contestant", distinct=True))
        .order_by()
    ):
        reading[(school, number)] = count
    rows = [
        SchoolParticipation(
            school=school,
            registered=count,
            per_round=[reading.get((school, r.number), 0) for r in rounds],
        )
        for school, count in sorted(registered.items())
    ]
    return rounds, rows


@dataclass
class Diploma:
    contestant: Contestant
    round: Round
    heat: Heat
    champion: bool  # won the final
    heat_winner: bool  # won the heat of the furthest round reached
    rank: int | None


def diplomas(*, championship: Championship) -> list[Diploma]:
    """Return one diploma per reader who read: the furthest round reached, winners marked."""
    performances = (
        Performance.objects.filter(heat__round__championship=championship, withdrawn_at=None)
        .filter(contestant__consent_withdrawn_at=None)
        .select_related("contestant__school", "heat__round")
        .order_by("contestant__school__name", "contestant__last_name", "contestant__first_name")
    )
    furthest = {}
    for performance in performances:
        current = furthest.get(performance.contestant_id)
        if current is None or performance.heat.round.number > current.heat.round.number:
            furthest[performance.contestant_id] = performance
    final_number = max((p.heat.round.number for p in furthest.values()), default=None)
    last_round = championship.rounds.order_by("-number").values_list("number", flat=True).first()
    result = []
    for performance in furthest.values():
        heat = performance.heat
        won = bool(heat.closed_at and performance.rank == 1)
        result.append(
            Diploma(
                contestant=performance.contestant,
                round=heat.round,
                heat=heat,
                champion=won and heat.round.number == last_round == final_number,
                heat_winner=won,
                rank=performance.rank,
            )
        )
    return result


# --- privacy --------------------------------------------------------------------------------


def contestant_export(*, contestant: Contestant) -> dict:
    """Return everything stored about ``contestant``, for the guardian's right of access."""
    performances = []
    for performance in contestant.performances.select_related("heat__round").prefetch_related(
        "scores__criterion"
    ):
        performances.append(
            {
                "round": str(performance.heat.round),
                "heat": performance.heat.name,
                "date": performance.heat.round.date.isoformat()
                if performance.heat.round.date
                else None,
                "running_order": performance.running_position,
                "total": str(performance.total) if performance.total is not None else None,
                "rank": performance.rank,
                "scores": [
                    {
                        "judge": score.assignment_id,
                        "criterion": score.criterion.name,
                        "part": score.part,
                        "points": score.points,
                    }
                    for score in performance.scores.all()
                ],
            }
        )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "championship": contestant.championship.name,
        "first_name": contestant.first_name,
        "last_name": contestant.last_name,
        "school": contestant.school.name,
        "grade": contestant.grade,
        "class": contestant.class_name,
        "book_title": contestant.book_title,
        "book_author": contestant.book_author,
        "passage": contestant.passage,
        "reserve": contestant.is_reserve,
        "consent_given_by": contestant.consent_given_by,
        "consent_given_at": iso(contestant.consent_given_at),
        "consent_method": contestant.consent_method,
        "publish_consent": contestant.publish_consent,
        "consent_withdrawn_at": iso(contestant.consent_withdrawn_at),
        "withdrawn_at": iso(contestant.withdrawn_at),
        "registered_at": iso(contestant.created_at),
        "performances": performances,
    }


def contestant_export_csv(*, contestant: Contestant) -> str:
    """Return the export as CSV: one row per field, then one row per score."""
    data = contestant_export(contestant=contestant)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["field", "value"])
    for key, value in data.items():
        if key != "performances":
            writer.writerow([key, "" if value is None else value])
    writer.writerow([])
    writer.writerow(
        ["round", "heat", "running_order", "total", "rank", "judge", "criterion", "part", "points"]
    )
    for performance in data["performances"]:
        for score in performance["scores"] or [{}]:
            writer.writerow(
                [
                    performance["round"],
                    performance["heat"],
                    performance["running_order"],
                    performance["total"],
                    performance["rank"],
                    score.get("judge", ""),
                    score.get("criterion", ""),
                    score.get("part", ""),
                    score.get("points", ""),
                ]
            )
    return out.getvalue()


def _scrub_audit_log(contestant_ids: list[int], label: str) -> None:
    """Remove the children's names from the audit history of their contestant rows."""
    content_type = ContentType.objects.get_for_model(Contestant)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in contestant_ids]
    )
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in PERSONAL_FIELDS:
            if name in changes:
                changes[name] = ["***", "***"]
        entry.changes = changes
        entry.changes_text = ""
        entry.object_repr = label
        entry.serialized_data = None
        entry.save(update_fields=["changes", "changes_text", "object_repr", "serialized_data"])


def _anonymised_label() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymised reader")


def contestants_anonymise(*, contestants) -> int:
    """Blank the personal fields of ``contestants``; scores, totals and ranks stay."""
    label = _anonymised_label()
    now = timezone.now()
    ids = []
    with transaction.atomic(), disable_auditlog():
        for contestant in contestants:
            contestant.first_name = label
            for name in PERSONAL_FIELDS[1:]:
                setattr(contestant, name, "")
            contestant.publish_consent = False
            contestant.anonymised_at = contestant.anonymised_at or now
            contestant.save()
            ids.append(contestant.pk)
        _scrub_audit_log(ids, label)
    return len(ids)


def contestant_erase(*, contestant: Contestant) -> str:
    """Erase a child's data on request: delete it if it never read, else anonymise it.

    A reader who has been scored stays as an anonymous row so the other readers' ranks
    and the statistics do not change. Returns "deleted" or "anonymised".
    """
    with transaction.atomic():
        if not Score.objects.filter(performance__contestant=contestant).exists():
            pk = contestant.pk
            Advancement.objects.filter(from_performance__contestant=contestant).delete()
            contestant.performances.all().delete()
            contestant.delete()
            _scrub_audit_log([pk], _anonymised_label())
            return "deleted"
        contestants_anonymise(contestants=[contestant])
        return "anonymised"


def personal_data_purge(*, today: datetime.date) -> int:
    """Anonymise the readers of every edition past its retention date. Idempotent.

    Returns the number of contestants anonymised now.
    """
    count = 0
    for championship in Championship.objects.prefetch_related("rounds"):
        retention = championship.effective_retention_date()
        if retention is None or retention > today:
            continue
        pending = championship.contestants.filter(anonymised_at=None)
        count += contestants_anonymise(contestants=list(pending))
        if championship.anonymised_at is None:
            Championship.objects.filter(pk=championship.pk).update(anonymised_at=timezone.now())
    return count
