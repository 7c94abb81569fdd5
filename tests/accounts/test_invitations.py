import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Invitation, User
from tests.accounts.factories import UserFactory


def invite(client, partner, email="ny@example.com", name="Nina Pædagog"):
    return client.post(
        reverse("partnerships:user_invite", args=[partner.pk]),
        {"full_name": name, "email": email},
        follow=True,
    )


def link_from_last_mail():
    return re.search(r"https?://[^/\s]+(/konto/invitation/\S+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_inviting_staff_creates_an_inactive_user_and_mails_a_link(
    librarian_client, kindergarten_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(librarian_client, kindergarten_a)

    user = User.objects.get(email="ny@example.com")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.partner == kindergarten_a
    assert not roles.is_kindergarten_staff(user)  # inactive until the link is used
    assert user.groups.filter(name=roles.Role.KINDERGARTEN_STAFF).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@example.com"]
    assert "Dit login til Bibliotekets Partnerskaber" in mail.outbox[0].subject
    assert "sendt en invitation" in response.content.decode()
    assert "Inviteret" in response.content.decode()


@pytest.mark.django_db
def test_the_link_sets_a_password_once_and_logs_in(
    librarian_client, kindergarten_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(librarian_client, kindergarten_a)
    link = link_from_last_mail()
    newcomer = Client()

    form = newcomer.get(link)
    assert "Vælg din adgangskode" in form.content.decode()
    done = newcomer.post(link, {"new_password1": "Læsehest-2027", "new_password2": "Læsehest-2027"})
    assert done.status_code == 302
    assert newcomer.get(reverse("home")).url == reverse("kindergarten_depots:portal_home")

    user = User.objects.get(email="ny@example.com")
    assert user.is_active and user.check_password("Læsehest-2027")

    reused = Client().get(link)
    assert reused.status_code == 410
    assert "allerede brugt" in reused.content.decode()
    again = Client().post(link, {"new_password1": "Andet-2027-x", "new_password2": "Andet-2027-x"})
    assert again.status_code == 410
    user.refresh_from_db()
    assert user.check_password("Læsehest-2027")


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_a_clear_message(
    librarian_client, kindergarten_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(librarian_client, kindergarten_a)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client().get(link_from_last_mail())

    assert response.status_code == 410
    assert "udløbet" in response.content.decode()
    assert not User.objects.get(email="ny@example.com").is_active


@pytest.mark.django_db
def test_resending_replaces_the_earlier_link(
    librarian_client, kindergarten_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(librarian_client, kindergarten_a)
    first_link = link_from_last_mail()
    user = User.objects.get(email="ny@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        librarian_client.post(
            reverse("partnerships:invitation_resend", args=[kindergarten_a.pk, user.pk])
        )

    second_link = link_from_last_mail()
    assert len(mail.outbox) == 2
    assert first_link != second_link
    assert Client().get(first_link).status_code == 410
    assert Client().get(second_link).status_code == 200


@pytest.mark.django_db
def test_an_unknown_token_is_refused(client):
    response = client.get(reverse("accounts:invitation_accept", args=["not-a-real-token"]))

    assert response.status_code == 410
    assert "ikke gyldigt" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "danish_error"),
    [
        ("", "Dette felt er påkrævet"),
        ("ikke-en-adresse", "Indtast en gyldig e-mail-adresse"),
        ("EXISTING@example.com", "har allerede en konto"),
    ],
)
def test_bad_invitations_are_refused_in_danish(
    librarian_client, kindergarten_a, email, danish_error
):
    UserFactory(email="existing@example.com")

    response = invite(librarian_client, kindergarten_a, email=email)

    assert danish_error in response.content.decode()
    assert User.objects.count() == 2  # the librarian and the existing user
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_school_invitation_gives_the_partner_member_role(librarian_client, school):
    invite(librarian_client, school, email="skole@example.com")

    user = User.objects.get(email="skole@example.com")
    assert user.groups.filter(name=roles.Role.PARTNER_MEMBER).exists()


@pytest.mark.django_db
def test_deactivated_staff_cannot_log_in_and_their_session_ends(
    librarian_client, staff_a, staff_a_client, kindergarten_a
):
    assert staff_a_client.get(reverse("kindergarten_depots:portal_home")).status_code == 200

    librarian_client.post(
        reverse("partnerships:user_set_active", args=[kindergarten_a.pk, staff_a.pk]),
        {"active": "0"},
    )

    staff_a.refresh_from_db()
    assert not staff_a.is_active
    ended = staff_a_client.get(reverse("kindergarten_depots:portal_home"))
    assert ended.status_code == 302 and ended.url.startswith(reverse("accounts:login"))
    login = Client().post(
        reverse("accounts:login"), {"username": staff_a.email, "password": "correct-horse-battery"}
    )
    assert login.status_code == 200
    assert "deaktiveret" in login.content.decode() or "forkert" in login.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona_client", ["anonymous", "partner_member", "staff_a", "staff_b", "judge"], indirect=True
)
def test_only_librarians_invite_or_deactivate(persona_client, kindergarten_a, staff_a):
    urls = [
        reverse("partnerships:user_invite", args=[kindergarten_a.pk]),
        reverse("partnerships:invitation_resend", args=[kindergarten_a.pk, staff_a.pk]),
        reverse("partnerships:user_set_active", args=[kindergarten_a.pk, staff_a.pk]),
    ]
    for url in urls:
        response = persona_client.post(
            url, {"full_name": "X", "email": "x@example.com", "active": "0"}
        )
        assert response.status_code in (302, 403)
        assert persona_client.get(url).status_code in (302, 403, 405)
    staff_a.refresh_from_db()
    assert staff_a.is_active
    assert not User.objects.filter(email="x@example.com").exists()


@pytest.mark.django_db
def test_a_user_of_another_partner_cannot_be_managed_through_this_partner(
    librarian_client, kindergarten_a, staff_b
):
    response = librarian_client.post(
        reverse("partnerships:user_set_active", args=[kindergarten_a.pk, staff_b.pk]),
        {"active": "0"},
    )

    assert response.status_code == 404
    staff_b.refresh_from_db()
    assert staff_b.is_active
