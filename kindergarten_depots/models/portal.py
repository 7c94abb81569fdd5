"""What kindergartens tell the library: wishes and loss reports."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kindergarten_depots.models.agreements import (
    AgeGroup,
    AgreementScopedQuerySet,
    DepotAgreement,
    Theme,
)
from kindergarten_depots.models.fields import actor_field
from kindergarten_depots.models.swaps import Loan, Swap


class WishQuerySet(AgreementScopedQuerySet):
    def open(self):
        return self.filter(status=Wish.Status.OPEN)


class Wish(models.Model):
    """What a kindergarten asks for in its next swap."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULFILLED = "fulfilled", _("Fulfilled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agreement = models.ForeignKey(
        DepotAgreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="wishes"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes",
    )
    age_group = models.CharField(_("age group"), max_length=3, choices=AgeGroup.choices, blank=True)
    text = models.TextField(_("wish"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = actor_field(_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    fulfilled_by = models.ForeignKey(
        Swap,
        verbose_name=_("fulfilled with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilled_wishes",
    )
    withdrawn_by = actor_field(_("withdrawn by"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = WishQuerySet.as_manager()

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        parts = [str(self.theme or ""), self.get_age_group_display(), self.text]
        return " · ".join(part for part in parts if part)

    def can_be_withdrawn(self) -> bool:
        return self.status == self.Status.OPEN


class LossReport(models.Model):
    """A kindergarten's report that a book is missing or damaged (never charged)."""

    class Kind(models.TextChoices):
        LOST = "lost", _("Lost")
        DAMAGED = "damaged", _("Damaged")

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="loss_reports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    reported_by = actor_field(_("reported by"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("loss report")
        verbose_name_plural = _("loss reports")
        ordering = ["-reported_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.loan.item}"
