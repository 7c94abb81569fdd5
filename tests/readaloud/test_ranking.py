import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from readaloud import services
from readaloud.models import (
    Advancement,
    Championship,
    Criterion,
    Heat,
    Performance,
    Round,
    Score,
)
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import (
    ContestantFactory,
    HeatFactory,
    NoConsentContestantFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


def ranks(heat):
    result = services.heat_result(heat=heat)
    return {
        row.contestant.first_name: (row.rank, row.total, row.tie_unresolved) for row in result.rows
    }


def test_total_is_the_weighted_sum_of_the_criteria(heat, place, assign, championship):
    Criterion.objects.filter(championship=championship, code="technique").update(
        weight=Decimal("2")
    )
    judge = assign()
    performance = place(first_name="Alma")
    give_points(judge, performance, {"technique": 5})

    # technique 5 times weight 2 in both texts = 20, plus five other slots of 3 points
    assert ranks(heat)["Alma"][1] == Decimal("35.000")


def test_total_is_averaged_over_the_judges(heat, place, assign):
    first, second = assign(), assign()
    performance = place(first_name="Alma")
    give_points(first, performance, {}, default=3)
    give_points(second, performance, {}, default=4)

    assert ranks(heat)["Alma"][1] == Decimal("24.500")


def test_higher_total_ranks_first(heat, place, assign):
    judge = assign()
    give_points(judge, place(first_name="Alma"), {}, default=3)
    give_points(judge, place(first_name="Bo"), {}, default=4)

    assert ranks(heat)["Bo"][0] == 1
    assert ranks(heat)["Alma"][0] == 2


def test_equal_totals_are_split_by_the_unseen_text_score(heat, place, assign):
    judge = assign()
    give_points(
        judge, place(first_name="Alma"), {("technique", "chosen"): 5, ("technique", "unseen"): 3}
    )
    give_points(
        judge, place(first_name="Bo"), {("technique", "chosen"): 3, ("technique", "unseen"): 5}
    )

    result = ranks(heat)
    assert result["Alma"][1] == result["Bo"][1]
    assert result["Bo"][0] == 1
    assert result["Alma"][0] == 2
    assert not result["Alma"][2]


def test_then_by_the_interpretation_score(heat, place, assign):
    judge = assign()
    give_points(
        judge,
        place(first_name="Alma"),
        {("interpretation", "unseen"): 4, ("audience", "unseen"): 2},
    )
    give_points(
        judge,
        place(first_name="Bo"),
        {("interpretation", "unseen"): 2, ("audience", "unseen"): 4},
    )

    result = ranks(heat)
    assert result["Alma"][0] == 1
    assert result["Bo"][0] == 2


def test_the_tie_break_rule_is_configurable(heat, place, assign, championship):
    championship.tie_break = Championship.TieBreak.JURY
    championship.save()
    judge = assign()
    give_points(
        judge, place(first_name="Alma"), {("technique", "chosen"): 5, ("technique", "unseen"): 3}
    )
    give_points(
        judge, place(first_name="Bo"), {("technique", "chosen"): 3, ("technique", "unseen"): 5}
    )

    result = ranks(heat)
    assert result["Alma"][0] == result["Bo"][0] == 1
    assert result["Alma"][2] and result["Bo"][2]


def test_readers_still_equal_share_the_rank_flagged_for_the_jury(heat, place, assign):
    judge = assign()
    give_points(judge, place(first_name="Alma"), {}, default=4)
    give_points(judge, place(first_name="Bo"), {}, default=4)
    give_points(judge, place(first_name="Cai"), {}, default=2)

    result = ranks(heat)
    assert result["Alma"][0] == result["Bo"][0] == 1
    assert result["Alma"][2] and result["Bo"][2]
    assert result["Cai"][0] == 3
    assert not result["Cai"][2]


def test_the_jury_decision_is_recorded_and_orders_the_tie(heat, place, assign, librarian):
    judge = assign()
    alma, bo = place(first_name="Alma"), place(first_name="Bo")
    give_points(judge, alma, {}, default=4)
    give_points(judge, bo, {}, default=4)
    services.heat_close(heat=heat, by=librarian)

    services.tie_decide(heat=heat, rank=1, order=[bo.pk, alma.pk], note="Roligere", by=librarian)

    alma.refresh_from_db()
    bo.refresh_from_db()
    assert (bo.rank, alma.rank) == (1, 2)
    assert not alma.tie_unresolved
    assert heat.tie_decisions.get().note == "Roligere"


def test_a_heat_cannot_close_while_a_judge_has_not_scored(heat, place, assign, librarian):
    present, _absent = assign(), assign()
    performance = place(first_name="Alma")
    give_points(present, performance, {}, default=3)

    with pytest.raises(ValidationError) as excinfo:
        services.heat_close(heat=heat, by=librarian)
    assert excinfo.value.code == "scores_missing"


def test_an_excluded_absent_judge_lets_the_heat_close_on_the_others_scores(
    heat, place, assign, librarian
):
    present, absent = assign(), assign()
    performance = place(first_name="Alma")
    give_points(present, performance, {}, default=3)

    services.judge_exclude(assignment=absent, reason="Syg", by=librarian)
    services.heat_close(heat=heat, by=librarian)

    performance.refresh_from_db()
    absent.refresh_from_db()
    assert performance.total == Decimal("21.000")
    assert performance.rank == 1
    assert absent.excluded_reason == "Syg"
    assert absent.excluded_by == librarian


def test_excluding_a_judge_needs_a_reason(heat, assign, librarian):
    with pytest.raises(ValidationError) as excinfo:
        services.judge_exclude(assignment=assign(), reason=" ", by=librarian)
    assert excinfo.value.code == "reason_required"


@pytest.fixture
def two_rounds(championship):
    """Two school heats whose winners go on to one final."""
    school_round = RoundFactory(championship=championship, number=5, advance_count=1)
    final = HeatFactory(
        round=RoundFactory(championship=championship, number=6, kind=Round.Kind.FINAL),
        name="Finale",
    )
    first = HeatFactory(round=school_round, name="A", feeds_into=final)
    second = HeatFactory(round=school_round, name="B", feeds_into=final)
    return first, second, final


def test_the_top_n_advance_to_the_next_rounds_heat_when_the_heat_closes(
    two_rounds, place, assign, librarian
):
    first, _second, final = two_rounds
    judge = assign(target=first)
    give_points(judge, place(first_name="Alma", target=first), {}, default=4)
    give_points(judge, place(first_name="Bo", target=first), {}, default=3)

    services.heat_close(heat=first, by=librarian)

    assert [p.contestant.first_name for p in final.performances.all()] == ["Alma"]
    advancement = Advancement.objects.get()
    assert advancement.kind == Advancement.Kind.QUALIFIED
    assert advancement.created_by == librarian


def test_when_a_winner_withdraws_the_next_steps_in_and_it_is_recorded(
    two_rounds, place, assign, librarian
):
    first, _second, final = two_rounds
    judge = assign(target=first)
    alma = place(first_name="Alma", target=first)
    give_points(judge, alma, {}, default=4)
    give_points(judge, place(first_name="Bo", target=first), {}, default=3)
    services.heat_close(heat=first, by=librarian)

    stepped_in = services.contestant_withdraw(contestant=alma.contestant, by=librarian)

    alma.contestant.refresh_from_db()
    assert alma.contestant.withdrawn_by == librarian

    assert [p.contestant.first_name for p in final.performances.all()] == ["Bo"]
    assert [p.heat for p in stepped_in] == [final]
    step = Advancement.objects.get(from_performance__contestant=stepped_in[0].contestant)
    assert step.kind == Advancement.Kind.STEPPED_IN
    assert step.replaces.from_performance == alma
    assert step.replaces.cancelled_at is not None


def test_a_tie_across_the_cut_waits_for_the_jury(two_rounds, place, assign, librarian):
    first, _second, final = two_rounds
    judge = assign(target=first)
    alma = place(first_name="Alma", target=first)
    bo = place(first_name="Bo", target=first)
    give_points(judge, alma, {}, default=4)
    give_points(judge, bo, {}, default=4)

    services.heat_close(heat=first, by=librarian)
    assert final.performances.count() == 0

    services.tie_decide(heat=first, rank=1, order=[bo.pk, alma.pk], note="", by=librarian)
    assert [p.contestant.first_name for p in final.performances.all()] == ["Bo"]


def test_placing_a_reader_without_consent_is_refused(heat):
    contestant = NoConsentContestantFactory(championship=heat.round.championship, first_name="Alma")

    with pytest.raises(ValidationError) as excinfo:
        services.contestant_place(contestant=contestant, heat=heat)
    assert excinfo.value.code == "no_consent"
    assert not Performance.objects.exists()


def test_a_withdrawn_consent_blocks_placing_and_takes_the_reader_out_of_coming_heats(
    heat, place, librarian
):
    performance = place(first_name="Alma")
    contestant = performance.contestant

    services.consent_withdraw(contestant=contestant, by=librarian)

    assert not heat.performances.exists()
    contestant.refresh_from_db()
    assert contestant.consent_withdrawn_by == librarian
    with pytest.raises(ValidationError) as excinfo:
        services.contestant_place(contestant=contestant, heat=heat)
    assert excinfo.value.code == "no_consent"


def test_points_above_the_maximum_are_refused(heat, place, assign):
    judge = assign()
    performance = place()
    criterion = heat.round.championship.criteria.get(code="technique")

    with pytest.raises(ValidationError) as excinfo:
        services.score_save(
            assignment=judge, performance=performance, points={(criterion.pk, "chosen"): 6}
        )
    assert excinfo.value.code == "points_out_of_range"
    assert not Score.objects.exists()


def test_the_database_refuses_points_above_the_maximum(heat, place, assign):
    judge = assign()
    performance = place()
    criterion = heat.round.championship.criteria.get(code="technique")

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(
            assignment=judge,
            performance=performance,
            criterion=criterion,
            part="chosen",
            points=9,
            max_points=5,
        )


def test_scores_cannot_change_after_the_heat_is_closed(heat, place, assign, librarian):
    judge = assign()
    performance = place()
    give_points(judge, performance, {}, default=3)
    services.heat_close(heat=heat, by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        give_points(judge, performance, {}, default=5)
    assert excinfo.value.code == "heat_closed"


def test_a_judge_cannot_score_a_performance_of_another_heat(heat, place, assign, championship):
    judge = assign()
    other = HeatFactory(round=heat.round)
    performance = place(target=other)

    with pytest.raises(ValidationError) as excinfo:
        give_points(judge, performance, {}, default=3)
    assert excinfo.value.code == "other_heat"


def test_the_running_order_is_drawn_recorded_and_redrawable_until_the_heat_starts(
    heat, place, assign, librarian
):
    performances = [place() for _ in range(4)]
    services.running_order_draw(heat=heat, by=librarian, rng=random.Random(1))
    services.running_order_draw(heat=heat, by=librarian, rng=random.Random(2))

    positions = sorted(heat.performances.values_list("running_position", flat=True))
    assert positions == [1, 2, 3, 4]
    assert heat.draws.count() == 2

    give_points(assign(), performances[0], {}, default=3)
    with pytest.raises(ValidationError) as excinfo:
        services.running_order_draw(heat=heat, by=librarian)
    assert excinfo.value.code == "heat_started"


def test_copying_an_edition_copies_structure_and_criteria_not_readers(two_rounds, championship):
    ContestantFactory(championship=championship)
    Criterion.objects.filter(championship=championship, code="technique").update(max_points=10)

    copy = services.championship_copy(source=championship)

    assert copy.year == championship.year + 1
    assert copy.rounds.count() == 2
    assert copy.criteria.get(code="technique").max_points == 10
    assert copy.contestants.count() == 0
    new_heats = {h.name: h for h in Heat.objects.filter(round__championship=copy)}
    assert new_heats["A"].feeds_into == new_heats["Finale"]
    assert new_heats["A"].round.date.year == championship.year + 1


def test_copying_into_an_existing_edition_is_refused_with_a_code(championship):
    services.championship_copy(source=championship)

    with pytest.raises(ValidationError) as excinfo:
        services.championship_copy(source=championship)
    assert excinfo.value.code == "edition_exists"
