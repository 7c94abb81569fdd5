"""Reminders of the partnerships app, sent by ``manage.py send_reminders``."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from partnerships.models import Partnership, Task
from partnerships.notifications import reminder_send_once

REVIEW_NOTICE_DAYS = 14


def send_due_reminders(*, today, stdout=None) -> int:
    """Send the day's review and task reminders; return how many e-mails went out."""
    return _review_reminders(today) + _task_reminders(today)


def _review_reminders(today) -> int:
    """Remind coordinators of partnerships up for review within 14 days (once per review date)."""
    sent = 0
    due = (
        Partnership.objects.review_due_by(today + timedelta(days=REVIEW_NOTICE_DAYS))
        .filter(review_date__gte=today)
        .select_related("coordinator")
    )
    for partnership in due:
        sent += reminder_send_once(
            key=f"partnership-review:{partnership.pk}:{partnership.review_date.isoformat()}",
            to=partnership.coordinator.email,
            subject=_("Review of %(title)s on %(date)s"),
            subject_params={
                "title": partnership.title,
                "date": partnership.review_date.strftime("%d.%m.%Y"),
            },
            template="partnerships/email/review_reminder.txt",
            context={"partnership": partnership},
        )
    return sent


def _task_reminders(today) -> int:
    """Remind assignees of open tasks due tomorrow (once) and of overdue ones (once a week)."""
    sent = 0
    tasks = (
        Task.objects.open()
        .filter(
            assignee__isnull=False,
            assignee__is_active=True,
            due_date__lte=today + timedelta(days=1),
        )
        .select_related("assignee", "partnership")
    )
    year, week, _weekday = today.isocalendar()
    for task in tasks:
        overdue = task.is_overdue(today)
        if overdue:
            key = f"task-overdue:{task.pk}:{task.due_date.isoformat()}:{year}-W{week:02d}"
            subject = _("Overdue task: %(title)s")
        elif task.due_date == today + timedelta(days=1):
            key = f"task-due:{task.pk}:{task.due_date.isoformat()}"
            subject = _("Task due tomorrow: %(title)s")
        else:
            continue  # due today: the due-tomorrow reminder went out yesterday
        sent += reminder_send_once(
            key=key,
            to=task.assignee.email,
            subject=subject,
            subject_params={"title": task.title},
            template="partnerships/email/task_reminder.txt",
            context={"task": task, "partnership": task.partnership, "overdue": overdue},
        )
    return sent
