"""Management backing as an approval: a request, and the library managers' decisions on it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.partnerships import Partnership


class BackingRequestQuerySet(models.QuerySet):
    def undecided(self):
        """Return the requests no manager has decided on yet, of partnerships still running."""
        return self.filter(decisions__isnull=True).exclude(
            partnership__status=Partnership.Status.ENDED
        )


class BackingRequest(models.Model):
    """A request, made by a coordinator or librarian, that management backs a partnership."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="backing_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = BackingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("backing request")
        verbose_name_plural = _("backing requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return str(self.partnership)

    def state(self, decisions=None) -> "BackingRequest.State":
        """Return whether the request waits, is approved or is declined.

        Any decline declines it; otherwise one approval approves it. ``decisions``
        may be passed when they are already fetched.
        """
        if decisions is None:
            decisions = list(self.decisions.all())
        if any(not d.approved for d in decisions):
            return self.State.DECLINED
        if decisions:
            return self.State.APPROVED
        return self.State.PENDING


class BackingDecision(models.Model):
    """One library manager's approval or refusal of a backing request."""

    request = models.ForeignKey(
        BackingRequest,
        verbose_name=_("backing request"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    approved = models.BooleanField(_("approved"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("backing decision")
        verbose_name_plural = _("backing decisions")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "decided_by"], name="partnerships_backing_decided_once"
            )
        ]

    def __str__(self):
        return str(self.request)
