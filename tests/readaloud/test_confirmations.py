"""Irreversible actions on children and heats ask first, on a page that works without JavaScript."""

import pytest
from django.urls import reverse

from readaloud.models import Contestant, Heat
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "says"),
    [
        ("readaloud:contestant_erase", "slettes alt om oplæseren"),
        ("readaloud:contestant_consent_withdraw", "fjernes fra de offentlige resultater"),
        ("readaloud:contestant_withdraw", "tages ud af alle heats"),
    ],
)
def test_actions_on_a_reader_show_what_will_happen_and_change_nothing(
    librarian_client, place, url_name, says
):
    performance = place(first_name="Sofie")
    contestant = performance.contestant

    response = librarian_client.get(reverse(url_name, args=[contestant.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert says in content
    assert "Sofie" in content
    assert '<form method="post"' in content  # posts back to the same URL
    contestant.refresh_from_db()
    assert contestant.withdrawn_at is None
    assert contestant.consent_withdrawn_at is None


def test_erasing_runs_only_when_confirmed(librarian_client, championship):
    contestant = ContestantFactory(championship=championship)
    url = reverse("readaloud:contestant_erase", args=[contestant.pk])

    librarian_client.get(url)
    assert Contestant.objects.filter(pk=contestant.pk).exists()

    librarian_client.post(url)
    assert not Contestant.objects.filter(pk=contestant.pk).exists()


def test_withdrawing_consent_runs_only_when_confirmed(librarian_client, place):
    contestant = place().contestant
    url = reverse("readaloud:contestant_consent_withdraw", args=[contestant.pk])

    librarian_client.get(url)
    contestant.refresh_from_db()
    assert contestant.consent_withdrawn_at is None

    librarian_client.post(url)
    contestant.refresh_from_db()
    assert contestant.consent_withdrawn_at is not None


def test_closing_a_heat_asks_first_and_says_what_happens(librarian_client, heat, place, assign):
    give_points(assign(), place(), {}, default=4)
    url = reverse("readaloud:heat_close", args=[heat.pk])

    page = librarian_client.get(url)

    content = page.content.decode()
    assert "Dommerne kan ikke længere ændre deres point" in content
    assert "interne, indtil du frigiver dem" in content
    assert not Heat.objects.get(pk=heat.pk).is_closed()

    librarian_client.post(url)

    assert Heat.objects.get(pk=heat.pk).is_closed()


def test_the_close_confirmation_names_missing_scores(librarian_client, heat, place, assign):
    judge = assign()
    place(first_name="Uden", last_name="Point")

    content = librarian_client.get(reverse("readaloud:heat_close", args=[heat.pk])).content.decode()

    assert f"{judge.judge}: Uden Point (7)" in content


def test_the_lists_link_to_the_confirmation_pages(librarian_client, place, championship, heat):
    contestant = place().contestant

    content = librarian_client.get(
        reverse("readaloud:contestant_list", args=[championship.pk])
    ).content.decode()

    for name in ("contestant_erase", "contestant_withdraw", "contestant_consent_withdraw"):
        assert f'href="{reverse("readaloud:" + name, args=[contestant.pk])}"' in content
    heat_page = librarian_client.get(reverse("readaloud:heat_detail", args=[heat.pk]))
    assert f'href="{reverse("readaloud:heat_close", args=[heat.pk])}"' in heat_page.content.decode()
