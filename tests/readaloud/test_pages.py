import pytest
from django.urls import reverse

from readaloud import services
from readaloud.models import Championship, Contestant, Heat, Score
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import (
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    NoConsentContestantFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


def test_creating_an_edition_adds_the_default_criteria(librarian_client):
    organiser = PartnershipFactory()

    response = librarian_client.post(
        reverse("readaloud:championship_create"),
        {
            "name": "Syddjursmesterskaberne i oplæsning 2028",
            "year": 2028,
            "organiser": organiser.pk,
            "grade_from": 4,
            "grade_to": 6,
            "status": "planning",
            "tie_break": "unseen_interpretation",
        },
    )

    championship = Championship.objects.get(year=2028)
    assert response.status_code == 302
    assert list(championship.criteria.values_list("code", flat=True)) == [
        "technique",
        "interpretation",
        "text_choice",
        "audience",
    ]
    assert championship.criteria.get(code="text_choice").applies_to == "chosen"


def test_bad_edition_input_rerenders_with_errors_and_saves_nothing(librarian_client):
    response = librarian_client.post(
        reverse("readaloud:championship_create"),
        {"name": "Uden år", "grade_from": 6, "grade_to": 4, "status": "planning"},
    )

    assert response.status_code == 200
    assert 'value="Uden år"' in response.content.decode()
    assert not Championship.objects.exists()


def test_copying_last_year_is_one_action(librarian_client, heat, championship):
    response = librarian_client.post(reverse("readaloud:championship_copy", args=[championship.pk]))

    copy = Championship.objects.get(year=championship.year + 1)
    assert response.url == copy.get_absolute_url()
    assert Heat.objects.filter(round__championship=copy).count() == 1


def test_copying_twice_says_the_edition_exists(librarian_client, championship):
    url = reverse("readaloud:championship_copy", args=[championship.pk])
    librarian_client.post(url)

    response = librarian_client.post(url, follow=True)

    assert "Der findes allerede en udgave" in response.content.decode()
    assert Championship.objects.filter(year=championship.year + 1).count() == 1


def test_the_edition_page_shows_when_the_data_will_be_anonymised(librarian_client, championship):
    import datetime

    championship.retention_date = datetime.date(2027, 9, 1)
    championship.save()

    content = librarian_client.get(championship.get_absolute_url()).content.decode()

    assert "anonymiseret" in content
    assert "1. september 2027" in content


def test_contestant_form_keeps_the_input_and_requires_complete_consent(
    librarian_client, championship, school
):
    response = librarian_client.post(
        reverse("readaloud:contestant_create", args=[championship.pk]),
        {
            "first_name": "Halv",
            "last_name": "Samtykke",
            "school": school.pk,
            "grade": 5,
            "consent_given_by": "Far",
        },
    )

    content = response.content.decode()
    errors = response.context["form"].errors.as_data()
    assert response.status_code == 200
    assert 'value="Halv"' in content
    assert [e.code for e in errors["consent_given_at"]] == ["consent_incomplete"]
    assert [e.code for e in errors["consent_method"]] == ["consent_incomplete"]
    assert not Contestant.objects.exists()


def test_contestant_grade_must_be_eligible(librarian_client, championship, school):
    response = librarian_client.post(
        reverse("readaloud:contestant_create", args=[championship.pk]),
        {"first_name": "Lille", "school": school.pk, "grade": 1},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["grade"][0].code == "grade_not_eligible"
    assert not Contestant.objects.exists()


def test_placing_without_consent_shows_a_clear_danish_message(librarian_client, heat):
    contestant = NoConsentContestantFactory(championship=heat.round.championship, first_name="Ida")

    response = librarian_client.post(
        reverse("readaloud:heat_place", args=[heat.pk]), {"contestant": contestant.pk}, follow=True
    )

    assert "kan ikke placeres i et heat" in response.content.decode()
    assert not heat.performances.exists()


def test_the_organiser_places_draws_and_closes_a_heat(librarian_client, heat, judge):
    contestants = [ContestantFactory(championship=heat.round.championship) for _ in range(3)]
    for contestant in contestants:
        librarian_client.post(
            reverse("readaloud:heat_place", args=[heat.pk]), {"contestant": contestant.pk}
        )
    librarian_client.post(reverse("readaloud:heat_judge_add", args=[heat.pk]), {"judge": judge.pk})
    librarian_client.post(reverse("readaloud:heat_draw", args=[heat.pk]))
    assignment = heat.judge_assignments.get()
    for performance in heat.performances.all():
        give_points(assignment, performance, {}, default=3 + performance.running_position % 2)

    response = librarian_client.post(reverse("readaloud:heat_close", args=[heat.pk]))

    heat.refresh_from_db()
    assert response.url == reverse("readaloud:heat_results", args=[heat.pk])
    assert heat.closed_at is not None
    assert sorted(heat.performances.values_list("running_position", flat=True)) == [1, 2, 3]
    assert set(heat.performances.values_list("rank", flat=True)) == {1, 3}


def test_the_heat_cannot_close_with_missing_scores_and_says_so(librarian_client, heat, place):
    place()
    JudgeAssignmentFactory(heat=heat)

    response = librarian_client.post(reverse("readaloud:heat_close", args=[heat.pk]), follow=True)

    assert "mangler" in response.content.decode()
    heat.refresh_from_db()
    assert heat.closed_at is None


def test_a_judge_scores_on_the_phone_screen_and_is_sent_to_the_next_reader(
    judge_client, judge, heat, place
):
    first, second = place(), place()
    JudgeAssignmentFactory(heat=heat, judge=judge)
    criteria = list(heat.round.championship.criteria.all())
    data = {f"s_{c.pk}_{part}": 4 for c in criteria for part in c.parts()}
    data["save_and_next"] = "1"

    response = judge_client.post(reverse("readaloud:judge_score", args=[heat.pk, first.pk]), data)

    assert response.url == reverse("readaloud:judge_score", args=[heat.pk, second.pk])
    assert Score.objects.filter(performance=first).count() == 7


def test_a_judge_can_save_part_of_the_scores_and_come_back(judge_client, judge, heat, place):
    performance = place()
    JudgeAssignmentFactory(heat=heat, judge=judge)
    criterion = heat.round.championship.criteria.get(code="technique")
    url = reverse("readaloud:judge_score", args=[heat.pk, performance.pk])

    judge_client.post(url, {f"s_{criterion.pk}_chosen": 5})
    page = judge_client.get(url).content.decode()

    assert Score.objects.get().points == 5
    assert 'value="5"' in page


def test_too_many_points_rerender_with_the_input_and_save_nothing(judge_client, judge, heat, place):
    performance = place()
    JudgeAssignmentFactory(heat=heat, judge=judge)
    technique = heat.round.championship.criteria.get(code="technique")
    interpretation = heat.round.championship.criteria.get(code="interpretation")

    response = judge_client.post(
        reverse("readaloud:judge_score", args=[heat.pk, performance.pk]),
        {f"s_{technique.pk}_chosen": 9, f"s_{interpretation.pk}_chosen": 4},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Højst 5 point" in content
    assert 'value="4"' in content
    assert not Score.objects.exists()


def test_scores_are_read_only_once_the_heat_is_closed(judge_client, judge, heat, place, librarian):
    performance = place()
    assignment = JudgeAssignmentFactory(heat=heat, judge=judge)
    give_points(assignment, performance, {}, default=3)
    services.heat_close(heat=heat, by=librarian)
    technique = heat.round.championship.criteria.get(code="technique")

    response = judge_client.post(
        reverse("readaloud:judge_score", args=[heat.pk, performance.pk]),
        {f"s_{technique.pk}_chosen": 5},
        follow=True,
    )

    assert "lukket" in response.content.decode()
    assert Score.objects.get(criterion=technique, part="chosen").points == 3


def test_the_organiser_types_in_a_paper_score_sheet(librarian_client, heat, place):
    performance = place()
    assignment = JudgeAssignmentFactory(heat=heat)
    technique = heat.round.championship.criteria.get(code="technique")

    librarian_client.post(
        reverse("readaloud:organiser_score", args=[heat.pk, assignment.pk, performance.pk]),
        {f"s_{technique.pk}_unseen": 2},
    )

    assert Score.objects.get().assignment == assignment


def test_the_public_page_shows_names_only_with_publish_consent(
    anonymous_client, heat, place, librarian, assign
):
    judge = assign()
    named = place(first_name="Synlig", last_name="Navn")
    hidden = place(first_name="Skjult", last_name="Navn", publish_consent=False)
    gone = place(first_name="Trukket", last_name="Tilbage")
    for default, performance in ((5, named), (4, hidden), (3, gone)):
        give_points(judge, performance, {}, default=default)
    services.heat_close(heat=heat, by=librarian)
    services.consent_withdraw(contestant=gone.contestant, by=librarian)
    services.heat_release(heat=heat, by=librarian)

    content = anonymous_client.get(
        reverse("readaloud:public_results", args=[heat.round.championship_id])
    ).content.decode()

    assert "Synlig Navn" in content
    assert "Skjult" not in content
    assert f"Oplæser fra {hidden.contestant.school.name}" in content
    assert "Trukket" not in content
    assert (
        gone.contestant.school.name not in content
        or gone.contestant.school == hidden.contestant.school
    )


def test_the_internal_results_show_every_judge_and_flag_shared_ranks(
    librarian_client, heat, place, assign, librarian
):
    first, second = assign(), assign()
    alma, bo = place(first_name="Alma"), place(first_name="Bo")
    for judge in (first, second):
        give_points(judge, alma, {}, default=4)
        give_points(judge, bo, {}, default=4)
    services.heat_close(heat=heat, by=librarian)

    content = librarian_client.get(
        reverse("readaloud:heat_results", args=[heat.pk])
    ).content.decode()

    assert str(first.judge) in content and str(second.judge) in content
    assert "juryen afgør" in content.lower()


def test_diplomas_for_every_reader_with_the_winner_marked(
    librarian_client, heat, place, assign, librarian
):
    judge = assign()
    give_points(judge, place(first_name="Alma"), {}, default=4)
    give_points(judge, place(first_name="Bo"), {}, default=3)
    services.heat_close(heat=heat, by=librarian)

    response = librarian_client.get(
        reverse("readaloud:diplomas", args=[heat.round.championship_id])
    )

    diplomas = response.context["diplomas"]
    assert len(diplomas) == 2
    assert [d.champion for d in sorted(diplomas, key=lambda d: d.rank)] == [True, False]
    assert [d.title for d in sorted(diplomas, key=lambda d: d.rank)] == ["Vinder", "Finalist"]
    content = response.content.decode()
    assert "Vinder" in content
    assert "diploma-signature" in content
    assert "css/diplomas.css" in content


def _build_results(championship, heat, judges, readers, librarian):
    assignments = [JudgeAssignmentFactory(heat=heat) for _ in range(judges)]
    for index in range(readers):
        performance = services.contestant_place(
            contestant=ContestantFactory(championship=championship), heat=heat
        )
        for assignment in assignments:
            give_points(assignment, performance, {}, default=index % 6)
    services.heat_close(heat=heat, by=librarian)


@pytest.mark.parametrize("readers", [3, 15])
def test_results_pages_use_a_bounded_number_of_queries(
    readers,
    librarian_client,
    anonymous_client,
    championship,
    heat,
    librarian,
    django_assert_max_num_queries,
):
    _build_results(championship, heat, judges=2, readers=readers, librarian=librarian)
    HeatFactory(round=heat.round)

    with django_assert_max_num_queries(25):
        librarian_client.get(reverse("readaloud:heat_results", args=[heat.pk]))
    with django_assert_max_num_queries(12):
        anonymous_client.get(reverse("readaloud:public_results", args=[championship.pk]))
    with django_assert_max_num_queries(15):
        librarian_client.get(reverse("readaloud:diplomas", args=[championship.pk]))
    with django_assert_max_num_queries(20):
        librarian_client.get(reverse("readaloud:heat_detail", args=[heat.pk]))


@pytest.mark.parametrize("size", [2, 12])
def test_list_pages_use_a_bounded_number_of_queries(
    size, librarian_client, judge_client, judge, championship, heat, django_assert_max_num_queries
):
    for _ in range(size):
        ContestantFactory(championship=championship)
        JudgeAssignmentFactory(heat=HeatFactory(round=heat.round), judge=judge)

    with django_assert_max_num_queries(12):
        librarian_client.get(reverse("readaloud:championship_list"))
    with django_assert_max_num_queries(12):
        librarian_client.get(reverse("readaloud:contestant_list", args=[championship.pk]))
    with django_assert_max_num_queries(15):
        librarian_client.get(championship.get_absolute_url())
    with django_assert_max_num_queries(12):
        judge_client.get(reverse("readaloud:judge_home"))


def test_scores_are_saved_as_the_judge_types_with_htmx(judge_client, judge, heat, place):
    performance = place()
    JudgeAssignmentFactory(heat=heat, judge=judge)
    technique = heat.round.championship.criteria.get(code="technique")
    url = reverse("readaloud:judge_score", args=[heat.pk, performance.pk])

    saved = judge_client.post(url, {f"s_{technique.pk}_chosen": 4}, HTTP_HX_REQUEST="true")
    refused = judge_client.post(url, {f"s_{technique.pk}_chosen": 8}, HTTP_HX_REQUEST="true")

    assert 'id="save-status"' in saved.content.decode()
    assert "Gemt kl." in saved.content.decode()
    assert "Højst 5 point" in refused.content.decode()
    assert Score.objects.get().points == 4


def test_the_organiser_adjusts_weights_and_maximums(librarian_client, championship):
    from readaloud.models import Criterion

    criteria = list(championship.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, criterion in enumerate(criteria):
        data.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-name": criterion.name,
                f"criteria-{index}-max_points": 10 if criterion.code == "technique" else 5,
                f"criteria-{index}-weight": "2" if criterion.code == "interpretation" else "1",
                f"criteria-{index}-applies_to": criterion.applies_to,
                f"criteria-{index}-code": criterion.code,
                f"criteria-{index}-position": criterion.position,
            }
        )
    data[f"criteria-{len(criteria) - 1}-DELETE"] = "on"

    response = librarian_client.post(
        reverse("readaloud:criteria_update", args=[championship.pk]), data
    )

    assert response.status_code == 302
    assert championship.criteria.get(code="technique").max_points == 10
    assert championship.criteria.get(code="interpretation").weight == 2
    assert not Criterion.objects.filter(championship=championship, code="audience").exists()


def test_a_maximum_below_given_scores_is_refused(librarian_client, librarian, heat, place, assign):
    championship = heat.round.championship
    give_points(assign(), place(), {"technique": 5})
    services.criteria_reopen(championship=championship, reason="Forkert maksimum", by=librarian)
    technique = championship.criteria.get(code="technique")
    criteria = list(championship.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, criterion in enumerate(criteria):
        data.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-name": criterion.name,
                f"criteria-{index}-max_points": 3 if criterion == technique else 5,
                f"criteria-{index}-weight": "1",
                f"criteria-{index}-applies_to": criterion.applies_to,
                f"criteria-{index}-code": criterion.code,
                f"criteria-{index}-position": criterion.position,
            }
        )

    response = librarian_client.post(
        reverse("readaloud:criteria_update", args=[championship.pk]), data
    )

    assert response.status_code == 200
    technique_errors = response.context["formset"].forms[criteria.index(technique)].errors
    assert technique_errors.as_data()["max_points"][0].code == "below_given_scores"
    technique.refresh_from_db()
    assert technique.max_points == 5


@pytest.mark.parametrize("readers", [2, 12])
def test_judge_pages_use_a_bounded_number_of_queries(
    readers, judge_client, judge, heat, place, django_assert_max_num_queries
):
    performances = [place() for _ in range(readers)]
    JudgeAssignmentFactory(heat=heat, judge=judge)

    with django_assert_max_num_queries(12):
        judge_client.get(reverse("readaloud:judge_heat", args=[heat.pk]))
    with django_assert_max_num_queries(14):
        judge_client.get(reverse("readaloud:judge_score", args=[heat.pk, performances[-1].pk]))


def test_a_next_field_is_a_return_address_not_save_and_go_on(judge_client, judge, heat, place):
    first, _second = place(), place()
    JudgeAssignmentFactory(heat=heat, judge=judge)
    technique = heat.round.championship.criteria.get(code="technique")
    url = reverse("readaloud:judge_score", args=[heat.pk, first.pk])

    response = judge_client.post(url, {f"s_{technique.pk}_chosen": 4, "next": "1"})

    assert response.url == url
    assert Score.objects.get().points == 4


def test_the_blank_score_sheets_have_a_line_per_criterion_and_text(librarian_client, heat, place):
    place(first_name="Alma", class_name="")

    content = librarian_client.get(
        reverse("readaloud:heat_score_sheets", args=[heat.pk])
    ).content.decode()

    assert content.count("Selvvalgt tekst") == 4
    assert content.count("Ukendt tekst") == 3
