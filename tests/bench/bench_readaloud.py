"""Benchmark of the championship's heaviest pages: not collected by default.

Run: .venv/bin/pytest -q -s tests/bench/bench_readaloud.py
It prints how long ranking and rendering take and how many queries they use for a
large heat; it asserts nothing about time (machines differ), only that it works.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from readaloud import services
from readaloud.models import Score
from tests.readaloud.factories import (
    ChampionshipFactory,
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    RoundFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize(("readers", "judges"), [(20, 3), (80, 5)])
def test_bench_ranking_and_results_of_a_large_heat(readers, judges, librarian_client, librarian):
    championship = ChampionshipFactory()
    heat = HeatFactory(round=RoundFactory(championship=championship, number=1))
    assignments = [JudgeAssignmentFactory(heat=heat) for _ in range(judges)]
    slots = services.score_slots(criteria=list(championship.criteria.all()))
    scores = []
    for index in range(readers):
        performance = services.contestant_place(
            contestant=ContestantFactory(championship=championship), heat=heat
        )
        for assignment in assignments:
            for position, (criterion, part) in enumerate(slots):
                scores.append(
                    Score(
                        assignment=assignment,
                        performance=performance,
                        criterion=criterion,
                        part=part,
                        points=(index * 7 + position) % (criterion.max_points + 1),
                        max_points=criterion.max_points,
                    )
                )
    Score.objects.bulk_create(scores)

    timings = {}
    for label, action in [
        ("rank", lambda: services.heat_result(heat=heat)),
        ("close", lambda: services.heat_close(heat=heat, by=librarian)),
        (
            "results page",
            lambda: librarian_client.get(reverse("readaloud:heat_results", args=[heat.pk])),
        ),
        (
            "public page",
            lambda: librarian_client.get(
                reverse("readaloud:public_results", args=[championship.pk])
            ),
        ),
    ]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            action()
            timings[label] = (time.perf_counter() - start, len(queries))
    print(f"\n{readers} readers x {judges} judges x {len(slots)} score slots:")
    for label, (seconds, count) in timings.items():
        print(f"  {label:<13} {seconds * 1000:8.1f} ms  {count:4d} queries")
    assert heat.performances.exclude(rank=None).count() == readers
