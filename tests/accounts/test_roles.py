import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts import roles
from accounts.models import User
from accounts.roles import Role
from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_the_roles_exist_as_groups_after_migrating():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
def test_kindergarten_staff_is_staff_of_their_own_institution_only(
    staff_a, kindergarten_a, kindergarten_b
):
    assert roles.is_kindergarten_staff(staff_a)
    assert roles.is_kindergarten_staff(staff_a, kindergarten_a)
    assert not roles.is_kindergarten_staff(staff_a, kindergarten_b)
    assert not roles.is_librarian(staff_a)


@pytest.mark.django_db
def test_kindergarten_staff_without_an_institution_is_staff_of_nothing():
    user = UserFactory(roles=[Role.KINDERGARTEN_STAFF])

    assert not roles.is_kindergarten_staff(user)


@pytest.mark.django_db
def test_administrators_count_as_librarians_but_judges_do_not(admin_user, judge):
    assert roles.is_administrator(admin_user)
    assert roles.is_librarian(admin_user)
    assert roles.is_judge(judge)
    assert not roles.is_librarian(judge)


@pytest.mark.django_db
def test_deactivated_users_hold_no_role():
    user = UserFactory(is_active=False, roles=[Role.LIBRARIAN])

    assert not roles.is_librarian(user)


@pytest.mark.django_db
def test_email_addresses_are_unique_whatever_their_case():
    UserFactory(email="lise@example.com")

    with pytest.raises(IntegrityError):
        User.objects.create(email="LISE@example.com", full_name="Lise igen")


@pytest.mark.django_db
def test_create_user_stores_the_address_in_lower_case():
    user = User.objects.create_user("Lise@Example.com", "x", full_name="Lise")

    assert user.email == "lise@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona_client", "landing"),
    [
        ("librarian", "dashboard"),
        ("partner_member", "dashboard"),
        ("judge", "readaloud:judge_home"),
        ("admin", "dashboard"),
        ("staff_a", "kindergarten_depots:portal_home"),
    ],
    indirect=["persona_client"],
)
def test_each_role_lands_on_its_home(persona_client, landing):
    response = persona_client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse(landing)


@pytest.mark.django_db
def test_anonymous_home_goes_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_admin_user_list_filters_by_role(admin_client_, librarian, judge):
    url = reverse("admin:accounts_user_changelist")

    response = admin_client_.get(url, {"role": Role.JUDGE.value})

    assert response.status_code == 200
    content = response.content.decode()
    assert judge.email in content
    assert librarian.email not in content


@pytest.mark.django_db
def test_admin_site_is_titled_in_danish(admin_client_):
    response = admin_client_.get(reverse("admin:index"))

    assert "Bibliotekets Partnerskaber – administration" in response.content.decode()


@pytest.mark.django_db
def test_librarians_without_admin_access_cannot_open_the_admin(librarian_client):
    response = librarian_client.get(reverse("admin:index"))

    assert response.status_code == 302
