"""One heat per reader per round, moving and removing placements, per-reader absence, progress."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from readaloud import services
from readaloud.models import Performance, ReaderJudgement
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory, HeatFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_the_database_holds_a_reader_to_one_heat_per_round(heat, place):
    performance = place()
    other = HeatFactory(round=heat.round, name="Anden skole")

    with pytest.raises(IntegrityError), transaction.atomic():
        Performance.objects.create(heat=other, contestant=performance.contestant)


def test_placing_a_reader_in_a_second_heat_of_the_round_is_refused(heat, place):
    performance = place()
    other = HeatFactory(round=heat.round, name="Anden skole")

    with pytest.raises(ValidationError) as error:
        services.contestant_place(contestant=performance.contestant, heat=other)

    assert error.value.code == "already_in_round"


def test_the_place_form_offers_only_readers_not_yet_in_the_round(
    librarian_client, heat, place, championship
):
    placed = place(first_name="Placeret")
    free = ContestantFactory(championship=championship, first_name="Ledig")
    other = HeatFactory(round=heat.round, name="Anden skole")

    page = librarian_client.get(reverse("readaloud:heat_detail", args=[other.pk]))

    choices = list(page.context["place_form"].fields["contestant"].queryset)
    assert free in choices
    assert placed.contestant not in choices


def test_a_placement_can_be_removed_until_scoring_starts(
    librarian_client, librarian, heat, place, assign
):
    removable = place()
    url = reverse("readaloud:placement_remove", args=[removable.pk])

    # It asks first: an unconfirmed request changes nothing.
    asked = librarian_client.post(url)
    assert "bliver taget ud af" in asked.content.decode()
    assert librarian_client.get(url).status_code == 200
    assert Performance.objects.filter(pk=removable.pk).exists()

    librarian_client.post(url, {"confirmed": "1"})

    assert not Performance.objects.filter(pk=removable.pk).exists()

    scored = place()
    give_points(assign(), scored, {}, default=3)

    response = librarian_client.post(
        reverse("readaloud:placement_remove", args=[scored.pk]), {"confirmed": "1"}, follow=True
    )

    assert Performance.objects.filter(pk=scored.pk).exists()
    assert "Bedømmelsen er begyndt" in response.content.decode()


def test_a_placement_moves_to_another_heat_of_the_round(librarian_client, heat, place):
    performance = place()
    other = HeatFactory(round=heat.round, name="Anden skole")

    librarian_client.post(
        reverse("readaloud:placement_move", args=[heat.pk]),
        {"performance": performance.pk, "heat": other.pk},
    )

    assert list(other.performances.values_list("contestant", flat=True)) == [
        performance.contestant_id
    ]
    assert not heat.performances.exists()


def test_a_judge_absent_for_one_reader_is_left_out_of_that_readers_average(
    heat, place, assign, librarian
):
    present, absent = assign(), assign()
    alma, bo = place(first_name="Alma"), place(first_name="Bo")
    give_points(present, alma, {}, default=4)
    give_points(present, bo, {}, default=4)
    give_points(absent, bo, {}, default=2)
    services.reader_judgement_save(assignment=absent, performance=alma, note="", absent=True)

    result = services.heat_result(heat=heat)

    totals = {row.contestant.first_name: row.total for row in result.rows}
    assert totals["Alma"] == Decimal("28.000")  # only the judge who was present
    assert totals["Bo"] == Decimal("21.000")  # (28 + 14) / 2
    assert result.missing == 0
    services.heat_close(heat=heat, by=librarian)


def test_a_judge_saves_notes_and_absence_for_a_reader(judge_client, judge, heat, place, assign):
    assignment = assign(judge=judge)
    performance = place()
    url = reverse("readaloud:judge_score", args=[heat.pk, performance.pk])

    response = judge_client.post(url, {"note": "Flot tempo", "absent": "on"})

    assert response.status_code == 302
    judgement = ReaderJudgement.objects.get(assignment=assignment, performance=performance)
    assert (judgement.note, judgement.absent) == ("Flot tempo", True)


def test_autosave_answers_with_a_confirmation_header(judge_client, judge, heat, place, assign):
    assign(judge=judge)
    performance = place()
    url = reverse("readaloud:judge_score", args=[heat.pk, performance.pk])
    criterion = heat.round.championship.criteria.get(code="technique")

    saved = judge_client.post(url, {f"s_{criterion.pk}_chosen": "4"}, headers={"X-Autosave": "1"})
    refused = judge_client.post(url, {f"s_{criterion.pk}_chosen": "9"}, headers={"X-Autosave": "1"})

    assert (saved.status_code, saved["X-Autosave-Result"]) == (200, "saved")
    assert "Gemt kl." in saved.content.decode()
    assert (refused.status_code, refused["X-Autosave-Result"]) == (400, "refused")
    assert "Gemt" not in refused.content.decode()


def test_the_progress_matrix_shows_each_judge_and_reader(
    librarian_client, heat, place, assign, django_assert_max_num_queries
):
    first, second = assign(), assign()
    alma = place(first_name="Alma")
    place(first_name="Bo")
    give_points(first, alma, {}, default=3)
    services.reader_judgement_save(assignment=second, performance=alma, note="", absent=True)

    with django_assert_max_num_queries(20):
        response = librarian_client.get(
            reverse("readaloud:heat_progress", args=[heat.pk]), headers={"HX-Request": "true"}
        )

    progress = response.context["progress"]
    order = [a.pk for a in progress.assignments]
    states = {
        row.performance.contestant.first_name: dict(
            zip(order, [cell.state for cell in row.cells], strict=True)
        )
        for row in progress.rows
    }
    assert states == {
        "Alma": {first.pk: "done", second.pk: "absent"},
        "Bo": {first.pk: "missing", second.pk: "missing"},
    }
    assert 'hx-trigger="every 10s"' in response.content.decode()


def test_judges_see_open_heats_before_closed_ones(judge_client, judge, heat, place, librarian):
    closed = HeatFactory(round=heat.round, name="Lukket heat")
    assignment = services.judge_assign(heat=closed, judge=judge)
    give_points(assignment, place(target=closed), {}, default=3)
    services.heat_close(heat=closed, by=librarian)
    services.judge_assign(heat=heat, judge=judge)

    response = judge_client.get(reverse("readaloud:judge_home"))

    assert response.context["open_heats"] == [heat]
    assert response.context["closed_heats"] == [closed]
    content = response.content.decode()
    assert content.index(heat.name) < content.index("<details>") < content.index("Lukket heat")


def test_the_schools_reserve_steps_in_before_the_next_in_rank(
    heat, place, assign, librarian, championship
):
    from readaloud.models import Advancement

    final = HeatFactory(round=RoundFactory(championship=championship, number=2), name="Finale")
    judge = assign()
    alma = place(first_name="Alma")
    give_points(judge, alma, {}, default=5)
    give_points(judge, place(first_name="Bo"), {}, default=3)
    services.heat_close(heat=heat, by=librarian)
    reserve = ContestantFactory(
        championship=championship, school=alma.contestant.school, is_reserve=True
    )

    stepped_in = services.contestant_withdraw(contestant=alma.contestant, by=librarian)

    assert [p.contestant for p in stepped_in] == [reserve]
    assert list(final.performances.values_list("contestant", flat=True)) == [reserve.pk]
    cancelled = Advancement.objects.get(from_performance=alma)
    assert cancelled.reserve_performance.contestant == reserve
    # Bo does not also step in, now or when the heat is advanced again.
    services.heat_advance(heat=heat, by=librarian)
    assert final.performances.count() == 1


def test_without_a_reserve_the_next_in_rank_steps_in(heat, place, assign, librarian, championship):
    final = HeatFactory(round=RoundFactory(championship=championship, number=2), name="Finale")
    judge = assign()
    alma = place(first_name="Alma")
    give_points(judge, alma, {}, default=5)
    bo = place(first_name="Bo")
    give_points(judge, bo, {}, default=3)
    services.heat_close(heat=heat, by=librarian)
    ContestantFactory(championship=championship, is_reserve=True)  # another school's reserve

    services.contestant_withdraw(contestant=alma.contestant, by=librarian)

    assert list(final.performances.values_list("contestant", flat=True)) == [bo.contestant_id]


def test_a_reserve_takes_a_withdrawn_readers_place_in_a_heat_not_started(
    heat, place, championship, librarian
):
    alma = place(first_name="Alma")
    reserve = ContestantFactory(
        championship=championship, school=alma.contestant.school, is_reserve=True
    )

    services.contestant_withdraw(contestant=alma.contestant, by=librarian)

    assert list(heat.performances.values_list("contestant", flat=True)) == [reserve.pk]


def test_the_projector_shows_the_reader_on_stage_and_reveals_the_winner_after_release(
    librarian_client, heat, place, assign, librarian
):
    judge = assign()
    named = place(first_name="Navngiven", last_name="Vinder", publish_consent=True)
    hidden = place(first_name="Hemmelig", last_name="Oplæser", publish_consent=False)
    give_points(judge, named, {}, default=5)
    give_points(judge, hidden, {}, default=3)
    url = reverse("readaloud:heat_projector", args=[heat.pk])

    librarian_client.post(reverse("readaloud:heat_stage_next", args=[heat.pk]))
    content = librarian_client.get(url).content.decode()

    assert "Navngiven Vinder" in content
    assert "Hemmelig" not in content
    assert f"Oplæser fra {hidden.contestant.school.name}" in content
    assert "Nu læser" in content

    refused = librarian_client.post(
        reverse("readaloud:heat_reveal", args=[heat.pk]), follow=True
    ).content.decode()
    assert "Frigiv resultaterne, før vinderen vises" in refused

    services.heat_close(heat=heat, by=librarian)
    services.heat_release(heat=heat, by=librarian)
    librarian_client.post(reverse("readaloud:heat_reveal", args=[heat.pk]))

    screen = librarian_client.get(url, headers={"HX-Request": "true"})
    assert screen.context["screen"].winner == "Navngiven Vinder, " + named.contestant.school.name
