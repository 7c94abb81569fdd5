"""The partner's institution number (for Unilogin): edited in the partner form, unique when set."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from partnerships.models import Partner
from tests.partnerships.factories import KindergartenFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def form_data(partner, **changes):
    data = {
        "name": partner.name,
        "kind": partner.kind,
        "institution_number": "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_a_librarian_sets_the_institution_number_and_sees_it(librarian_client):
    partner = KindergartenFactory()
    url = reverse("partnerships:partner_update", args=[partner.pk])

    response = librarian_client.post(url, form_data(partner, institution_number="101010"))

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.institution_number == "101010"
    page = librarian_client.get(partner.get_absolute_url()).content.decode()
    assert "Institutionsnummer" in page and "101010" in page


def test_two_partners_cannot_share_an_institution_number(librarian_client):
    KindergartenFactory(institution_number="101010")
    other = SchoolFactory()
    url = reverse("partnerships:partner_update", args=[other.pk])

    response = librarian_client.post(url, form_data(other, institution_number="101010"))

    assert response.status_code == 200
    assert "En anden partner har allerede dette institutionsnummer." in response.content.decode()
    other.refresh_from_db()
    assert other.institution_number == ""


def test_an_institution_number_with_other_characters_is_rejected(librarian_client):
    partner = KindergartenFactory()
    url = reverse("partnerships:partner_update", args=[partner.pk])

    response = librarian_client.post(url, form_data(partner, institution_number="10 10;"))

    assert "Et institutionsnummer består kun af bogstaver og cifre." in response.content.decode()
    assert 'value="10 10;"' in response.content.decode()


def test_many_partners_may_have_no_institution_number():
    KindergartenFactory(institution_number="")
    KindergartenFactory(institution_number="")

    assert Partner.objects.filter(institution_number="").count() == 2


def test_the_database_refuses_a_duplicate_institution_number():
    KindergartenFactory(institution_number="101010")

    with pytest.raises(IntegrityError):
        SchoolFactory(institution_number="101010")


def test_the_admin_lists_and_edits_the_institution_number(admin_client_):
    partner = KindergartenFactory(institution_number="101010")

    listing = admin_client_.get(reverse("admin:partnerships_partner_changelist") + "?q=101010")
    change = admin_client_.get(reverse("admin:partnerships_partner_change", args=[partner.pk]))

    assert partner.name in listing.content.decode()
    assert 'name="institution_number" value="101010"' in change.content.decode()
