"""Public results, participation statistics and diplomas."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from readaloud.models import (
    Championship,
    Contestant,
    Heat,
    Performance,
    Round,
)


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
