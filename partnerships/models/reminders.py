"""The record of reminder e-mails already sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    """A reminder e-mail that has been sent, so that ``send_reminders`` never sends it twice.

    ``key`` names what the reminder is about and for which occasion, e.g.
    ``"partnership-review:12:2027-03-01"``; together with the recipient it is unique.
    """

    key = models.CharField(max_length=200)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"], name="partnerships_reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient}"
