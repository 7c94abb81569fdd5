"""Rows every app shares: when each background job last ran (for /healthz)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The last time a recurring job (the worker, reminders, purges) ran to its end."""

    class Name(models.TextChoices):
        WORKER = "worker", _("Worker")
        REMINDERS = "reminders", _("Reminders")
        PURGE = "purge", _("Data purge")

    name = models.CharField(_("job"), max_length=40, choices=Name.choices, unique=True)
    last_run_at = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self):
        return f"{self.get_name_display()}: {self.last_run_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, name: str) -> None:
        """Note that job ``name`` ran now."""
        cls.objects.update_or_create(name=name, defaults={"last_run_at": timezone.now()})
