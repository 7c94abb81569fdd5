import pytest
from django.urls import reverse

from tests.partnerships.factories import ContactPersonFactory, KindergartenFactory


@pytest.mark.django_db
def test_librarian_dashboard_counts_active_partners_by_kind(librarian_client):
    KindergartenFactory.create_batch(3, number_of_children=10)
    KindergartenFactory(active=False)

    response = librarian_client.get(reverse("dashboard"))

    assert response.status_code == 200
    counts = {kind: count for kind, _label, count in response.context["partner_counts"]}
    assert counts["kindergarten"] == 3
    assert "Mit overblik" in response.content.decode()


@pytest.mark.django_db
def test_partner_member_dashboard_shows_their_organisation_and_no_directory(
    partner_member_client, school
):
    response = partner_member_client.get(reverse("dashboard"))

    content = response.content.decode()
    assert response.status_code == 200
    assert school.name in content
    assert "partner_counts" not in response.context
    assert reverse("partnerships:partner_list") not in content


@pytest.mark.django_db
def test_kindergarten_staff_see_their_own_institution_and_contacts(staff_a_client, kindergarten_a):
    ContactPersonFactory(partner=kindergarten_a, name="Gitte Leder")

    response = staff_a_client.get(reverse("kindergarten_depots:portal_home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in content and "Børnehaven A" in content
    assert "Gitte Leder" in content
    assert "Børnehaven B" not in content
    assert "ingen bøder" in content


@pytest.mark.django_db
def test_kindergarten_staff_are_sent_from_the_dashboard_to_the_portal(staff_a_client):
    response = staff_a_client.get(reverse("dashboard"))

    assert response.url == reverse("kindergarten_depots:portal_home")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona_client", ["librarian", "partner_member", "judge", "admin"], indirect=True
)
def test_the_portal_is_closed_to_everyone_but_kindergarten_staff(persona_client):
    assert persona_client.get(reverse("kindergarten_depots:portal_home")).status_code == 403


@pytest.mark.django_db
def test_the_portal_requires_login(client):
    response = client.get(reverse("kindergarten_depots:portal_home"))

    assert response.status_code == 302
