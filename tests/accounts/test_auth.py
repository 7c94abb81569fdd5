import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory

LOGIN_URL = reverse("accounts:login")


def login(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_librarian_logs_in_with_email_in_any_case_and_lands_on_the_dashboard(client):
    UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])

    response = login(client, "  Lise@Example.COM ")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(response.url).url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_kindergarten_staff_lands_on_the_portal_home(client, staff_a):
    response = login(client, staff_a.email)

    assert client.get(response.url).url == reverse("kindergarten_depots:portal_home")


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_danish_message_and_keeps_the_email(client):
    UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])

    response = login(client, "lise@example.com", "wrong-password")

    assert response.status_code == 200
    content = response.content.decode()
    assert "E-mailadressen eller adgangskoden er forkert" in content
    assert 'value="lise@example.com"' in content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deactivated_user_cannot_log_in(client):
    UserFactory(email="old@example.com", is_active=False, roles=[Role.LIBRARIAN])

    response = login(client, "old@example.com")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_user_and_ip_pair_for_fifteen_minutes(client):
    UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])
    for _attempt in range(5):
        login(client, "lise@example.com", "wrong-password")

    response = login(client, "lise@example.com")  # even the right password now

    assert response.status_code == 429
    content = response.content.decode()
    assert "For mange mislykkede loginforsøg" in content
    assert "15 minutter" in content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_counts_the_email_case_insensitively(client):
    UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])
    for attempt in range(5):
        email = "LISE@example.com" if attempt % 2 else "lise@example.com"
        login(client, email, "wrong-password")

    assert login(client, "lise@example.com").status_code == 429


@pytest.mark.django_db
def test_lockout_does_not_block_colleagues_on_the_same_shared_ip(client):
    UserFactory(email="lise@example.com", roles=[Role.KINDERGARTEN_STAFF])
    colleague = UserFactory(email="kollega@example.com", roles=[Role.KINDERGARTEN_STAFF])
    for _attempt in range(6):
        login(client, "lise@example.com", "wrong-password", ip="192.0.2.7")

    response = login(client, colleague.email, ip="192.0.2.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


@pytest.mark.django_db
def test_lockout_does_not_block_the_same_user_from_another_network(client):
    user = UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])
    for _attempt in range(6):
        login(client, "lise@example.com", "wrong-password", ip="192.0.2.7")

    response = login(client, "lise@example.com", ip="198.51.100.1")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_logout_rejects_get(librarian_client):
    response = librarian_client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert librarian_client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_logout_by_post_ends_the_session(librarian_client):
    response = librarian_client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert librarian_client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="lise@example.com", roles=[Role.LIBRARIAN])

    response = client.post(reverse("accounts:password_reset"), {"email": "LISE@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lise@example.com"]
    assert "Ny adgangskode" in message.subject
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"new_password1": "Bogorm-2026-ny", "new_password2": "Bogorm-2026-ny"}
    )
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password("Bogorm-2026-ny")
    # The link works once.
    reused = client.get(link, follow=True)
    assert "ikke længere gyldigt" in reused.content.decode()


@pytest.mark.django_db
def test_password_reset_for_unknown_address_sends_nothing_but_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change_requires_the_old_password(librarian, librarian_client):
    url = reverse("accounts:password_change")
    bad = librarian_client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "Bogorm-2026-ny",
            "new_password2": "Bogorm-2026-ny",
        },
    )
    assert bad.status_code == 200
    librarian.refresh_from_db()
    assert librarian.check_password(PASSWORD)

    good = librarian_client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Bogorm-2026-ny",
            "new_password2": "Bogorm-2026-ny",
        },
    )
    assert good.status_code == 302
    librarian.refresh_from_db()
    assert librarian.check_password("Bogorm-2026-ny")


@pytest.mark.django_db
def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


@pytest.mark.django_db
def test_logged_in_user_visiting_login_is_sent_home(librarian_client):
    response = librarian_client.get(LOGIN_URL)

    assert response.status_code == 302
