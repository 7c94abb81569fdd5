"""Reminders of the championship, in the digest of ``manage.py send_reminders``."""

import datetime
from collections.abc import Iterator
from datetime import timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerships.digest import Reminder, digest_send
from partnerships.notifications import absolute_url
from readaloud.models import JudgeAssignment

JUDGE_NOTICE_DAYS = 3


def send_due_reminders(*, today, stdout=None) -> int:
    """Send the judge reminders due ``today`` as digests; return how many e-mails."""
    return digest_send(items=due_reminders(today=today), today=today)


def due_reminders(*, today: datetime.date, days: int = 1) -> Iterator[Reminder]:
    """Remind the judges of heats held within three days (once per judge and heat)."""
    assignments = (
        JudgeAssignment.objects.filter(
            excluded=False,
            judge__is_active=True,
            heat__closed_at=None,
            heat__round__date__gte=today,
            heat__round__date__lte=today + timedelta(days=JUDGE_NOTICE_DAYS + days - 1),
        )
        .select_related("judge", "heat__round__championship")
        .order_by("pk")
    )
    for assignment in assignments.iterator(chunk_size=2000):
        heat = assignment.heat
        params = {
            "heat": heat,
            "championship": heat.round.championship.name,
            "date": date_format(heat.round.date, "SHORT_DATE_FORMAT"),
        }
        yield Reminder(
            to=assignment.judge.email,
            name=assignment.judge.full_name,
            key=f"readaloud-judge:{heat.pk}:{heat.round.date.isoformat()}",
            section=_("Heats you judge"),
            text=_("%(heat)s in %(championship)s on %(date)s") % params,
            url=absolute_url(reverse("readaloud:judge_heat", args=[heat.pk])),
            subject=_("You judge %(heat)s on %(date)s") % params,
            note=_(
                "Open the page on your phone to score the readers, one screen per reader. "
                "Prefer paper? The page also has blank score sheets to print."
            ),
            order=80,
        )
