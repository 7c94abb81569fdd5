"""Boxes that carry a swap's books, and the driver's stops."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kindergarten_depots.models.fields import actor_field
from kindergarten_depots.models.swaps import Swap


class Box(models.Model):
    """One box of books packed for a swap, with its own barcode.

    It is scanned out when the driver delivers it and scanned in when it comes back
    with the next collection.
    """

    swap = models.ForeignKey(
        Swap, verbose_name=_("swap"), on_delete=models.PROTECT, related_name="boxes"
    )
    number = models.PositiveIntegerField(_("box number"))
    barcode = models.CharField(_("barcode"), max_length=40, unique=True)
    books = models.PositiveIntegerField(_("books in the box"), default=0)
    out_at = models.DateTimeField(_("scanned out"), null=True, blank=True)
    out_by = actor_field(_("scanned out by"))
    in_at = models.DateTimeField(_("scanned in"), null=True, blank=True)
    in_by = actor_field(_("scanned in by"))

    class Meta:
        verbose_name = _("box")
        verbose_name_plural = _("boxes")
        ordering = ["swap", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["swap", "number"], name="kindergarten_depots_box_number_per_swap"
            )
        ]

    def __str__(self):
        return self.barcode

    @staticmethod
    def barcode_for(swap: Swap, number: int) -> str:
        """Return the barcode of box ``number`` of ``swap``: KASSE, swap id, box number."""
        return f"KASSE-{swap.pk}-{number}"

    @property
    def is_out(self) -> bool:
        return self.out_at is not None and self.in_at is None


class RouteStop(models.Model):
    """A swap as a stop on the driver's route of the day: order, pick-up, problems."""

    class Problem(models.TextChoices):
        NONE = "", _("No problem")
        CLOSED = "closed", _("Closed")
        NOBODY = "nobody", _("Nobody there")
        NO_ACCESS = "no_access", _("No access to the room")
        OTHER = "other", _("Other")

    swap = models.OneToOneField(
        Swap, verbose_name=_("swap"), on_delete=models.CASCADE, related_name="stop"
    )
    position = models.PositiveIntegerField(_("stop number"), default=0)
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    collected_by = actor_field(_("collected by"))
    problem = models.CharField(
        _("problem"), max_length=10, choices=Problem.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    noted_at = models.DateTimeField(_("problem noted"), null=True, blank=True)
    noted_by = actor_field(_("problem noted by"))

    class Meta:
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.swap}"
