"""Figures precomputed per calendar month, so a year's statistics never scan every loan."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FiguresMonth(models.Model):
    """A calendar month that is over and whose figures are in ``MonthlyLoanFigures``."""

    month = models.DateField(_("month"), unique=True, help_text=_("Its first day."))
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("month of figures")
        verbose_name_plural = _("months of figures")
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class MonthlyLoanFigures(models.Model):
    """One depot agreement's books in one month: delivered in it, and back in it."""

    month = models.DateField(_("month"))
    agreement = models.ForeignKey(
        "kindergarten_depots.DepotAgreement", on_delete=models.CASCADE, related_name="+"
    )
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    returned = models.PositiveIntegerField(_("returned"), default=0)
    damaged = models.PositiveIntegerField(_("damaged"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)

    class Meta:
        verbose_name = _("monthly loan figures")
        verbose_name_plural = _("monthly loan figures")
        ordering = ["month", "agreement"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agreement"], name="reporting_monthly_loans_once"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} #{self.agreement_id}"
