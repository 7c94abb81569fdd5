"""The reminders of ``send_reminders``: one digest per person, each reminder sent once,
weekly while overdue, and nothing for ended or paused partnerships."""

import datetime
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.models import Partnership
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory, TaskFactory, WinWinPartnershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)  # a Monday


def run(day: datetime.date) -> list:
    """Run the daily command on ``day``; return the mails it sent."""
    before = len(mail.outbox)
    call_command("send_reminders", date=day.isoformat(), verbosity=0)
    return mail.outbox[before:]


def mails_to(messages, user) -> list:
    return [m for m in messages if m.to == [user.email]]


def test_a_person_gets_one_digest_with_all_their_items_and_only_once(partner_member, librarian):
    partnership = WinWinPartnershipFactory(
        title="SKOFO",
        status=Partnership.Status.ACTIVE,
        coordinator=librarian,
        review_date=TODAY + timedelta(days=14),
        end_date=TODAY + timedelta(weeks=3),
        members=[partner_member],
    )
    PartnershipFactory(coordinator=librarian, review_date=TODAY + timedelta(days=40))
    for title, due in [
        ("I morgen", TODAY + timedelta(days=1)),
        ("Forsinket", TODAY - timedelta(days=3)),
        ("Meget forsinket", TODAY - timedelta(days=30)),
        ("Senere", TODAY + timedelta(days=5)),
    ]:
        TaskFactory(partnership=partnership, assignee=partner_member, due_date=due, title=title)
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=TODAY - timedelta(days=3),
        status="done",
        title="Færdig",
    )

    first = run(TODAY)
    again = run(TODAY)

    assert again == []
    member_mails = mails_to(first, partner_member)
    assert len(member_mails) == 1
    body = member_mails[0].body
    assert "Forfaldne opgaver" in body
    assert "“Forsinket” i “SKOFO”, frist 26.02.2027" in body
    assert "“Meget forsinket”" in body
    assert "“I morgen”" in body
    assert "“SKOFO” slutter den 22.03.2027" in body
    assert "Senere" not in body and "Færdig" not in body
    assert "4 påmindelser" in member_mails[0].subject
    coordinator_mails = mails_to(first, librarian)
    assert len(coordinator_mails) == 1
    assert "Evaluering af SKOFO" in coordinator_mails[0].body or "evaluering" in (
        coordinator_mails[0].body.lower()
    )
    assert "/partnerskaber/" in coordinator_mails[0].body
    assert len(first) == 2


def test_a_single_reminder_keeps_its_own_subject(librarian):
    PartnershipFactory(
        title="Læseklub", coordinator=librarian, review_date=TODAY + timedelta(days=14)
    )

    (message,) = run(TODAY)

    assert message.subject == "Evaluering af Læseklub den 15.03.2027"
    assert message.to == [librarian.email]


def test_reminder_dates_follow_the_date_format_of_the_mails_language(settings, librarian):
    # Mails are written in the installation's language; an English installation
    # gets the project's English short date, not the Danish one.
    settings.LANGUAGE_CODE = "en"
    PartnershipFactory(
        title="Reading club", coordinator=librarian, review_date=TODAY + timedelta(days=14)
    )

    (message,) = run(TODAY)

    assert "15 Mar 2027" in message.subject
    assert "15.03.2027" not in message.subject + message.body


@pytest.mark.parametrize("status", [Partnership.Status.ENDED, Partnership.Status.PAUSED])
def test_nothing_is_sent_for_an_ended_or_paused_partnership(status, librarian, partner_member):
    partnership = PartnershipFactory(
        coordinator=librarian,
        review_date=TODAY - timedelta(days=10),
        end_date=TODAY + timedelta(days=7),
        members=[partner_member],
    )
    TaskFactory(
        partnership=partnership, assignee=partner_member, due_date=TODAY - timedelta(days=2)
    )
    TaskFactory(
        partnership=partnership, assignee=partner_member, due_date=TODAY + timedelta(days=1)
    )
    assert len(run(TODAY - timedelta(days=7))) == 2  # while it ran, both were reminded

    Partnership.objects.filter(pk=partnership.pk).update(status=status)

    assert run(TODAY) == []
    assert run(TODAY + timedelta(days=7)) == []


def test_the_end_date_reminder_reaches_the_coordinator_and_every_member(
    settings, librarian, partner_member
):
    settings.PARTNERSHIP_END_REMINDER_WEEKS = 4
    colleague = UserFactory(full_name="Kim Kollega", roles=["Librarian"])
    gone = UserFactory(full_name="Tidligere Kollega", roles=["Librarian"], is_active=False)
    PartnershipFactory(
        title="Depot Rønde",
        status=Partnership.Status.ACTIVE,
        coordinator=librarian,
        end_date=TODAY + timedelta(weeks=4),
        members=[partner_member, colleague, gone],
    )

    too_early = run(TODAY - timedelta(days=1))
    due = run(TODAY)
    later = run(TODAY + timedelta(days=3))

    assert too_early == [] and later == []
    assert sorted(m.to[0] for m in due) == sorted(
        [librarian.email, partner_member.email, colleague.email]
    )
    assert all(m.subject == "Depot Rønde slutter den 29.03.2027: forny eller afslut" for m in due)
    assert "ændr slutdatoen" in due[0].body


def test_changing_the_end_date_gives_a_new_reminder(settings, librarian):
    settings.PARTNERSHIP_END_REMINDER_WEEKS = 2
    partnership = PartnershipFactory(coordinator=librarian, end_date=TODAY + timedelta(days=10))
    assert len(run(TODAY)) == 1

    Partnership.objects.filter(pk=partnership.pk).update(end_date=TODAY + timedelta(days=12))

    assert len(run(TODAY + timedelta(days=1))) == 1


def test_an_overdue_review_is_reminded_again_after_a_week_not_before(librarian):
    review = TODAY
    PartnershipFactory(title="SKOFO", coordinator=librarian, review_date=review)
    run(review - timedelta(days=14))  # the notice two weeks before

    days_sent = [offset for offset in range(0, 23) if run(review + timedelta(days=offset))]

    assert days_sent == [1, 8, 15, 22]
    last = mail.outbox[-1]
    assert last.subject == "Evalueringen af SKOFO er forsinket (01.03.2027)"
    assert last.to == [librarian.email]


def test_an_overdue_task_is_reminded_once_a_week(librarian):
    partnership = PartnershipFactory(coordinator=librarian)
    TaskFactory(partnership=partnership, due_date=TODAY, title="Bestil bøger")

    days_sent = [offset for offset in range(-1, 16) if run(TODAY + timedelta(days=offset))]

    assert days_sent == [-1, 1, 8, 15]


def test_a_weekly_digest_goes_out_on_the_chosen_weekday_and_looks_a_week_ahead(settings, librarian):
    settings.REMINDER_DIGEST = "weekly"
    settings.REMINDER_DIGEST_WEEKDAY = 1  # Monday
    partnership = PartnershipFactory(coordinator=librarian)
    TaskFactory(partnership=partnership, due_date=TODAY + timedelta(days=5), title="Fredag")
    TaskFactory(partnership=partnership, due_date=TODAY - timedelta(days=2), title="Lørdag")

    sunday = run(TODAY - timedelta(days=1))
    monday = run(TODAY)

    assert sunday == []
    (message,) = monday
    assert "“Fredag”" in message.body and "“Lørdag”" in message.body


def test_saving_an_evaluation_sets_the_next_review_date(settings, librarian):
    settings.PARTNERSHIP_REVIEW_INTERVAL_MONTHS = 12
    partnership = PartnershipFactory(coordinator=librarian, review_date=TODAY)

    services.evaluation_create(
        partnership=partnership,
        by=librarian,
        goals_met="yes",
        recommendation="continue",
        evaluated_on=datetime.date(2027, 3, 10),
    )

    partnership.refresh_from_db()
    assert partnership.review_date == datetime.date(2028, 3, 10)
    assert run(TODAY + timedelta(days=15)) == []  # the overdue reminders stop


def test_the_review_interval_is_configurable_and_keeps_to_the_month(settings):
    settings.PARTNERSHIP_REVIEW_INTERVAL_MONTHS = 6
    assert services.review_date_after(datetime.date(2027, 8, 31)) == datetime.date(2028, 2, 29)
    settings.PARTNERSHIP_REVIEW_INTERVAL_MONTHS = 12
    assert services.review_date_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_the_evaluation_page_sets_and_shows_the_next_review_date(
    settings, librarian_client, librarian
):
    settings.PARTNERSHIP_REVIEW_INTERVAL_MONTHS = 12
    today = timezone.localdate()
    partnership = PartnershipFactory(coordinator=librarian, review_date=today)

    response = librarian_client.post(
        reverse("partnerships:partnership_evaluation", args=[partnership.pk]),
        {
            "goals_met": "partly",
            "recommendation": "change",
            "evaluated_on": today.isoformat(),
            "people_reached": "40",
        },
        follow=True,
    )

    partnership.refresh_from_db()
    next_review = services.review_date_after(today)
    assert next_review.year == today.year + 1
    assert partnership.review_date == next_review
    assert f"Næste evaluering er den {next_review:%d.%m.%Y}" in response.content.decode()


def test_ending_with_an_evaluation_sets_no_next_review(librarian):
    partnership = WinWinPartnershipFactory(
        coordinator=librarian, status=Partnership.Status.ACTIVE, review_date=TODAY
    )

    services.partnership_end(
        partnership=partnership,
        by=librarian,
        end_date=TODAY,
        evaluation={"goals_met": "yes", "recommendation": "end", "evaluated_on": TODAY},
    )

    partnership.refresh_from_db()
    assert partnership.review_date == TODAY


def test_a_busy_day_of_digests_is_delivered_over_one_connection(settings, librarian):
    from accounts.outbox import outbox_deliver
    from tests.accounts.test_outbox_delivery import CountingBackend

    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.accounts.test_outbox_delivery.CountingBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    CountingBackend.opened = 0
    CountingBackend.refuse = False
    CountingBackend.reject = set()
    partnership = PartnershipFactory(coordinator=librarian)
    people = [UserFactory(roles=["Librarian"]) for _ in range(6)]
    for person in people:
        for n in range(5):
            TaskFactory(partnership=partnership, assignee=person, due_date=TODAY - timedelta(n + 1))

    run(TODAY)
    assert mail.outbox == []  # queued, not yet sent
    sent, failed, requeued = outbox_deliver()

    assert (sent, failed, requeued) == (6, 0, 0)
    assert CountingBackend.opened == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.body.count("- “Opgave") == 5 for m in mail.outbox)


def test_a_dry_run_with_timing_sends_and_records_nothing(librarian):
    from io import StringIO

    from partnerships.models import SentReminder

    partnership = PartnershipFactory(coordinator=librarian)
    TaskFactory(partnership=partnership, due_date=TODAY - timedelta(days=2))
    out = StringIO()

    call_command("send_reminders", date=TODAY.isoformat(), dry_run=True, timing=True, stdout=out)

    assert "1 reminder(s) would be sent" in out.getvalue()
    assert "SQL queries" in out.getvalue()
    assert mail.outbox == []
    assert not SentReminder.objects.exists()
    assert len(run(TODAY)) == 1  # the real run still sends it
