"""Kindergartens are chosen with a search-as-you-type picker, not a <select> of thousands."""

from datetime import date

import pytest
from django.urls import reverse

from kindergarten_depots.models import ClosurePeriod
from tests.kindergarten_depots.factories import agreement_make
from tests.partnerships.factories import ContactPersonFactory, KindergartenFactory, SchoolFactory

pytestmark = pytest.mark.django_db

CLOSURES = reverse("kindergarten_depots:closure_list")


def _closure(kindergarten):
    return {
        "kindergarten": kindergarten,
        "start_date": "2027-07-01",
        "end_date": "2027-07-21",
        "reason": "Sommerferie",
    }


def test_the_closure_page_renders_no_option_per_kindergarten(librarian_client):
    for n in range(12):
        KindergartenFactory(name=f"Børnehus {n}")

    page = librarian_client.get(CLOSURES).content.decode()

    assert "Børnehus 7" not in page
    assert reverse("kindergarten_depots:kindergarten_lookup") in page


def test_the_lookup_offers_kindergartens_only(librarian_client):
    solsikken = KindergartenFactory(name="Solsikken", town="Rønde")
    SchoolFactory(name="Solsikkeskolen")

    response = librarian_client.get(
        reverse("kindergarten_depots:kindergarten_lookup"), {"q": "sol"}
    )

    assert response.json()["results"] == [{"id": solsikken.pk, "text": "Solsikken"}]


@pytest.mark.parametrize("typed", ["id", "Solsikken", "solsik"])
def test_a_closure_is_saved_for_the_kindergarten_chosen_or_typed(librarian_client, typed):
    solsikken = KindergartenFactory(name="Solsikken")
    KindergartenFactory(name="Troldehøjen")
    value = str(solsikken.pk) if typed == "id" else typed

    librarian_client.post(CLOSURES, _closure(value))

    closure = ClosurePeriod.objects.get()
    assert closure.kindergarten == solsikken
    assert closure.start_date == date(2027, 7, 1)


def test_a_whole_name_wins_and_an_ambiguous_one_is_explained_with_the_input_kept(
    librarian_client,
):
    solsikken = KindergartenFactory(name="Solsikken")
    KindergartenFactory(name="Solsikken Øst")

    librarian_client.post(CLOSURES, _closure("solsikken"))
    ambiguous = librarian_client.post(CLOSURES, _closure("sol"))

    assert ClosurePeriod.objects.get().kindergarten == solsikken
    page = ambiguous.content.decode()
    assert "Solsikken Øst" in page and 'value="sol"' in page
    assert ClosurePeriod.objects.count() == 1


def test_an_empty_kindergarten_closes_every_kindergarten(librarian_client):
    librarian_client.post(CLOSURES, _closure(""))

    assert ClosurePeriod.objects.get().kindergarten is None


def test_a_school_cannot_be_chosen_by_its_id(librarian_client):
    school = SchoolFactory(name="Skolen")

    response = librarian_client.post(CLOSURES, _closure(str(school.pk)))

    assert not ClosurePeriod.objects.exists()
    assert response.status_code == 200


def test_editing_an_agreement_offers_only_its_kindergartens_contacts(librarian_client, librarian):
    kindergarten = KindergartenFactory(name="Solsikken")
    own = ContactPersonFactory(partner=kindergarten, name="Søs Solsikke")
    ContactPersonFactory(partner=KindergartenFactory(name="Troldehøjen"), name="Tove Trold")
    agreement = agreement_make(kindergarten=kindergarten, coordinator=librarian)

    page = librarian_client.get(
        reverse("kindergarten_depots:agreement_update", args=[agreement.pk])
    ).content.decode()

    assert own.name in page
    assert "Tove Trold" not in page
