"""The work in a partnership: tasks, hours spent and evaluations."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.partnerships import Partnership


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Task.Status.OPEN)

    def overdue(self, today=None):
        """Return the open tasks whose due date has passed (the same rule as ``Task.is_overdue``)."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Task(models.Model):
    """A piece of work in a partnership, assigned to one of its members."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        null=True,
        blank=True,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [F("due_date").asc(nulls_last=True), "pk"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"]),
            # The admin's list in the default order (empty due dates last, as in the index).
            models.Index(fields=["due_date", "id"]),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        """Return whether the task is open and its due date has passed."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.OPEN and self.due_date is not None and self.due_date < today
        )


class TimeEntry(models.Model):
    """Hours someone spent on a partnership: what it really costs against its estimate."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="time_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), _("The hours must be more than 0.")),
            MaxValueValidator(Decimal("24"), _("A day has at most 24 hours.")),
        ],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["user", "date"]),
            # The admin's list (newest first) and the statistics' date ranges.
            models.Index(fields=["-date", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="partnerships_timeentry_hours_range",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]

    def __str__(self):
        # Localised, as the audit log keeps this text for the history page.
        date = formats.date_format(self.date, "SHORT_DATE_FORMAT") if self.date else ""
        hours = formats.number_format(Decimal(self.hours).normalize()) if self.hours else ""
        return f"{self.user}, {date}: {hours}"


class Evaluation(models.Model):
    """An evaluation of a partnership, at its review or when it ends."""

    class GoalsMet(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Recommendation(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        CHANGE = "change", _("Continue with changes")
        END = "end", _("End")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluations"
    )
    goals_met = models.CharField(_("were the goals met?"), max_length=10, choices=GoalsMet.choices)
    goals_comment = models.TextField(_("about the goals"), blank=True)
    library_gained = models.BooleanField(_("the library gained what it hoped for"), default=False)
    partner_gained = models.BooleanField(_("the partner gained what it hoped for"), default=False)
    win_win_comment = models.TextField(_("about the win-win"), blank=True)
    people_reached = models.PositiveIntegerField(_("children/people reached"), default=0)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self):
        return f"{self.partnership} {self.evaluated_on}"
