"""Registering a reader: no consent from the future, a warning for duplicates, who agreed to publish."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from readaloud.models import Contestant
from tests.partnerships.factories import SchoolFactory
from tests.readaloud.factories import ContestantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="Rønde Skole")


def registration(school, **changes):
    data = {
        "first_name": "Ida",
        "last_name": "Holm",
        "school": school.pk,
        "grade": 5,
        "class_name": "5.a",
        "consent_given_by": "Mor",
        "consent_given_at": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "consent_method": "email",
    }
    data.update(changes)
    return data


def test_a_consent_date_in_the_future_is_refused_and_the_input_kept(
    librarian_client, championship, school
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = librarian_client.post(
        reverse("readaloud:contestant_create", args=[championship.pk]),
        registration(school, consent_given_at=tomorrow),
    )

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["consent_given_at"][0].code == (
        "consent_in_future"
    )
    assert 'value="Ida"' in response.content.decode()
    assert not Contestant.objects.exists()


def test_registering_a_duplicate_warns_and_needs_a_confirmation(
    librarian_client, championship, school
):
    ContestantFactory(championship=championship, school=school, first_name="Ida", last_name="Holm")
    url = reverse("readaloud:contestant_create", args=[championship.pk])

    warned = librarian_client.post(url, registration(school, first_name="ida"))

    assert warned.status_code == 200
    assert "allerede tilmeldt" in warned.content.decode()
    assert 'name="register_duplicate"' in warned.content.decode()
    assert Contestant.objects.count() == 1

    confirmed = librarian_client.post(url, registration(school, register_duplicate="on"))

    assert confirmed.status_code == 302
    assert Contestant.objects.count() == 2


def test_publish_consent_records_who_gave_it_and_when(librarian_client, championship, school):
    url = reverse("readaloud:contestant_create", args=[championship.pk])

    missing = librarian_client.post(url, registration(school, publish_consent="on"))

    errors = missing.context["form"].errors.as_data()
    assert errors["publish_consent_given_by"][0].code == "publish_consent_incomplete"
    assert not Contestant.objects.exists()

    given_on = timezone.localdate().isoformat()
    librarian_client.post(
        url,
        registration(
            school,
            publish_consent="on",
            publish_consent_given_by="Far",
            publish_consent_given_at=given_on,
        ),
    )

    contestant = Contestant.objects.get()
    assert contestant.publish_consent
    assert (
        contestant.publish_consent_given_by,
        contestant.publish_consent_given_at.isoformat(),
    ) == (
        "Far",
        given_on,
    )


def test_the_consent_overview_lists_missing_consents_per_school(
    librarian_client, championship, school
):
    from tests.readaloud.factories import NoConsentContestantFactory

    NoConsentContestantFactory(championship=championship, school=school, first_name="Uden")
    ContestantFactory(
        championship=championship, school=school, first_name="Med", publish_consent=False
    )
    ContestantFactory(
        championship=championship, school=school, first_name="Offentlig", publish_consent=True
    )

    response = librarian_client.get(reverse("readaloud:consent_overview", args=[championship.pk]))

    (entry,) = response.context["schools"]
    assert entry["registered"] == 3
    assert [c.first_name for c in entry["missing_consent"]] == ["Uden"]
    assert [c.first_name for c in entry["missing_publish"]] == ["Med"]


def test_consent_letters_have_two_letters_with_return_slips_per_reader(
    librarian_client, championship, school
):
    ContestantFactory(championship=championship, school=school, first_name="Ida")

    content = librarian_client.get(
        reverse("readaloud:consent_letters", args=[championship.pk])
    ).content.decode()

    assert "Samtykke til, at Ida" in content
    assert "Samtykke til at offentliggøre navnet på Ida" in content
    assert content.count("Svarslip") == 2
