"""Reminders of the championship, sent by ``manage.py send_reminders``."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerships.notifications import absolute_url, reminder_send_once
from readaloud.models import JudgeAssignment

JUDGE_NOTICE_DAYS = 3


def send_due_reminders(*, today, stdout=None) -> int:
    """Remind the judges of heats held within three days (once per judge and heat)."""
    sent = 0
    assignments = (
        JudgeAssignment.objects.filter(
            excluded=False,
            heat__closed_at=None,
            heat__round__date__gte=today,
            heat__round__date__lte=today + timedelta(days=JUDGE_NOTICE_DAYS),
        )
        .select_related("judge", "heat__round__championship")
        .order_by("pk")
    )
    for assignment in assignments:
        heat = assignment.heat
        date = heat.round.date
        sent += reminder_send_once(
            key=f"readaloud-judge:{heat.pk}:{date.isoformat()}",
            to=assignment.judge.email,
            subject=_("You judge %(heat)s on %(date)s")
            % {"heat": heat, "date": date.strftime("%d.%m.%Y")},
            template="readaloud/email/judge_reminder.txt",
            context={
                "assignment": assignment,
                "heat": heat,
                "url": absolute_url(reverse("readaloud:judge_heat", args=[heat.pk])),
            },
        )
    return sent
