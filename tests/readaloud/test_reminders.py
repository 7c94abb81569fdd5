import datetime

import pytest
from django.core import mail

from readaloud.reminders import send_due_reminders
from tests.readaloud.factories import HeatFactory, JudgeAssignmentFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_judges_are_reminded_once_a_few_days_before_their_heat(championship):
    heat = HeatFactory(
        round=RoundFactory(championship=championship, number=1, date=datetime.date(2027, 3, 4)),
        name="Rønde Skole",
    )
    assignment = JudgeAssignmentFactory(heat=heat)
    JudgeAssignmentFactory(heat=heat, excluded=True, excluded_reason="Syg")

    too_early = send_due_reminders(today=datetime.date(2027, 2, 20))
    first = send_due_reminders(today=datetime.date(2027, 3, 2))
    again = send_due_reminders(today=datetime.date(2027, 3, 3))

    assert (too_early, first, again) == (0, 1, 0)
    assert mail.outbox[0].to == [assignment.judge.email]
    assert "04.03.2027" in mail.outbox[0].subject
    assert f"/oplaesning/bedoemmelse/heats/{heat.pk}/" in mail.outbox[0].body
