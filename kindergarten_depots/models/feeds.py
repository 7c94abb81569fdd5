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
    """An uploaded catalogue file waiting for the librarian to confirm the preview."""

    token = models.CharField(max_length=64, unique=True, default=_new_token)
    file = models.FileField(upload_to="depot-imports/", storage=private_storage)
    filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return self.filename

    def is_stale(self) -> bool:
        return self.uploaded_at < timezone.now() - timedelta(days=1)
