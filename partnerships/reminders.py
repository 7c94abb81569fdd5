"""Reminders of the partnerships app, in the digest of ``manage.py send_reminders``.

* Review: the coordinator, ``REVIEW_NOTICE_DAYS`` before the review date (once per
  date), then once a week while the date has passed (an evaluation moves it on).
* End: the coordinator and the members, ``PARTNERSHIP_END_REMINDER_WEEKS`` before the
  end date (once per end date): renew the partnership or let it end.
* Tasks: the assignee, the day before the due date (once), then once a week while overdue.

Nothing is sent for ended or paused partnerships.
"""

import datetime
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerships.digest import Reminder, digest_send
from partnerships.models import Partnership, PartnershipMember, Task
from partnerships.notifications import absolute_url

REVIEW_NOTICE_DAYS = 14
# Partnerships in these states are on hold or over: nobody is reminded of them.
HELD = [Partnership.Status.ENDED, Partnership.Status.PAUSED]
CHUNK = 2000


def send_due_reminders(*, today, stdout=None) -> int:
    """Send this app's reminders due ``today`` as digests; return how many e-mails."""
    return digest_send(items=due_reminders(today=today), today=today)


def due_reminders(*, today: datetime.date, days: int = 1) -> Iterator[Reminder]:
    """Yield the review, end and task reminders of a digest covering ``days`` days."""
    yield from _review_reminders(today, days)
    yield from _end_reminders(today, days)
    yield from _task_reminders(today, days)


def weeks_overdue(due: datetime.date, today: datetime.date) -> int:
    """Return which week of being overdue ``today`` is in: 0 for the first seven days
    after ``due``, 1 for the next seven, … (a weekly reminder carries this number)."""
    return ((today - due).days - 1) // 7


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _review_reminders(today, days) -> Iterator[Reminder]:
    """Remind coordinators of reviews coming up, and weekly of reviews overdue."""
    partnerships = (
        Partnership.objects.exclude(status__in=HELD)
        .filter(
            review_date__lte=today + timedelta(days=REVIEW_NOTICE_DAYS + days - 1),
            coordinator__is_active=True,
        )
        .select_related("coordinator")
        .only("pk", "title", "review_date", "coordinator__email", "coordinator__full_name")
        .order_by("pk")
    )
    note = _(
        "Look at what has been achieved, and record an evaluation: were the goals met, "
        "did both sides gain, how many were reached, and should the partnership continue, "
        "change or end?"
    )
    for partnership in partnerships.iterator(chunk_size=CHUNK):
        review = partnership.review_date
        params = {"title": partnership.title, "date": _date(review)}
        if review >= today:
            key = f"partnership-review:{partnership.pk}:{review.isoformat()}"
            section = _("Reviews coming up")
            text = _("“%(title)s” is due for review on %(date)s.") % params
            subject = _("Review of %(title)s on %(date)s") % params
        else:
            key = (
                f"partnership-review-overdue:{partnership.pk}:{review.isoformat()}:"
                f"{weeks_overdue(review, today)}"
            )
            section = _("Reviews overdue")
            text = _("“%(title)s” was due for review on %(date)s.") % params
            subject = _("The review of %(title)s is overdue (%(date)s)") % params
        yield Reminder(
            to=partnership.coordinator.email,
            name=partnership.coordinator.full_name,
            key=key,
            section=section,
            text=text,
            url=absolute_url(partnership.get_absolute_url()),
            subject=subject,
            note=note,
            order=30,
        )


def _end_reminders(today, days) -> Iterator[Reminder]:
    """Remind the coordinator and the members of partnerships ending within the notice."""
    weeks = settings.PARTNERSHIP_END_REMINDER_WEEKS
    partnerships = (
        Partnership.objects.exclude(status__in=HELD)
        .filter(end_date__gte=today, end_date__lte=today + timedelta(weeks=weeks, days=days - 1))
        .select_related("coordinator")
        .only(
            "pk",
            "title",
            "end_date",
            "coordinator__email",
            "coordinator__full_name",
            "coordinator__is_active",
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=PartnershipMember.objects.filter(user__is_active=True).select_related(
                    "user"
                ),
            )
        )
        .order_by("pk")
    )
    note = _(
        "To continue, agree a new period with the partner and change the end date. "
        "Otherwise end the partnership on the day, with an evaluation."
    )
    for partnership in partnerships.iterator(chunk_size=CHUNK):
        people = [member.user for member in partnership.memberships.all()]
        if partnership.coordinator.is_active:
            people.append(partnership.coordinator)
        params = {"title": partnership.title, "date": _date(partnership.end_date)}
        for person in people:
            yield Reminder(
                to=person.email,
                name=person.full_name,
                key=f"partnership-end:{partnership.pk}:{partnership.end_date.isoformat()}",
                section=_("Partnerships ending soon"),
                text=_("“%(title)s” ends on %(date)s.") % params,
                url=absolute_url(partnership.get_absolute_url()),
                subject=_("%(title)s ends on %(date)s: renew or end it") % params,
                note=note,
                order=40,
            )


def _task_reminders(today, days) -> Iterator[Reminder]:
    """Remind assignees of open tasks due soon (once) and of overdue ones (once a week)."""
    tasks = (
        Task.objects.open()
        .exclude(partnership__status__in=HELD)
        .filter(
            assignee__isnull=False,
            assignee__is_active=True,
            due_date__lte=today + timedelta(days=days),
        )
        .exclude(due_date=today)  # due today: reminded the day before
        .select_related("assignee", "partnership")
        .only(
            "pk",
            "title",
            "due_date",
            "partnership_id",
            "partnership__title",
            "assignee__email",
            "assignee__full_name",
        )
        .order_by("pk")
    )
    note = _("Mark it done when it is, or agree a new date with the coordinator.")
    urls = {}  # one reverse() per partnership, not per task
    for task in tasks.iterator(chunk_size=CHUNK):
        if task.partnership_id not in urls:
            urls[task.partnership_id] = absolute_url(
                reverse("partnerships:partnership_tasks", args=[task.partnership_id])
            )
        params = {
            "title": task.title,
            "partnership": task.partnership.title,
            "date": _date(task.due_date),
        }
        if task.due_date < today:
            key = (
                f"task-overdue:{task.pk}:{task.due_date.isoformat()}:"
                f"{weeks_overdue(task.due_date, today)}"
            )
            section = _("Overdue tasks")
            subject = _("Overdue task: %(title)s") % params
            order = 10
        else:
            key = f"task-due:{task.pk}:{task.due_date.isoformat()}"
            section = _("Tasks due soon")
            subject = _("Task due on %(date)s: %(title)s") % params
            order = 20
        yield Reminder(
            to=task.assignee.email,
            name=task.assignee.full_name,
            key=key,
            section=section,
            text=_("“%(title)s” in “%(partnership)s”, due %(date)s") % params,
            url=urls[task.partnership_id],
            subject=subject,
            note=note,
            order=order,
        )
