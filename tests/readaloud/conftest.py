"""Fixtures for the championship tests: a heat with judges and readers, and a scoring helper."""

import pytest

from readaloud import services
from readaloud.models import Performance, TextPart
from tests.readaloud.factories import (
    ChampionshipFactory,
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    RoundFactory,
)


def give_points(assignment, performance, by_code: dict, default: int = 3):
    """Score ``performance`` for ``assignment``'s judge: ``{"technique": 4, ("technique", "unseen"): 2}``."""
    points = {}
    for criterion in assignment.heat.round.championship.criteria.all():
        for part in criterion.parts():
            value = by_code.get((criterion.code, part), by_code.get(criterion.code, default))
            points[(criterion.pk, part)] = value
    services.score_save(assignment=assignment, performance=performance, points=points)


@pytest.fixture
def championship(db):
    return ChampionshipFactory()


@pytest.fixture
def heat(championship):
    return HeatFactory(round=RoundFactory(championship=championship, number=1), name="Skolerunde")


@pytest.fixture
def place(heat):
    def _place(contestant=None, target=None, **kwargs):
        target = target or heat
        contestant = contestant or ContestantFactory(
            championship=target.round.championship, **kwargs
        )
        return services.contestant_place(contestant=contestant, heat=target)

    return _place


@pytest.fixture
def assign(heat):
    def _assign(judge=None, target=None):
        kwargs = {"heat": target or heat}
        if judge is not None:
            kwargs["judge"] = judge
        return JudgeAssignmentFactory(**kwargs)

    return _assign


__all__ = ["Performance", "TextPart", "give_points"]
