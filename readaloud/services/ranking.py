"""Ranking a heat from its scores: weighted totals, averages, tie-breaks."""

from dataclasses import dataclass, field
from decimal import Decimal

from readaloud.models import (
    Championship,
    Heat,
    Performance,
    ReaderJudgement,
    Score,
    TextPart,
    TieDecision,
)
from readaloud.services.scoring import score_slots

THREE_PLACES = Decimal("0.001")


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
    # (assignment, performance, number of scores missing), in running order
    missing_by: list = field(default_factory=list)
    absent: set = field(default_factory=set)  # (assignment id, performance id) judge missed reader

    @property
    def complete(self) -> bool:
        return self.missing == 0 and any(not a.excluded for a in self.assignments)

    @property
    def unresolved_ties(self) -> list[int]:
        return sorted({row.rank for row in self.rows if row.tie_unresolved})

    def tied_at(self, rank: int) -> list[RankedPerformance]:
        """Return the readers who share ``rank`` and wait for the jury's decision."""
        return [row for row in self.rows if row.rank == rank and row.tie_unresolved]


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
    2. A performance's total is the mean over the judges (not excluded, not absent for that
       reader) who scored it fully.
    3. Equal totals are split by the championship's tie-break rule; readers still equal share
       the rank and are flagged for the jury, unless a recorded jury decision orders them.
    """
    championship = heat.round.championship
    criteria = list(championship.criteria.all())
    slots = score_slots(criteria=criteria)
    assignments = list(heat.judge_assignments.select_related("judge"))
    performances = list(
        heat.performances.filter(withdrawn_at=None).select_related("contestant__school")
    )
    points = {}
    for assignment_id, performance_id, criterion_id, part, value in Score.objects.filter(
        performance__heat=heat
    ).values_list("assignment_id", "performance_id", "criterion_id", "part", "points"):
        points[(assignment_id, performance_id, criterion_id, part)] = value
    absent = set(
        ReaderJudgement.objects.filter(performance__heat=heat, absent=True).values_list(
            "assignment_id", "performance_id"
        )
    )
    rows = []
    missing = 0
    missing_by = []
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
            if assignment.excluded or (assignment.pk, performance.pk) in absent:
                continue
            if any(value is None for value in values.values()):
                count = sum(1 for value in values.values() if value is None)
                missing += count
                missing_by.append((assignment, performance, count))
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
    missing_by.sort(key=lambda item: (item[1].running_position or 0, item[1].pk))
    return HeatResult(
        heat=heat,
        slots=slots,
        assignments=assignments,
        rows=rows,
        missing=missing,
        missing_by=missing_by,
        absent=absent,
    )


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
