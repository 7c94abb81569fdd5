"""Reminders of the partnerships app, sent by ``manage.py send_reminders``."""

from datetime import timedelta

from django.utils.translation import gettext as _

from partnerships.models import Partnership
from partnerships.notifications import reminder_send_once

REVIEW_NOTICE_DAYS = 14


def send_due_reminders(*, today, stdout=None) -> int:
    """Send the coordinators of partnerships up for review within 14 days a reminder."""
    sent = 0
    due = (
        Partnership.objects.filter(
            review_date__gte=today,
            review_date__lte=today + timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .exclude(status=Partnership.Status.ENDED)
        .select_related("coordinator")
    )
    for partnership in due:
        sent += reminder_send_once(
            key=f"partnership-review:{partnership.pk}:{partnership.review_date.isoformat()}",
            to=partnership.coordinator.email,
            subject=_("Review of %(title)s on %(date)s")
            % {"title": partnership.title, "date": partnership.review_date.strftime("%d.%m.%Y")},
            template="partnerships/email/review_reminder.txt",
            context={"partnership": partnership},
        )
    return sent
