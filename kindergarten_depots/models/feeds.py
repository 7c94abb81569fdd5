"""Private calendar feeds and catalogue uploads waiting for confirmation."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Branch, Partner, private_storage


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private iCalendar feed of swaps for one kindergarten or one branch.

    The secret token in the URL is the only key; regenerating it revokes the old URL.
    """

    kindergarten = models.OneToOneField(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="depot_calendar_feed",
    )
    branch = models.OneToOneField(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="depot_calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(kindergarten__isnull=True, branch__isnull=False)
                | Q(kindergarten__isnull=False, branch__isnull=True),
                name="kindergarten_depots_feed_for_one_thing",
            )
        ]

    def __str__(self):
        return str(self.kindergarten or self.branch)

    def get_absolute_url(self):
        return reverse("kindergarten_depots:calendar_feed", args=[self.token])

    def regenerate(self):
        self.token = _new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


class ImportBatch(models.Model):
    """An uploaded catalogue file: previewed, confirmed, then imported in the background."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for confirmation")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    token = models.CharField(max_length=64, unique=True, default=_new_token)
    file = models.FileField(upload_to="depot-imports/", storage=private_storage)
    filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return self.filename

    def is_stale(self) -> bool:
        return self.uploaded_at < timezone.now() - timedelta(days=1)

    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    def progress_percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
