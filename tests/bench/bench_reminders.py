"""Benchmark of ``send_reminders`` on a busy day, then the outbox delivery: not
collected by default.

Run: .venv/bin/pytest -q -s tests/bench/bench_reminders.py
(set DATABASE_URL to run it against PostgreSQL, as in production; PEOPLE=…,
PARTNERSHIPS=… and TASKS=… change the size). It bulk-creates people, partnerships
(a third with an overdue review, a fifth ending within the notice) and overdue and
due-tomorrow tasks, then times three steps: the day's run (digests queued in the
outbox), the delivery of the outbox through a local backend that counts its
connections, and a second run the same day (nothing new). It asserts only that each
person got one digest and the second run sent nothing; timings are printed.
"""

import os
import resource
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from post_office.models import Email

from accounts.models import User
from accounts.outbox import outbox_deliver
from partnerships.models import Partnership, PartnershipMember, Task
from tests.accounts.test_outbox_delivery import CountingBackend

PEOPLE = int(os.environ.get("PEOPLE", "1000"))
PARTNERSHIPS = int(os.environ.get("PARTNERSHIPS", "300"))
TASKS = int(os.environ.get("TASKS", "30000"))
TODAY = date(2027, 3, 1)


def busy_day() -> list[User]:
    """Bulk-create the people, partnerships and tasks of a busy reminder day."""
    people = User.objects.bulk_create(
        User(email=f"bench{n}@example.com", full_name=f"Bench Person {n}", password="!")
        for n in range(PEOPLE)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            title=f"Partnerskab {n}",
            kind=Partnership.Kind.SCHOOL,
            status=Partnership.Status.ACTIVE,
            coordinator=people[n % PEOPLE],
            review_date=TODAY - timedelta(days=n % 40) if n % 3 == 0 else None,
            end_date=TODAY + timedelta(days=n % 40) if n % 5 == 0 else None,
        )
        for n in range(PARTNERSHIPS)
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(partnership=partnership, user=people[(index * 7 + k) % PEOPLE])
        for index, partnership in enumerate(partnerships)
        for k in range(1, 5)
        if (index * 7 + k) % PEOPLE != index % PEOPLE
    )
    Task.objects.bulk_create(
        (
            Task(
                partnership=partnerships[n % PARTNERSHIPS],
                title=f"Opgave {n}",
                assignee=people[n % PEOPLE],
                created_by=people[0],
                # nine in ten overdue (by up to 60 days), the rest due tomorrow
                due_date=TODAY - timedelta(days=1 + n % 60) if n % 10 else TODAY + timedelta(1),
            )
            for n in range(TASKS)
        ),
        batch_size=2000,
    )
    return people


def timed(step):
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        result = step()
    return result, time.perf_counter() - started, queries[0]


@pytest.mark.django_db
def test_bench_send_reminders_on_a_busy_day(settings):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.accounts.test_outbox_delivery.CountingBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    CountingBackend.opened = 0
    CountingBackend.refuse = False
    CountingBackend.reject = set()
    busy_day()

    def remind():
        call_command("send_reminders", date=TODAY.isoformat(), verbosity=0)
        return Email.objects.count()

    queued, remind_s, remind_q = timed(remind)
    (sent, _failed, _requeued), deliver_s, deliver_q = timed(outbox_deliver)
    again, again_s, again_q = timed(remind)

    assert queued == sent == len(mail.outbox) == len({m.to[0] for m in mail.outbox})
    assert again == queued
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{connection.vendor}: {PEOPLE} people, {PARTNERSHIPS} partnerships, {TASKS} tasks"
        f"\nsend_reminders: {queued} digest mails queued in {remind_s:.2f} s "
        f"({remind_q} queries)"
        f"\noutbox delivery: {sent} mails over {CountingBackend.opened} connection(s) in "
        f"{deliver_s:.2f} s ({deliver_q} queries)"
        f"\nsecond run the same day: nothing new in {again_s:.2f} s ({again_q} queries)"
        f"\npeak memory {peak:.0f} MB"
    )
