"""Object scoping in the championship: own school only, own heats only, the navigation.

Which persona may open which URL at all is checked for every URL by ``tests/access/``.
"""

import pytest
from django.urls import reverse

from partnerships.models import PartnershipMember
from readaloud import services
from readaloud.models import Championship, Contestant, Score
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory, JudgeAssignmentFactory


@pytest.fixture
def edition(championship, heat, partner_member, judge, school):
    """An edition organised by a partnership the partner member belongs to, with a judged heat."""
    PartnershipMember.objects.create(partnership=championship.organiser, user=partner_member)
    contestant = ContestantFactory(championship=championship, school=school, first_name="Egen")
    performance = services.contestant_place(contestant=contestant, heat=heat)
    assignment = JudgeAssignmentFactory(heat=heat, judge=judge)
    return {
        "championship": championship,
        "heat": heat,
        "round": heat.round,
        "contestant": contestant,
        "performance": performance,
        "assignment": assignment,
    }


@pytest.mark.django_db
def test_the_navigation_shows_reading_aloud_to_librarians_partner_members_and_judges(
    librarian_client, partner_member_client, judge_client, staff_a_client
):
    list_url = reverse("readaloud:championship_list")
    judge_url = reverse("readaloud:judge_home")
    dashboard = reverse("dashboard")

    assert list_url in librarian_client.get(dashboard).content.decode()
    assert list_url in partner_member_client.get(dashboard).content.decode()
    assert judge_url in judge_client.get(dashboard).content.decode()
    staff_page = staff_a_client.get(reverse("kindergarten_depots:portal_home")).content.decode()
    assert "/oplaesning/" not in staff_page


@pytest.mark.django_db
def test_a_partner_member_outside_the_organising_partnership_sees_no_edition(
    championship, partner_member_client
):
    response = partner_member_client.get(
        reverse("readaloud:championship_detail", args=[championship.pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_school_librarian_sees_only_their_own_schools_readers(
    edition, partner_member_client, championship
):
    other = ContestantFactory(championship=championship, first_name="Fremmed")

    listing = partner_member_client.get(
        reverse("readaloud:contestant_list", args=[championship.pk])
    ).content.decode()
    edit = partner_member_client.get(reverse("readaloud:contestant_update", args=[other.pk]))
    forged = partner_member_client.post(
        reverse("readaloud:contestant_update", args=[other.pk]),
        {"first_name": "Ændret", "grade": 5},
    )
    withdraw = partner_member_client.post(
        reverse("readaloud:contestant_consent_withdraw", args=[other.pk])
    )

    assert "Egen" in listing
    assert "Fremmed" not in listing
    assert edit.status_code == forged.status_code == withdraw.status_code == 404
    other.refresh_from_db()
    assert other.first_name == "Fremmed"
    assert other.has_consent()


@pytest.mark.django_db
def test_a_school_librarian_registers_readers_for_their_own_school_only(
    edition, partner_member_client, championship, school
):
    from tests.partnerships.factories import SchoolFactory

    elsewhere = SchoolFactory()
    response = partner_member_client.post(
        reverse("readaloud:contestant_create", args=[championship.pk]),
        {
            "first_name": "Ny",
            "last_name": "Læser",
            "school": elsewhere.pk,
            "grade": 5,
            "class_name": "5.a",
            "consent_given_by": "Mor",
            "consent_given_at": "2026-01-05",
            "consent_method": "email",
        },
    )

    assert response.status_code == 302
    assert Contestant.objects.get(first_name="Ny").school == school


@pytest.mark.django_db
def test_a_judge_cannot_score_another_heat_even_with_a_forged_post(edition, judge_client, place):
    from tests.readaloud.factories import HeatFactory

    other_heat = HeatFactory(round=edition["round"])
    other = place(target=other_heat)
    criterion = edition["championship"].criteria.first()
    field = f"s_{criterion.pk}_chosen"

    other_heat_url = reverse("readaloud:judge_score", args=[other_heat.pk, other.pk])
    wrong_pairing = reverse("readaloud:judge_score", args=[edition["heat"].pk, other.pk])

    assert judge_client.get(other_heat_url).status_code == 404
    assert judge_client.post(other_heat_url, {field: 3}).status_code == 404
    assert judge_client.post(wrong_pairing, {field: 3}).status_code == 404
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_an_excluded_judge_can_no_longer_score(edition, judge_client, librarian):
    services.judge_exclude(assignment=edition["assignment"], reason="Syg", by=librarian)

    response = judge_client.get(
        reverse("readaloud:judge_score", args=[edition["heat"].pk, edition["performance"].pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_kindergarten_staff_get_nothing_from_the_championship(edition, staff_a_client):
    response = staff_a_client.get(reverse("readaloud:championship_list"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_give_points_helper_is_consistent_with_the_view(edition):
    give_points(edition["assignment"], edition["performance"], {}, default=2)

    assert Score.objects.count() == 7


@pytest.mark.django_db
def test_a_librarian_assigned_as_judge_scores_like_a_judge(edition, librarian, librarian_client):
    JudgeAssignmentFactory(heat=edition["heat"], judge=librarian)
    criterion = edition["championship"].criteria.first()

    home = librarian_client.get(reverse("readaloud:judge_home")).content.decode()
    librarian_client.post(
        reverse("readaloud:judge_score", args=[edition["heat"].pk, edition["performance"].pk]),
        {f"s_{criterion.pk}_chosen": 4},
    )

    assert str(edition["heat"]) in home
    assert Score.objects.get().assignment.judge == librarian


@pytest.mark.django_db
def test_every_championship_model_has_a_working_admin(edition, admin_client_):
    from django.contrib import admin

    from readaloud import models

    for model in (
        models.Championship,
        models.Round,
        models.Heat,
        models.Criterion,
        models.Contestant,
        models.Performance,
        models.JudgeAssignment,
        models.Score,
        models.RunningOrderDraw,
        models.TieDecision,
        models.Advancement,
    ):
        assert model in admin.site._registry, model
        opts = model._meta
        changelist = admin_client_.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        assert changelist.status_code == 200, model
    heat_change = admin_client_.get(
        reverse("admin:readaloud_heat_change", args=[edition["heat"].pk])
    )
    assert heat_change.status_code == 200
    contestant_change = admin_client_.get(
        reverse("admin:readaloud_contestant_change", args=[edition["contestant"].pk])
    )
    assert contestant_change.status_code == 200


@pytest.mark.django_db
def test_school_librarians_register_only_while_registration_is_open(
    edition, partner_member_client, championship
):
    import datetime

    url = reverse("readaloud:contestant_create", args=[championship.pk])
    championship.registration_deadline = datetime.date(2000, 1, 1)
    championship.save()
    after_deadline = partner_member_client.get(url)
    championship.registration_deadline = None
    championship.status = Championship.Status.RUNNING
    championship.save()
    running = partner_member_client.get(url, follow=True)

    assert after_deadline.status_code == 302
    assert "Tilmeldingen er ikke åben" in running.content.decode()


@pytest.mark.django_db
def test_schools_may_register_only_in_the_window_and_organisers_always(
    edition, championship, partner_member, librarian, judge
):
    import datetime

    from readaloud import permissions

    championship.status = Championship.Status.REGISTRATION_OPEN
    championship.registration_deadline = datetime.date(2027, 1, 31)
    championship.save()
    in_time, too_late = datetime.date(2027, 1, 31), datetime.date(2027, 2, 1)

    assert permissions.may_register_now(partner_member, championship, in_time)
    assert not permissions.may_register_now(partner_member, championship, too_late)
    assert permissions.may_register_now(librarian, championship, too_late)
    assert not permissions.may_register_now(judge, championship, in_time)
