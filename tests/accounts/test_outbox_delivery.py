"""Outbox delivery: one SMTP connection per batch, no transaction held while sending,
failures recorded for a retry instead of raised."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection as db_connection
from django.utils import timezone
from post_office.models import STATUS, Email

from accounts.outbox import _claim, mail_queue, outbox_deliver


class CountingBackend(EmailBackend):
    """A local backend that counts the connections it opens and can misbehave.

    ``refuse`` makes every send fail as a dead server does; ``reject`` names
    addresses the server refuses one by one (the connection stays usable).
    """

    opened = 0
    sends = 0
    refuse = False
    reject: set = set()
    in_transaction: list = []

    def open(self):
        CountingBackend.opened += 1
        return True

    def send_messages(self, messages):
        CountingBackend.sends += 1
        CountingBackend.in_transaction.append(db_connection.in_atomic_block)
        if CountingBackend.refuse:
            raise ConnectionRefusedError(111, "Connection refused")
        for message in messages:
            if message.to[0] in CountingBackend.reject:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def backend(settings):
    """Queue mails (as in production) and deliver them through ``CountingBackend``."""
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.accounts.test_outbox_delivery.CountingBackend"},
        "DEFAULT_PRIORITY": "medium",
        "MAX_RETRIES": 3,
    }
    CountingBackend.opened = CountingBackend.sends = 0
    CountingBackend.refuse = False
    CountingBackend.reject = set()
    CountingBackend.in_transaction = []
    return CountingBackend


def queue(count: int) -> list[str]:
    addresses = [f"person{n}@example.com" for n in range(count)]
    for address in addresses:
        mail_queue(to=[address], subject="Påmindelse", body="Tekst")
    return addresses


@pytest.mark.django_db
def test_a_batch_of_mails_goes_over_one_connection(backend):
    addresses = queue(12)

    result = outbox_deliver()

    assert result == (12, 0, 0)
    assert backend.opened == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(addresses)
    assert Email.objects.filter(status=STATUS.sent).count() == 12


@pytest.mark.django_db
def test_the_outbox_is_sent_in_batches_of_one_connection_each(backend, settings):
    settings.EMAIL_BATCH_SIZE = 5
    queue(12)

    result = outbox_deliver()

    assert result == (12, 0, 0)
    assert backend.opened == 3
    assert len(mail.outbox) == 12


@pytest.mark.django_db
def test_a_dead_server_fails_nothing_and_the_batch_waits_for_a_retry(backend):
    queue(4)
    backend.refuse = True

    result = outbox_deliver()  # does not raise

    assert result == (0, 0, 4)
    assert backend.sends == 1  # the rest of the batch is not tried against a dead server
    assert mail.outbox == []
    emails = Email.objects.all()
    assert {e.status for e in emails} == {STATUS.requeued}
    assert {e.number_of_retries for e in emails} == {1}
    assert all(e.logs.get().exception_type == "ConnectionRefusedError" for e in emails)

    backend.refuse = False
    Email.objects.update(scheduled_time=None)  # the pause has passed
    assert outbox_deliver() == (4, 0, 0)
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_a_refused_address_fails_alone_and_the_rest_of_the_batch_is_sent(backend):
    addresses = queue(3)
    backend.reject = {addresses[1]}

    result = outbox_deliver()

    assert result == (2, 0, 1)
    assert backend.opened == 1
    assert sorted(m.to[0] for m in mail.outbox) == [addresses[0], addresses[2]]
    assert Email.objects.get(to=[addresses[1]]).status == STATUS.requeued


@pytest.mark.django_db
def test_mails_not_yet_due_are_not_claimed(backend):
    queue(2)
    outbox_deliver()
    opened = backend.opened

    assert outbox_deliver() == (0, 0, 0)
    assert backend.opened == opened  # nothing due: no connection at all


@pytest.mark.django_db(transaction=True)
def test_no_database_transaction_is_open_while_talking_to_the_server(backend):
    queue(3)

    outbox_deliver()

    assert backend.in_transaction == [False, False, False]
    assert Email.objects.filter(status=STATUS.sent).count() == 3


@pytest.mark.django_db
def test_a_claimed_batch_is_not_claimed_again_until_its_lease_runs_out(backend):
    queue(3)
    now = timezone.now()

    first = _claim(batch_size=10, started=now)
    second = _claim(batch_size=10, started=now)  # another worker meanwhile

    assert len(first) == 3
    assert second == {}
    # The first worker died mid-batch: once the lease has run out, the mails are due again.
    Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))
    assert len(_claim(batch_size=10, started=now)) == 3


@pytest.mark.django_db
def test_a_mail_sent_at_once_that_fails_is_left_for_the_worker_to_retry(backend, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "now"}
    backend.refuse = True

    assert mail_queue(to=["a@example.com"], subject="Hej", body="Tekst") == 1  # no error

    email = Email.objects.get()
    assert email.status == STATUS.requeued
    assert email.scheduled_time > timezone.now()
    backend.refuse = False
    Email.objects.update(scheduled_time=None)
    assert outbox_deliver() == (1, 0, 0)
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
