"""Results shaped for their pages: public results, a heat's results, participation, diplomas."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils.translation import gettext

from readaloud.models import (
    Championship,
    Contestant,
    Heat,
    JudgeAssignment,
    Performance,
    Round,
)
from readaloud.services.ranking import HeatResult, RankedPerformance, heat_result


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

    @property
    def finalist(self) -> bool:
        return self.round.kind == Round.Kind.FINAL or self.round.number == self.last_round

    @property
    def title(self) -> str:
        """Return what the diploma says the reader earned: winner, finalist or participant."""
        if self.champion:
            return gettext("Winner")
        if self.finalist:
            return gettext("Finalist")
        return gettext("Participant")

    @property
    def date(self):
        return self.heat.effective_date()

    last_round: int | None = None


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
                last_round=last_round,
            )
        )
    return result


@dataclass
class PublicResultRow:
    rank: int
    name: str  # the reader's name and school only with the guardian's consent
    winner: bool


@dataclass
class PublicHeatResults:
    heat: Heat
    rows: list[PublicResultRow]


@dataclass
class PublicRoundResults:
    round: Round
    heats: list[PublicHeatResults]


def public_editions():
    """Return the editions with released results, newest first."""
    return (
        Championship.objects.filter(rounds__heats__released_at__isnull=False)
        .distinct()
        .order_by("-year", "name")
    )


def public_results(*, championship: Championship) -> list[PublicRoundResults]:
    """Return the released results by round, latest round first, names as consent allows.

    Only heats an organiser released are shown. Readers who withdrew, or whose consent was
    withdrawn, are left out and the others close up, so the ranks have no gaps.
    """
    heats = (
        Heat.objects.filter(round__championship=championship)
        .exclude(released_at=None)
        .select_related("round", "round__branch", "round__school", "branch", "school")
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
    rounds: dict[int, PublicRoundResults] = {}
    for heat in heats:
        entry = rounds.setdefault(heat.round_id, PublicRoundResults(round=heat.round, heats=[]))
        rows = []
        for position, performance in enumerate(heat.performances.all(), start=1):
            rows.append(
                PublicResultRow(
                    rank=position,
                    name=performance.contestant.public_name(),
                    winner=position == 1,
                )
            )
        entry.heats.append(PublicHeatResults(heat=heat, rows=rows))
    return list(rounds.values())


@dataclass
class ResultRow:
    """One reader's line in a heat's internal results."""

    performance: Performance
    rank: int | None
    total: Decimal | None
    unseen: Decimal | None
    interpretation: Decimal | None
    judge_totals: list[Decimal | None]  # in the order of the result's assignments
    tie_unresolved: bool  # shares the rank: the jury decides
    decided_by_jury: bool
    tie_broken_by_rule: bool  # an equal total split by the tie-break rule
    advances: bool

    @property
    def contestant(self) -> Contestant:
        return self.performance.contestant


@dataclass
class JudgeSheetRow:
    contestant: Contestant
    points: list[int | None]  # in the order of the result's slots
    total: Decimal | None


@dataclass
class JudgeSheet:
    """One judge's scores for every reader of the heat."""

    assignment: JudgeAssignment
    rows: list[JudgeSheetRow]


@dataclass
class TieGroup:
    rank: int
    rows: list[RankedPerformance]


@dataclass
class HeatResultsTable:
    """What the organiser's results page of a heat shows."""

    result: HeatResult
    rows: list[ResultRow]
    judge_sheets: list[JudgeSheet]
    ties: list[TieGroup]  # ties the jury still decides (only once the heat is closed)
    advancements: list[Performance]  # readers with an advancement, by rank


def heat_results_table(*, heat: Heat) -> HeatResultsTable:
    """Return the ranking of ``heat`` shaped for its results page."""
    result = heat_result(heat=heat)
    advancements = list(
        heat.performances.filter(advancement__isnull=False)
        .select_related("advancement__to_heat__round", "contestant")
        .order_by("rank")
    )
    advancing = {p.pk for p in advancements if p.advancement.cancelled_at is None}
    rows = [
        ResultRow(
            performance=row.performance,
            rank=row.rank,
            total=row.total,
            unseen=row.unseen,
            interpretation=row.interpretation,
            judge_totals=[row.judge_totals.get(a.pk) for a in result.assignments],
            tie_unresolved=row.tie_unresolved,
            decided_by_jury=row.decided_by_jury,
            tie_broken_by_rule=row.tie_broken_by_rule
            and not row.tie_unresolved
            and not row.decided_by_jury,
            advances=row.performance.pk in advancing,
        )
        for row in result.rows
    ]
    judge_sheets = [
        JudgeSheet(
            assignment=assignment,
            rows=[
                JudgeSheetRow(
                    contestant=row.contestant,
                    points=[
                        row.points.get((assignment.pk, c.pk, part)) for c, part in result.slots
                    ],
                    total=row.judge_totals.get(assignment.pk),
                )
                for row in result.rows
            ],
        )
        for assignment in result.assignments
    ]
    ties = []
    if heat.is_closed():
        ties = [TieGroup(rank=rank, rows=result.tied_at(rank)) for rank in result.unresolved_ties]
    return HeatResultsTable(
        result=result, rows=rows, judge_sheets=judge_sheets, ties=ties, advancements=advancements
    )
