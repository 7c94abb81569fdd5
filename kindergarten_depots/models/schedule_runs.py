"""Regenerating the schedules of all active agreements in the background, with progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduleRun(models.Model):
    """One run of "generate the schedules of all active agreements" and how far it came.

    At most one run is waiting or running at a time (``in_progress`` is unique while
    true), so confirming twice queues one task.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    in_progress = models.BooleanField(default=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    agreements_total = models.PositiveIntegerField(_("agreements"), default=0)
    agreements_done = models.PositiveIntegerField(_("agreements done"), default=0)
    schedules_made = models.PositiveIntegerField(_("schedules generated"), default=0)
    swaps_created = models.PositiveIntegerField(_("swaps added"), default=0)
    swaps_kept = models.PositiveIntegerField(_("swaps kept"), default=0)
    swaps_removed = models.PositiveIntegerField(_("planned swaps replaced"), default=0)
    # [{"agreement": pk, "name": "…", "message": "…"}] for the agreements that failed.
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("schedule generation")
        verbose_name_plural = _("schedule generations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_progress"],
                condition=Q(in_progress=True),
                name="one_schedule_run_in_progress",
            )
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("kindergarten_depots:schedule_run_progress", args=[self.pk])

    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    def progress_percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.agreements_total:
            return 0
        return min(100, self.agreements_done * 100 // self.agreements_total)
