"""Kindergarten depots: agreements, the book catalogue, the swap schedule and loans."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from partnerships.models import Branch, ContactPerson, Partner, Partnership, private_storage
from toolkit.querysets import VisibleToQuerySet


class AgeGroup(models.TextChoices):
    TODDLERS = "0-2", _("0–2 years")
    YOUNG = "3-4", _("3–4 years")
    OLDER = "5-6", _("5–6 years")


def validate_age_groups(value):
    """Check that ``value`` is a list of known age-group codes without repeats."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one age group."))
    known = set(AgeGroup.values)
    if any(code not in known for code in value) or len(set(value)) != len(value):
        raise ValidationError(_("Unknown age group."))


class Theme(models.Model):
    """A subject or theme of books (animals, feelings, seasons …)."""

    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = [Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="kindergarten_depots_theme_name_unique")
        ]

    def __str__(self):
        return self.name


class AgreementScopedQuerySet(VisibleToQuerySet):
    """Rows that belong to a depot agreement, scoped like the agreements themselves."""

    def scoped_to(self, user):
        """Kindergarten staff see their own kindergarten's rows."""
        if roles.is_kindergarten_staff(user):
            return self.filter(agreement__kindergarten_id=user.partner_id)
        return self.none()


class DepotAgreementQuerySet(VisibleToQuerySet):
    def active(self):
        return self.filter(status=DepotAgreement.Status.ACTIVE)

    def scoped_to(self, user):
        """Kindergarten staff see their own kindergarten's agreements."""
        if roles.is_kindergarten_staff(user):
            return self.filter(kindergarten_id=user.partner_id)
        return self.none()

    def most_relevant_first(self):
        """Order active agreements first, then paused, drafts and ended ones; newest first."""
        order = models.Case(
            models.When(status=DepotAgreement.Status.ACTIVE, then=0),
            models.When(status=DepotAgreement.Status.PAUSED, then=1),
            models.When(status=DepotAgreement.Status.DRAFT, then=2),
            default=3,
        )
        return self.order_by(order, "-start_date", "-pk")


class DepotAgreement(models.Model):
    """A kindergarten's agreement to get a depot or a kindergarten library from the library."""

    class Type(models.TextChoices):
        DEPOT = "depot", _("Kindergarten depot")
        LIBRARY = "library", _("Kindergarten library")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    # Defaults per type: (books per delivery, swap interval in weeks).
    TYPE_DEFAULTS = {Type.DEPOT: (30, 12), Type.LIBRARY: (150, 26)}

    partnership = models.OneToOneField(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="depot_agreement",
    )
    kindergarten = models.ForeignKey(
        Partner,
        verbose_name=_("kindergarten"),
        on_delete=models.PROTECT,
        related_name="depot_agreements",
        limit_choices_to={"kind": Partner.Kind.KINDERGARTEN},
    )
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.DEPOT)
    books_per_delivery = models.PositiveIntegerField(
        _("books per delivery"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    swap_interval_weeks = models.PositiveIntegerField(
        _("swap interval (weeks)"), validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    age_groups = models.JSONField(_("age groups"), default=list, validators=[validate_age_groups])
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="agreements"
    )
    delivery_address = models.CharField(_("delivery address"), max_length=200, blank=True)
    delivery_instructions = models.TextField(
        _("delivery instructions"),
        blank=True,
        help_text=_("E.g. ring at the back door, boxes go in the staff room."),
    )
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="depot_agreements",
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("serving branch"),
        on_delete=models.PROTECT,
        related_name="depot_agreements",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    repeat_after_months = models.PositiveIntegerField(
        _("books may return after (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: a book is never sent to this kindergarten twice. A number: it may come "
            "back after that many months."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DepotAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("depot agreement")
        verbose_name_plural = _("depot agreements")
        ordering = ["kindergarten__name", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="kindergarten_depots_agreement_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.kindergarten} ({self.get_type_display()})"

    def get_absolute_url(self):
        return reverse("kindergarten_depots:agreement_detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def accepts_wishes(self) -> bool:
        """Return whether the kindergarten can still wish for books (there are swaps to come)."""
        return self.status in (self.Status.ACTIVE, self.Status.PAUSED)

    def age_group_labels(self) -> list[str]:
        labels = dict(AgeGroup.choices)
        return [str(labels[code]) for code in self.age_groups if code in labels]

    @property
    def address_for_delivery(self) -> str:
        if self.delivery_address:
            return self.delivery_address
        kindergarten = self.kindergarten
        return ", ".join(
            part
            for part in [
                kindergarten.address,
                f"{kindergarten.postcode} {kindergarten.town}".strip(),
            ]
            if part
        )


class ClosurePeriodQuerySet(models.QuerySet):
    def for_kindergarten(self, kindergarten_id):
        return self.filter(Q(kindergarten_id=kindergarten_id) | Q(kindergarten__isnull=True))


class ClosurePeriod(models.Model):
    """Days a kindergarten (or, without one, every kindergarten) is closed."""

    kindergarten = models.ForeignKey(
        Partner,
        verbose_name=_("kindergarten"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closure_periods",
        help_text=_("Leave empty when every kindergarten in the municipality is closed."),
        limit_choices_to={"kind": Partner.Kind.KINDERGARTEN},
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)

    objects = ClosurePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("closure period")
        verbose_name_plural = _("closure periods")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="kindergarten_depots_closure_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return f"{self.reason} {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"


class SwapQuerySet(AgreementScopedQuerySet):
    def open(self):
        return self.exclude(status__in=[Swap.Status.CANCELLED, Swap.Status.COMPLETED])


class Swap(models.Model):
    """One delivery of fresh books to a kindergarten (udskiftning)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PACKED = "packed", _("Packed")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        DepotAgreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="swaps"
    )
    sequence = models.PositiveIntegerField(_("number"), default=1)
    planned_date = models.DateField(_("date"))
    original_date = models.DateField(_("originally planned for"))
    moved_reason = models.CharField(_("why the date moved"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    packed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("packed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    packed_at = models.DateTimeField(_("packed"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returns checked in by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("returns checked in"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receipt confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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

    def can_be_changed(self) -> bool:
        """Return whether the packing list may still change."""
        return self.status == self.Status.PLANNED

    def can_be_packed(self) -> bool:
        return self.status == self.Status.PLANNED

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
        return self.status in (self.Status.DELIVERED, self.Status.COMPLETED) and (
            self.checked_in_at is None
        )


class ItemQuerySet(models.QuerySet):
    def available(self):
        return self.filter(status=Item.Status.AVAILABLE)


class Item(models.Model):
    """One physical book in the depot collection."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        IN_DEPOT = "in_depot", _("In a depot")
        LOST = "lost", _("Lost")
        DAMAGED = "damaged", _("Damaged")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    barcode = models.CharField(_("barcode"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author"), max_length=200, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    age_group = models.CharField(_("age group"), max_length=3, choices=AgeGroup.choices, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("subjects/themes"), blank=True, related_name="items"
    )
    shelf = models.CharField(_("shelf location"), max_length=100, blank=True)
    home_branch = models.ForeignKey(
        Branch,
        verbose_name=_("home branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="depot_items",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")
        ordering = [Lower("title"), "pk"]
        indexes = [
            models.Index(fields=["status", "age_group"]),
            models.Index(fields=["home_branch", "status"]),
            # The item list is sorted by title.
            models.Index(Lower("title"), F("id"), name="kindergarten_depots_item_title"),
        ]

    def __str__(self):
        return f"{self.title} ({self.barcode})"

    def get_absolute_url(self):
        return reverse("kindergarten_depots:item_detail", args=[self.pk])


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
    # Kindergartens never pay for lost or damaged books: the column exists so the
    # database itself guarantees that nothing is ever charged.
    charged = models.BooleanField(_("charged"), default=False, editable=False)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-delivered_on", "-pk"]
        indexes = [models.Index(fields=["agreement", "returned_on"])]
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = WishQuerySet.as_manager()

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        parts = [str(self.theme or ""), self.get_age_group_display(), self.text[:60]]
        return " · ".join(part for part in parts if part)


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
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("loss report")
        verbose_name_plural = _("loss reports")
        ordering = ["-reported_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.loan.item}"


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
