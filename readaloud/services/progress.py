"""How far the judges are with a heat: the organiser's judge-by-reader matrix."""

from dataclasses import dataclass

from readaloud.models import Heat, JudgeAssignment, Performance
from readaloud.services.ranking import HeatResult, heat_result


@dataclass
class ProgressCell:
    state: str  # "done", "partial", "missing", "absent" or "excluded"
    scored: int


@dataclass
class ProgressRow:
    performance: Performance
    cells: list[ProgressCell]  # in the order of the assignments


@dataclass
class HeatProgress:
    assignments: list[JudgeAssignment]
    rows: list[ProgressRow]
    slot_count: int
    missing: int

    @property
    def complete(self) -> bool:
        return self.missing == 0 and any(not a.excluded for a in self.assignments)


def heat_progress(*, heat: Heat, result: HeatResult | None = None) -> HeatProgress:
    """Return for every judge and reader how many of the scores are in."""
    result = result or heat_result(heat=heat)
    slot_count = len(result.slots)
    rows = []
    ordered = sorted(
        result.rows, key=lambda r: (r.performance.running_position or 0, r.performance.pk)
    )
    for row in ordered:
        cells = []
        for assignment in result.assignments:
            scored = sum(1 for key in row.points if key[0] == assignment.pk)
            if assignment.excluded:
                state = "excluded"
            elif (assignment.pk, row.performance.pk) in result.absent:
                state = "absent"
            elif scored >= slot_count:
                state = "done"
            else:
                state = "partial" if scored else "missing"
            cells.append(ProgressCell(state=state, scored=scored))
        rows.append(ProgressRow(performance=row.performance, cells=cells))
    return HeatProgress(
        assignments=result.assignments, rows=rows, slot_count=slot_count, missing=result.missing
    )
