"""Swaps (deliveries), their packing lists and the loans they create."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kindergarten_depots.models.agreements import AgreementScopedQuerySet, DepotAgreement
from kindergarten_depots.models.fields import actor_field
from kindergarten_depots.models.items import Item


class SwapQuerySet(AgreementScopedQuerySet):
    def open(self):
        return self.exclude(status__in=[Swap.Status.CANCELLED, Swap.Status.COMPLETED])

    def coming(self, *, today):
        """Return the swaps still to be delivered on or after ``today`` (planned or packed)."""
        return self.filter(
            planned_date__gte=today, status__in=[Swap.Status.PLANNED, Swap.Status.PACKED]
        )

    def awaiting_receipt(self):
        """Return delivered swaps whose receipt the kindergarten has not confirmed yet."""
        return self.filter(status=Swap.Status.DELIVERED, received_at__isnull=True)

    def with_due_back_count(self):
        """Annotate ``due_back``: how many books of earlier deliveries each swap collects."""
        due_back = (
            Loan.objects.filter(agreement_id=OuterRef("agreement_id"), returned_on=None)
            .exclude(delivered_by_id=OuterRef("pk"))
            .order_by()
            .values("agreement_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(due_back=Coalesce(Subquery(due_back), 0))

    def with_people(self):
        """Fetch the agreement, kindergarten, branch and everyone a swap page names."""
        return self.select_related(
            "agreement__kindergarten",
            "agreement__branch",
            "agreement__contact",
            "packed_by",
            "unpacked_by",
            "delivered_by",
            "checked_in_by",
            "received_by",
            "moved_by",
            "cancelled_by",
        )


class Swap(models.Model):
    """One delivery of fresh books to a kindergarten (udskiftning)."""

    # The badge colour of each status wherever a swap's status is shown.
    STATUS_BADGES = {
        "planned": "text-bg-light border",
        "packed": "text-bg-warning",
        "delivered": "text-bg-primary",
        "completed": "text-bg-success",
        "cancelled": "text-bg-secondary",
    }

    class Kind(models.TextChoices):
        SWAP = "swap", _("Swap")
        FINAL_COLLECTION = "final", _("Final collection")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PACKED = "packed", _("Packed")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        DepotAgreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="swaps"
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SWAP,
        help_text=_("A final collection brings the last books home and delivers none."),
    )
    sequence = models.PositiveIntegerField(_("number"), default=1)
    planned_date = models.DateField(_("date"))
    original_date = models.DateField(_("originally planned for"))
    moved_reason = models.CharField(_("why the date moved"), max_length=300, blank=True)
    moved_by = actor_field(_("moved by"))
    moved_at = models.DateTimeField(_("moved"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by = actor_field(_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    held = models.BooleanField(
        _("held while the agreement is paused"),
        default=False,
        help_text=_("Cancelled by the pause, not by hand: resuming plans the schedule anew."),
    )
    packed_by = actor_field(_("packed by"))
    packed_at = models.DateTimeField(_("packed"), null=True, blank=True)
    unpacked_by = actor_field(_("packing list reopened by"))
    unpacked_at = models.DateTimeField(_("packing list reopened"), null=True, blank=True)
    delivered_by = actor_field(_("delivered by"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    checked_in_by = actor_field(_("returns checked in by"))
    checked_in_at = models.DateTimeField(_("returns checked in"), null=True, blank=True)
    received_by = actor_field(_("receipt confirmed by"))
    received_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SwapQuerySet.as_manager()

    class Meta:
        verbose_name = _("swap")
        verbose_name_plural = _("swaps")
        ordering = ["planned_date", "pk"]
        indexes = [
            models.Index(fields=["planned_date", "status"]),
            models.Index(fields=["agreement", "planned_date"]),
        ]

    def __str__(self):
        return f"{self.agreement.kindergarten} {self.planned_date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("kindergarten_depots:swap_detail", args=[self.pk])

    @property
    def depot_number(self) -> str:
        return f"{self.agreement_id}-{self.sequence}"

    @property
    def was_moved(self) -> bool:
        return self.planned_date != self.original_date

    def days_until(self, today) -> int:
        """Return how many days from ``today`` until the swap (0 on the day)."""
        return (self.planned_date - today).days

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_final_collection(self) -> bool:
        return self.kind == self.Kind.FINAL_COLLECTION

    @property
    def was_moved_by_hand(self) -> bool:
        return self.moved_by_id is not None

    @property
    def note(self) -> str:
        """Return the one line that explains the swap's date or state: why it was
        cancelled, else why it moved (or "")."""
        return self.cancel_reason if self.is_cancelled else self.moved_reason

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "text-bg-secondary")

    @cached_property
    def return_date(self):
        """Return the day the books of this swap are due back: the agreement's next
        swap that is not cancelled, or the agreement's end if none follows."""
        following = (
            Swap.objects.filter(agreement_id=self.agreement_id, planned_date__gt=self.planned_date)
            .exclude(status=Swap.Status.CANCELLED)
            .order_by("planned_date")
            .values_list("planned_date", flat=True)
            .first()
        )
        return following or self.agreement.end_date

    @property
    def box_count(self) -> int:
        """Return how many boxes go out with the swap: the packed boxes when there are
        any, else an estimate from the books (uses ``box_total`` and ``book_count``
        annotations when the queryset has them)."""
        boxes = getattr(self, "box_total", None)
        if boxes is None:
            boxes = self.boxes.count()
        if boxes:
            return boxes
        books = getattr(self, "book_count", None)
        if books is None:
            books = self.packed_items.count()
        return DepotAgreement.boxes_for(books, self.agreement.books_per_box)

    @property
    def has_real_boxes(self) -> bool:
        boxes = getattr(self, "box_total", None)
        return bool(boxes if boxes is not None else self.boxes.exists())

    def can_be_changed(self) -> bool:
        """Return whether the packing list may still change (a final collection has none)."""
        return self.status == self.Status.PLANNED and not self.is_final_collection

    def can_be_packed(self) -> bool:
        return self.can_be_changed()

    def can_be_unpacked(self) -> bool:
        return self.status == self.Status.PACKED

    def can_be_delivered(self) -> bool:
        return self.status == self.Status.PACKED

    def can_be_moved(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.PACKED)

    def can_be_cancelled(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.PACKED)

    def can_be_confirmed_received(self) -> bool:
        """Return whether the kindergarten may still confirm that the books arrived."""
        return self.status == self.Status.DELIVERED and self.received_at is None

    def can_be_checked_in(self) -> bool:
        """Return whether the books due back can be checked in: after the delivery, or at
        a final collection (which delivers nothing) while it is planned."""
        if self.checked_in_at is not None:
            return False
        if self.is_final_collection:
            return self.status == self.Status.PLANNED
        return self.status in (self.Status.DELIVERED, self.Status.COMPLETED)

    def can_undo_check_in(self, today) -> bool:
        """Return whether the check-in may still be undone: only on the day it was made."""
        return self.checked_in_at is not None and timezone.localdate(self.checked_in_at) == today


class PackedItem(models.Model):
    """A book on a swap's packing list (before delivery turns it into a loan)."""

    swap = models.ForeignKey(Swap, on_delete=models.CASCADE, related_name="packed_items")
    item = models.ForeignKey(
        Item, verbose_name=_("book"), on_delete=models.PROTECT, related_name="packings"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("book on a packing list")
        verbose_name_plural = _("books on packing lists")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["swap", "item"], name="kindergarten_depots_item_once_per_swap"
            )
        ]

    def __str__(self):
        return f"{self.item} → {self.swap}"


class LoanQuerySet(AgreementScopedQuerySet):
    def open(self):
        return self.filter(returned_on__isnull=True)

    def due_back_with(self, swap):
        """Return the open loans that come back with ``swap`` (those of earlier deliveries)."""
        return (
            self.open()
            .filter(agreement_id=swap.agreement_id)
            .exclude(delivered_by=swap)
            .select_related("item", "delivered_by")
            .order_by("item__title", "pk")
        )


class Loan(models.Model):
    """A book in a kindergarten's depot, from delivery until it comes back (or is written off)."""

    class ReturnState(models.TextChoices):
        RETURNED = "returned", _("Returned")
        DAMAGED = "damaged", _("Damaged")
        MISSING = "missing", _("Missing")

    item = models.ForeignKey(
        Item, verbose_name=_("book"), on_delete=models.PROTECT, related_name="loans"
    )
    agreement = models.ForeignKey(
        DepotAgreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="loans"
    )
    delivered_by = models.ForeignKey(
        Swap,
        verbose_name=_("delivered with"),
        on_delete=models.PROTECT,
        related_name="delivered_loans",
    )
    delivered_on = models.DateField(_("delivered on"))
    returned_by = models.ForeignKey(
        Swap,
        verbose_name=_("returned with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returned_loans",
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_state = models.CharField(
        _("return state"), max_length=10, choices=ReturnState.choices, blank=True
    )
    written_off = models.BooleanField(_("written off"), default=False)
    found_on = models.DateField(
        _("found again on"),
        null=True,
        blank=True,
        help_text=_("A book written off as missing that turned up later (returned late)."),
    )
    found_by = actor_field(_("found again, recorded by"))
    found_reported_at = models.DateTimeField(
        _("the kindergarten says it found the book"), null=True, blank=True
    )
    found_reported_by = actor_field(_("found, reported by"))
    # Kindergartens never pay for lost or damaged books: the column exists so the
    # database itself guarantees that nothing is ever charged.
    charged = models.BooleanField(_("charged"), default=False, editable=False)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["agreement", "returned_on"]),
            # The admin's list (newest first) and the statistics' date ranges.
            models.Index(fields=["-delivered_on", "-id"]),
            models.Index(fields=["returned_on"]),
            # Books found again, counted by the statistics: few, so a partial index.
            models.Index(
                fields=["found_on"],
                condition=Q(found_on__isnull=False),
                name="depots_loan_found_on",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(returned_on__isnull=True),
                name="kindergarten_depots_one_open_loan_per_item",
                violation_error_message=_("This book is already in a depot."),
            ),
            models.CheckConstraint(
                condition=Q(charged=False), name="kindergarten_depots_loans_never_charged"
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True, return_state="")
                | Q(returned_on__isnull=False) & ~Q(return_state=""),
                name="kindergarten_depots_loan_return_state_with_date",
            ),
        ]

    def __str__(self):
        return f"{self.item} – {self.agreement.kindergarten}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None

    @property
    def is_missing(self) -> bool:
        return self.return_state == self.ReturnState.MISSING

    @property
    def is_returned_late(self) -> bool:
        return self.found_on is not None

    def can_be_reported_found(self) -> bool:
        """Return whether the kindergarten may say it found this written-off book."""
        return self.is_missing and self.found_on is None and self.found_reported_at is None

    @property
    def is_reported_damaged(self) -> bool:
        """Return whether the kindergarten has reported this book damaged (uses the
        prefetched ``loss_reports`` when there are any)."""
        return any(report.kind == report.Kind.DAMAGED for report in self.loss_reports.all())
