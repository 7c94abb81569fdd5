"""Partnerships, the organisations and people in them, and their status history."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import roles
from partnerships.models.partners import Partner
from toolkit.querysets import VisibleToQuerySet


class PartnershipQuerySet(VisibleToQuerySet):
    def scoped_to(self, user):
        """Partner members see the partnerships they coordinate or belong to."""
        if roles.is_partner_member(user):
            return self.involving(user)
        return self.none()

    def involving(self, user):
        """Return the partnerships ``user`` coordinates or is a member of.

        A UNION of two indexed lookups, not an ``OR`` across the members join with
        ``DISTINCT`` (which scans both tables).
        """
        coordinated = Partnership.objects.filter(coordinator=user).order_by().values("pk")
        member_of = PartnershipMember.objects.filter(user=user).order_by().values("partnership_id")
        return self.filter(pk__in=coordinated.union(member_of))

    def running(self):
        """Return the partnerships that have not ended."""
        return self.exclude(status=Partnership.Status.ENDED)

    def review_due_by(self, day):
        """Return the partnerships still running whose review falls on or before ``day``."""
        return self.running().filter(review_date__lte=day)


@dataclass(frozen=True)
class HoursSummary:
    """The hours logged on a partnership against its estimate."""

    per_person: list[dict]
    used: Decimal
    estimate: Decimal | None

    @property
    def over_estimate(self) -> bool:
        return self.estimate is not None and self.used > self.estimate

    @property
    def percent(self) -> int | None:
        """Return the share of the estimate used, capped at 100 (None without an estimate)."""
        if not self.estimate:
            return None
        return min(int(self.used / self.estimate * 100), 100)


class Partnership(models.Model):
    """An agreement between the library and one or more partner organisations."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("SKOFO / school collaboration")
        KINDERGARTEN_DEPOT = "kindergarten_depot", _("Kindergarten depot")
        KINDERGARTEN_LIBRARY = "kindergarten_library", _("Kindergarten library")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        NEGOTIATING = "negotiating", _("Negotiating")
        ACTIVE = "active", pgettext_lazy("partnership status", "Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Scope(models.TextChoices):
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    partners = models.ManyToManyField(
        Partner,
        verbose_name=_("partner organisations"),
        through="PartnershipPartner",
        related_name="partnerships",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for an ongoing partnership.")
    )
    review_date = models.DateField(
        _("review date"),
        null=True,
        blank=True,
        help_text=_("When the partnership is to be evaluated; the coordinator is reminded."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    library_contributes = models.TextField(_("what the library contributes"), blank=True)
    partner_contributes = models.TextField(_("what the partner contributes"), blank=True)
    library_gains = models.TextField(_("what the library gains"), blank=True)
    partner_gains = models.TextField(_("what the partner gains"), blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.SMALL)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
    )
    backing_approved_by = models.CharField(
        _("backing approved by"),
        max_length=150,
        blank=True,
        help_text=_("Who in management approved the partnership, e.g. the head of libraries."),
    )
    backing_approved_on = models.DateField(_("backing approved on"), null=True, blank=True)
    backing_note = models.TextField(_("note on the backing"), blank=True)
    evaluation_skipped_reason = models.TextField(
        _("why the partnership ended without an evaluation"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = [Lower("title"), "pk"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["review_date"]),
            # The partnership list is sorted by title: read its first page from the index.
            models.Index(fields=["title", "id"], name="partnerships_title_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partnerships_partnership_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
                violation_error_code="end_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.pk])

    def clean(self):
        # Whatever form edits it (the page or the admin), an active partnership stays a win-win.
        if self.pk and self.status == self.Status.ACTIVE and not self.is_win_win():
            raise ValidationError(
                _(
                    "The partnership is active, so what both sides gain must stay written "
                    "down. Pause it first if that is to change."
                ),
                code="active_needs_win_win",
            )

    def is_win_win(self) -> bool:
        """Return whether both sides' gains are written down."""
        return bool(self.library_gains.strip() and self.partner_gains.strip())

    def latest_backing_request(self):
        """Return the newest backing request, its decisions fetched, or None."""
        return self.backing_requests.prefetch_related("decisions__decided_by").first()

    def has_approved_backing(self) -> bool:
        """Return whether a library manager approved the newest backing request."""
        request = self.latest_backing_request()
        return request is not None and request.state() == request.State.APPROVED

    def has_legacy_backing(self) -> bool:
        """Return whether backing was written down as free text, before approvals existed."""
        return bool(self.backing_approved_by.strip() and self.backing_approved_on)

    def has_backing(self) -> bool:
        """Return whether management backs the partnership.

        That is an approved backing request. Free text recorded before approvals
        existed still counts for a partnership that has already been active (active
        or paused), so resuming it needs no new approval; it never lets an idea or a
        negotiation become active.
        """
        if self.has_approved_backing():
            return True
        return self.has_legacy_backing() and self.status in (
            self.Status.ACTIVE,
            self.Status.PAUSED,
        )

    def activation_checklist(self) -> list[tuple[str, bool]]:
        """Return the win-win gate as (rule, fulfilled) pairs, shown on the page."""
        return [
            (_("What the library gains is written down"), bool(self.library_gains.strip())),
            (_("What the partner gains is written down"), bool(self.partner_gains.strip())),
            (_("A library manager has approved the backing"), self.has_backing()),
        ]

    def can_be_activated(self) -> bool:
        """Return whether the partnership is a win-win with management backing."""
        return self.is_win_win() and self.has_backing()

    def is_ended(self) -> bool:
        """Return whether the partnership has ended (it is then read-only)."""
        return self.status == self.Status.ENDED

    def is_review_due(self, today=None) -> bool:
        """Return whether the review date has come while the partnership still runs."""
        today = today or timezone.localdate()
        return (
            self.review_date is not None
            and self.review_date <= today
            and self.status != self.Status.ENDED
        )

    def is_review_overdue(self, today=None) -> bool:
        """Return whether the review date has passed while the partnership still runs."""
        today = today or timezone.localdate()
        return self.is_review_due(today) and self.review_date < today

    def hours_summary(self) -> HoursSummary:
        """Return the hours logged per person and in total, against the estimate."""
        per_person = list(
            self.time_entries.values("user__full_name", "user__email")
            .annotate(total=Sum("hours"))
            .order_by("-total", "user__full_name")
        )
        used = sum((row["total"] for row in per_person), Decimal("0"))
        return HoursSummary(per_person=per_person, used=used, estimate=self.estimated_hours)

    def allowed_transitions(self) -> list["Partnership.Status"]:
        """Return the statuses this partnership may move to next."""
        status = self.Status
        return {
            status.IDEA: [status.NEGOTIATING, status.ACTIVE, status.ENDED],
            status.NEGOTIATING: [status.IDEA, status.ACTIVE, status.ENDED],
            status.ACTIVE: [status.PAUSED, status.ENDED],
            status.PAUSED: [status.ACTIVE, status.ENDED],
            status.ENDED: [],
        }[self.status]

    def people(self):
        """Return the coordinator and the members as a queryset of users."""
        from accounts.models import User

        return (
            User.objects.filter(
                Q(pk=self.coordinator_id) | Q(partnership_memberships__partnership=self)
            )
            .distinct()
            .order_by("full_name")
        )

    def is_member(self, user) -> bool:
        """Return whether ``user`` coordinates or is a member of this partnership."""
        if user.pk == self.coordinator_id:
            return True
        return self.memberships.filter(user=user).exists()


class PartnershipPartner(models.Model):
    """A partner organisation taking part in a partnership (kept while history needs it)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("partner organisation in a partnership")
        verbose_name_plural = _("partner organisations in partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "partner"], name="partnerships_partner_once_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.partner} – {self.partnership}"


class PartnershipMember(models.Model):
    """A person working on a partnership: a librarian or someone from a partner."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="partnership_memberships",
    )
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("E.g. school librarian, organiser.")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "user"], name="partnerships_member_once_per_partnership"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.role})" if self.role else str(self.user)


class StatusChange(models.Model):
    """One step in a partnership's status workflow: who moved it, when, from what to what."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Partnership.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Partnership.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.partnership}: {self.from_status} → {self.to_status}"
