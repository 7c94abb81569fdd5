"""The reminder e-mails of ``send_reminders``, each sent once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from tests.partnerships.factories import PartnershipFactory, TaskFactory, WinWinPartnershipFactory

# --- Reminders ---------------------------------------------------------------


@pytest.mark.django_db
def test_send_reminders_sends_each_reminder_once(partner_member, librarian):
    today = datetime.date(2027, 3, 1)
    partnership = WinWinPartnershipFactory(
        coordinator=librarian,
        review_date=today + datetime.timedelta(days=14),
        members=[partner_member],
    )
    PartnershipFactory(coordinator=librarian, review_date=today + datetime.timedelta(days=40))
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today + datetime.timedelta(days=1),
        title="I morgen",
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today - datetime.timedelta(days=3),
        title="Forsinket",
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today + datetime.timedelta(days=5),
        title="Senere",
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=today - datetime.timedelta(days=3),
        status="done",
        title="Færdig",
    )

    call_command("send_reminders", date=today.isoformat())
    first = [(m.to, m.subject) for m in mail.outbox]
    call_command("send_reminders", date=today.isoformat())

    assert len(mail.outbox) == len(first) == 3
    subjects = {subject for _to, subject in first}
    assert any("Evaluering af" in s for s in subjects)
    assert any("I morgen" in s for s in subjects)
    assert any("Forsinket" in s for s in subjects)
    assert [m.to for m in mail.outbox if "Evaluering af" in m.subject] == [[librarian.email]]
