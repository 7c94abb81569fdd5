"""Password rules, password reset throttling, lockouts lifted by a reset, revoked invitations."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, PasswordResetRequest
from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_invitations import invite, link_from_last_mail

RESET_URL = reverse("accounts:password_reset")


def codes_of(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["Bertil Mortensen", "bertilmortensen", "MortensenBertil", "Bertil.Mortensen"]
)
def test_the_full_name_is_refused_as_a_password(password):
    user = UserFactory(full_name="Bertil Mortensen", email="b.m@example.com")

    assert "password_too_similar" in codes_of(password, user)


@pytest.mark.django_db
def test_the_email_is_refused_as_a_password():
    user = UserFactory(full_name="Ida Holm", email="laesehesten@example.com")

    assert "password_too_similar" in codes_of("laesehesten@example.com", user)


@pytest.mark.django_db
@pytest.mark.parametrize("password", [" " * 8, " " * 20, "\t \t \t \t "])
def test_a_password_of_only_spaces_is_refused(password):
    assert "password_blank" in codes_of(password, UserFactory())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["kodeord1", "Sommer2027", "velkommen123", "Adgangskode!", "syddjurs2026"]
)
def test_common_danish_passwords_are_refused(password):
    assert "password_too_common" in codes_of(password, UserFactory(full_name="Ida Holm"))


@pytest.mark.django_db
def test_django_common_passwords_are_still_refused():
    assert "password_too_common" in codes_of("password123", UserFactory(full_name="Ida Holm"))


@pytest.mark.django_db
def test_a_good_password_is_accepted():
    assert codes_of("Læsehest-med-hat-7", UserFactory(full_name="Ida Holm")) == set()


@pytest.mark.django_db
def test_the_password_change_page_refuses_the_full_name_in_danish(client):
    user = UserFactory(full_name="Bertil Mortensen")
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Bertil Mortensen",
            "new_password2": "Bertil Mortensen",
        },
    )

    assert response.status_code == 200
    assert "minder for meget om" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- Password reset throttling ---------------------------------------------------


def ask_reset(client, email, ip="10.0.0.1"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_address(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    UserFactory(email="lise@example.com")
    for number in range(3):
        assert ask_reset(client, "lise@example.com", ip=f"10.0.0.{number}").status_code == 302

    refused = ask_reset(client, "LISE@example.com", ip="10.0.0.99")

    assert refused.status_code == 429
    assert "For mange anmodninger om en ny adgangskode" in refused.content.decode()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_is_limited_per_ip_whatever_the_address(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 4
    for number in range(4):
        assert ask_reset(client, f"nobody{number}@example.com", ip="192.0.2.7").status_code == 302

    assert ask_reset(client, "someone@example.com", ip="192.0.2.7").status_code == 429
    assert ask_reset(client, "someone@example.com", ip="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_password_reset_is_allowed_again_after_the_window(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    settings.PASSWORD_RESET_LIMIT_MINUTES = 60
    UserFactory(email="lise@example.com")
    ask_reset(client, "lise@example.com")
    assert ask_reset(client, "lise@example.com").status_code == 429

    PasswordResetRequest.objects.update(
        created_at=PasswordResetRequest.objects.get().created_at - timedelta(minutes=61)
    )

    assert ask_reset(client, "lise@example.com").status_code == 302
    assert PasswordResetRequest.objects.count() == 1  # the old row was deleted


@pytest.mark.django_db
def test_password_reset_requests_keep_neither_address_nor_ip(client):
    ask_reset(client, "lise@example.com", ip="192.0.2.7")

    row = PasswordResetRequest.objects.get()
    assert "lise" not in row.email_digest and "192.0.2.7" not in row.ip_digest
    assert len(row.email_digest) == 64


@pytest.mark.django_db
def test_the_throttle_service_refuses_with_a_code(settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    services.password_reset_throttle(email="a@example.com", ip="10.0.0.1")

    with pytest.raises(ValidationError) as refused:
        services.password_reset_throttle(email="A@example.com", ip="10.0.0.2")

    assert refused.value.code == "too_many_resets"


# --- Lockout and reset -------------------------------------------------------------


def login(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_the_lockout_message_says_what_is_paused_and_that_a_reset_helps(client):
    UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])
    for _attempt in range(5):
        login(client, "lise@example.com", "wrong-password")

    response = login(client, "lise@example.com")

    content = response.content.decode()
    assert response.status_code == 429
    assert "15 minutter" in content
    assert "kan du logge ind med det samme" in content


@pytest.mark.django_db
def test_a_password_reset_lifts_the_lockout_at_once(client):
    user = UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])
    for _attempt in range(5):
        login(client, "lise@example.com", "wrong-password")
    assert login(client, "lise@example.com").status_code == 429

    ask_reset(client, "lise@example.com")
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Bogorm-2026-ny", "new_password2": "Bogorm-2026-ny"}
    )
    assert done.status_code == 302

    response = login(Client(), "lise@example.com", "Bogorm-2026-ny")
    assert response.status_code == 302
    assert response.url == reverse("home")
    user.refresh_from_db()
    assert user.check_password("Bogorm-2026-ny")


# --- Deactivation revokes invitations ---------------------------------------------


@pytest.mark.django_db
def test_deactivating_an_invited_login_revokes_its_invitation(
    librarian_client, kindergarten_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(librarian_client, kindergarten_a, email="ny@example.com")
    link = link_from_last_mail()
    invitation = Invitation.objects.get(user__email="ny@example.com")

    librarian_client.post(
        reverse("partnerships:user_set_active", args=[kindergarten_a.pk, invitation.user.pk]),
        {"active": "0"},
    )

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    newcomer = Client()
    refused = newcomer.post(
        link, {"new_password1": "Læsehest-2027", "new_password2": "Læsehest-2027"}
    )
    assert refused.status_code == 410
    invitation.user.refresh_from_db()
    assert not invitation.user.is_active
    assert not invitation.user.has_usable_password()


@pytest.mark.django_db
def test_deactivating_in_the_admin_revokes_the_invitation_too(admin_client_, kindergarten_a):
    user = UserFactory(email="ny@example.com", partner=kindergarten_a)
    user.set_unusable_password()
    user.save()
    services.invitation_send(user=user, invited_by=None)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    # The change form as the browser sends it with "active" unticked.
    data = {"email": user.email, "full_name": user.full_name, "partner": kindergarten_a.pk}

    response = admin_client_.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert not user.is_active
    assert user.invitations.get().revoked_at is not None


@pytest.mark.django_db
def test_accepting_an_invitation_lifts_a_lock_on_that_address(client):
    user = UserFactory(email="ny@example.com", is_active=False)
    user.set_unusable_password()
    user.save()
    for _attempt in range(5):
        login(client, "ny@example.com", "guessing")
    assert AccessAttempt.objects.filter(username="ny@example.com").exists()
    invitation = services.invitation_send(user=user, invited_by=None)

    services.invitation_accept(invitation=invitation, password="Læsehest-2027")

    assert not AccessAttempt.objects.filter(username="ny@example.com").exists()
    assert login(Client(), "ny@example.com", "Læsehest-2027").status_code == 302
