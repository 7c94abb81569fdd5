"""School and kindergarten staff log in with Unilogin, matched to a partner by institution number."""

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import User
from accounts.roles import Role
from tests.accounts.sso import sso_login
from tests.partnerships.factories import KindergartenFactory, PartnerFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def unilogin(institution="101010", user_type="employee", **extra):
    claims = {"name": "Pia Pædagog", "institution_number": institution, "user_type": user_type}
    return {**claims, **extra}


def test_kindergarten_staff_land_in_their_kindergartens_portal(client, oidc_provider):
    kindergarten = KindergartenFactory(institution_number="101010")

    response = sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())

    assert response.status_code == 302
    assert response.url == reverse("kindergarten_depots:portal_home")
    user = User.objects.get()
    assert user.partner == kindergarten
    assert roles.roles_of(user) == [Role.KINDERGARTEN_STAFF]
    assert roles.is_kindergarten_staff(user, kindergarten)
    assert client.get(response.url).status_code == 200


def test_a_school_librarian_becomes_a_partner_member_of_the_school(client, oidc_provider):
    school = SchoolFactory(institution_number="202020")
    claims = unilogin("202020", name="Per Skolebibliotekar", email="per@skole.dk")

    response = sso_login(client, oidc_provider, "unilogin", "uni-per", claims)

    assert response.url == reverse("dashboard")
    user = User.objects.get()
    assert (user.email, user.full_name, user.partner) == (
        "per@skole.dk",
        "Per Skolebibliotekar",
        school,
    )
    assert roles.roles_of(user) == [Role.PARTNER_MEMBER]
    assert client.get(response.url).status_code == 200


def test_a_user_without_an_email_claim_gets_a_placeholder_address(client, oidc_provider):
    KindergartenFactory(institution_number="101010")

    sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())

    assert User.objects.get().email.endswith("@sso.invalid")


def test_the_first_known_active_institution_of_several_is_used(client, oidc_provider):
    KindergartenFactory(institution_number="303030", active=False)
    kindergarten = KindergartenFactory(institution_number="101010")

    sso_login(
        client, oidc_provider, "unilogin", "uni-pia", unilogin(["999999", "303030", "101010"])
    )

    assert User.objects.get().partner == kindergarten


def test_a_move_to_another_institution_moves_the_user_at_the_next_login(client, oidc_provider):
    KindergartenFactory(institution_number="101010")
    school = SchoolFactory(institution_number="202020")
    sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())
    client.logout()

    sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin("202020"))

    user = User.objects.get()
    assert user.partner == school
    assert roles.roles_of(user) == [Role.PARTNER_MEMBER]


def refused(response, text):
    page = response.content.decode()
    return response.status_code == 403 and text in page and "Kontakt biblioteket" in page


def test_an_unknown_institution_number_is_refused(client, oidc_provider):
    KindergartenFactory(institution_number="101010")

    response = sso_login(client, oidc_provider, "unilogin", "uni-x", unilogin("555555"))

    assert refused(response, "institutionsnummer 555555) er ikke registreret")
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_inactive_partner_is_refused(client, oidc_provider):
    KindergartenFactory(name="Troldehøjen", institution_number="101010", active=False)

    response = sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())

    assert refused(response, "Troldehøjen er ikke længere en aktiv partner")
    assert not User.objects.exists()


def test_a_partner_that_is_neither_school_nor_kindergarten_is_refused(client, oidc_provider):
    PartnerFactory(name="Foreningen", kind="association", institution_number="101010")

    response = sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())

    assert refused(response, "Foreningen er hverken en skole eller en børnehave")


@pytest.mark.parametrize("claim", ["institution_number", "user_type"])
def test_a_missing_claim_is_refused_and_named(client, oidc_provider, claim):
    KindergartenFactory(institution_number="101010")
    claims = unilogin()
    del claims[claim]

    response = sso_login(client, oidc_provider, "unilogin", "uni-pia", claims)

    assert refused(response, f'oplysningen "{claim}" mangler')
    assert not User.objects.exists()


def test_a_pupil_is_refused(client, oidc_provider):
    KindergartenFactory(institution_number="101010")

    response = sso_login(client, oidc_provider, "unilogin", "uni-elev", unilogin(user_type="pupil"))

    assert refused(response, "Elever og andre brugertyper kan ikke")
    assert not User.objects.exists()


def test_a_partner_deactivated_after_login_refuses_the_next_login(client, oidc_provider):
    kindergarten = KindergartenFactory(institution_number="101010")
    sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())
    client.logout()
    kindergarten.active = False
    kindergarten.save()

    response = sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert roles.roles_of(User.objects.get()) == []


def test_a_missing_claim_at_a_later_login_keeps_the_roles(client, oidc_provider):
    KindergartenFactory(institution_number="101010")
    sso_login(client, oidc_provider, "unilogin", "uni-pia", unilogin())
    client.logout()
    claims = unilogin()
    del claims["user_type"]

    assert sso_login(client, oidc_provider, "unilogin", "uni-pia", claims).status_code == 403
    assert roles.roles_of(User.objects.get()) == [Role.KINDERGARTEN_STAFF]
