"""The mail outbox: with the SMTP server down every action succeeds once, and its
mails are delivered by the worker when the server is back."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from post_office.connections import connections
from post_office.models import STATUS, Email

from accounts.models import Invitation, User
from accounts.outbox import mail_queue, outbox_deliver, retry_delay
from partnerships.models import JournalEntry, PartnershipMember, Task
from tests.accounts.factories import UserFactory
from toolkit.models import JobRun


class FlakySMTPBackend(EmailBackend):
    """Refuses connections while ``down`` is set, like an SMTP server that is off."""

    down = True

    def send_messages(self, messages):
        if FlakySMTPBackend.down:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


@pytest.fixture
def smtp_down(settings):
    """Queue mails (as in production) and deliver them through a refusing SMTP server."""
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.partnerships.test_outbox.FlakySMTPBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    FlakySMTPBackend.down = True
    connections.close()
    yield FlakySMTPBackend
    connections.close()


def deliver_after_smtp_is_back(backend):
    """Bring the server back, let the retry time pass and deliver the due mails."""
    backend.down = False
    Email.objects.filter(status=STATUS.requeued).update(scheduled_time=None)
    outbox_deliver()


@pytest.mark.django_db
def test_a_decision_with_smtp_down_is_saved_once_and_mailed_later_one_mail_each(
    smtp_down, partner_member_client, librarian, partnership
):
    colleague = UserFactory(email="kollega@example.com", roles=["Librarian"])
    PartnershipMember.objects.create(partnership=partnership, user=colleague)

    response = partner_member_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "decision", "entry_date": "2027-01-15", "text": "Finalen holdes i Rønde."},
    )

    assert response.status_code == 302
    assert JournalEntry.objects.count() == 1
    assert Email.objects.filter(status=STATUS.queued).count() == 2
    assert mail.outbox == []

    sent, failed, requeued = outbox_deliver()  # the worker tries while SMTP is down
    assert (sent, failed, requeued) == (0, 0, 2)
    assert mail.outbox == []

    deliver_after_smtp_is_back(smtp_down)

    assert sorted(m.to for m in mail.outbox) == sorted([[librarian.email], [colleague.email]])
    assert "Finalen holdes i Rønde." in mail.outbox[0].body
    assert Email.objects.filter(status=STATUS.sent).count() == 2


@pytest.mark.django_db
def test_assigning_a_task_with_smtp_down_succeeds_and_mails_later(
    smtp_down, librarian_client, partner_member, partnership
):
    response = librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {"title": "Bestil bøger", "assignee": partner_member.pk, "due_date": "2027-02-01"},
    )

    assert response.status_code == 302
    assert Task.objects.count() == 1
    outbox_deliver()
    deliver_after_smtp_is_back(smtp_down)
    assert [m.to for m in mail.outbox] == [[partner_member.email]]


@pytest.mark.django_db
def test_inviting_and_resending_with_smtp_down_succeed_and_the_links_arrive_later(
    smtp_down, librarian_client, kindergarten_a
):
    response = librarian_client.post(
        reverse("partnerships:user_invite", args=[kindergarten_a.pk]),
        {"full_name": "Nina Pædagog", "email": "ny@example.com"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.com")
    resend = librarian_client.post(
        reverse("partnerships:invitation_resend", args=[kindergarten_a.pk, user.pk])
    )
    assert resend.status_code == 302
    assert Invitation.objects.filter(user=user).count() == 2

    outbox_deliver()
    deliver_after_smtp_is_back(smtp_down)

    assert [m.to for m in mail.outbox] == [["ny@example.com"], ["ny@example.com"]]


@pytest.mark.django_db
def test_password_reset_with_smtp_down_is_queued_not_lost(smtp_down, client):
    UserFactory(email="lise@example.com")

    response = client.post(reverse("accounts:password_reset"), {"email": "lise@example.com"})

    assert response.status_code == 302
    assert Email.objects.get().to == ["lise@example.com"]
    deliver_after_smtp_is_back(smtp_down)
    assert "/konto/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_mail_queued_in_a_rolled_back_change_is_never_sent(smtp_down):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_queue(to=["a@example.com"], subject="Hej", body="Tekst")
        raise RuntimeError("the change fails")

    assert not Email.objects.exists()


@pytest.mark.django_db
def test_a_mail_that_keeps_failing_is_marked_failed_after_the_retries(smtp_down, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 2}
    mail_queue(to=["a@example.com"], subject="Hej", body="Tekst")

    for _attempt in range(3):
        Email.objects.update(scheduled_time=None)
        outbox_deliver()

    email = Email.objects.get()
    assert email.status == STATUS.failed
    assert email.number_of_retries == 2
    assert email.logs.count() == 3


@pytest.mark.django_db(transaction=True)  # the worker manages its own connections
def test_the_worker_delivers_the_outbox_and_records_that_it_ran(smtp_down):
    smtp_down.down = False
    mail_queue(to=["a@example.com"], subject="Hej", body="Tekst")

    call_command("run_worker", "--once", verbosity=0)

    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    assert JobRun.objects.filter(name=JobRun.Name.WORKER).exists()


@pytest.mark.django_db
def test_the_admin_lists_the_outbox_and_can_resend(admin_client_, smtp_down):
    mail_queue(to=["a@example.com"], subject="Hej fra biblioteket", body="Tekst")
    email = Email.objects.get()
    Email.objects.update(status=STATUS.failed)

    listing = admin_client_.get(reverse("admin:post_office_email_changelist"))
    assert listing.status_code == 200
    assert "Hej fra biblioteket" in listing.content.decode()
    assert Email in site._registry

    resend = admin_client_.post(
        reverse("admin:post_office_email_changelist"),
        {"action": "requeue", "_selected_action": [email.pk]},
    )
    assert resend.status_code == 302
    email.refresh_from_db()
    assert email.status == STATUS.queued


# Growing back-off: EMAIL_RETRY_MINUTES, twice that, four times, … capped.


def minutes_until_next_try(email: Email) -> float:
    return (email.scheduled_time - timezone.now()).total_seconds() / 60


def attempt_when_due() -> Email:
    """Let the pause pass (make the mail due) and let the worker try once."""
    Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))
    outbox_deliver()
    return Email.objects.get()


@pytest.mark.django_db
def test_the_pause_between_retries_doubles_and_a_later_success_delivers_once(smtp_down, settings):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "MAX_RETRIES": 10,
        "RETRY_INTERVAL": timedelta(minutes=5),
    }
    mail_queue(to=["a@example.com"], subject="Hej", body="Tekst")

    pauses = []
    for _attempt in range(4):
        email = attempt_when_due()
        assert email.status == STATUS.requeued
        pauses.append(round(minutes_until_next_try(email)))
    assert pauses == [5, 10, 20, 40]
    assert email.number_of_retries == 4

    outbox_deliver()  # not due yet: nothing is tried
    assert Email.objects.get().logs.count() == 4

    smtp_down.down = False
    email = attempt_when_due()
    outbox_deliver()

    assert email.status == STATUS.sent
    assert [m.to for m in mail.outbox] == [["a@example.com"]]


@pytest.mark.django_db
def test_the_pause_is_capped_and_the_mail_is_failed_after_the_last_retry(smtp_down, settings):
    settings.EMAIL_RETRY_MAX_MINUTES = 30
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "MAX_RETRIES": 4,
        "RETRY_INTERVAL": timedelta(minutes=10),
    }
    mail_queue(to=["a@example.com"], subject="Hej", body="Tekst")

    pauses = [round(minutes_until_next_try(attempt_when_due())) for _attempt in range(4)]
    email = attempt_when_due()

    assert pauses == [10, 20, 30, 30]
    assert email.status == STATUS.failed
    assert email.number_of_retries == 4
    assert mail.outbox == []


def test_retry_delay_grows_from_the_interval_to_the_cap(settings):
    settings.EMAIL_RETRY_MAX_MINUTES = 360
    settings.POST_OFFICE = {**settings.POST_OFFICE, "RETRY_INTERVAL": timedelta(minutes=5)}

    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 7, 8, 500)] == [
        5,
        10,
        20,
        320,
        360,
        360,
    ]
