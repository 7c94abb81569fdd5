"""The panels the depot and championship apps add to "Mit overblik"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.kindergarten_depots.factories import SwapFactory, agreement_make
from tests.readaloud.factories import HeatFactory, JudgeAssignmentFactory


@pytest.mark.django_db
def test_librarians_see_this_weeks_swaps_on_their_overview(librarian_client, kindergarten_a):
    today = timezone.localdate()
    agreement = agreement_make(kindergarten=kindergarten_a)
    SwapFactory(agreement=agreement, planned_date=today)
    SwapFactory(agreement=agreement, planned_date=today + timedelta(days=21))

    response = librarian_client.get(reverse("dashboard"))

    content = response.content.decode()
    assert "Udskiftninger i denne uge" in content
    assert content.count(kindergarten_a.name) == 1


@pytest.mark.django_db
def test_partner_members_get_no_depot_panel(partner_member_client):
    content = partner_member_client.get(reverse("dashboard")).content.decode()

    assert "Udskiftninger i denne uge" not in content


@pytest.mark.django_db
def test_judges_see_their_open_heats_on_the_overview(judge, judge_client):
    mine = JudgeAssignmentFactory(judge=judge).heat
    other = HeatFactory(name="Andet heat")

    content = judge_client.get(reverse("dashboard")).content.decode()

    assert "Heats, jeg bedømmer" in content
    assert mine.name in content
    assert other.name not in content


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 15])
def test_overview_panels_keep_the_query_count_bounded(
    librarian_client, django_assert_max_num_queries, size
):
    today = timezone.localdate()
    for _ in range(size):
        SwapFactory(agreement=agreement_make(), planned_date=today)

    with django_assert_max_num_queries(22):
        response = librarian_client.get(reverse("dashboard"))

    assert response.status_code == 200
