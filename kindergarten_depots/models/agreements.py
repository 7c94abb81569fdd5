"""Agreements between the library and a kindergarten, themes, age groups and closures."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from partnerships.models import Branch, ContactPerson, Partner, Partnership
from toolkit.querysets import VisibleToQuerySet


class AgeGroup(models.TextChoices):
    TODDLERS = "0-2", _("0–2 years")
    YOUNG = "3-4", _("3–4 years")
    OLDER = "5-6", _("5–6 years")


def validate_age_groups(value):
    """Check that ``value`` is a list of known age-group codes without repeats."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one age group."), code="age_groups_missing")
    known = set(AgeGroup.values)
    if any(code not in known for code in value) or len(set(value)) != len(value):
        raise ValidationError(_("Unknown age group."), code="age_group_unknown")


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

    @staticmethod
    def key(name: str) -> str:
        """Return how theme names compare: case-insensitively, the same for Æ, Ø, Å
        and İ whatever the database (SQLite's ``Lower()`` folds only A–Z)."""
        return name.strip().casefold()


class AgreementScopedQuerySet(VisibleToQuerySet):
    """Rows that belong to a depot agreement, scoped like the agreements themselves."""

    def scoped_to(self, user):
        """Kindergarten staff see their own kindergarten's rows."""
        if roles.is_kindergarten_staff(user):
            return self.filter(agreement__kindergarten_id=user.partner_id)
        return self.none()


class DepotAgreementQuerySet(VisibleToQuerySet):
    def running(self):
        """Return the agreements whose swaps and reminders go on: active ones, not drafts,
        paused or ended agreements (the status follows the partnership's)."""
        return self.filter(status=DepotAgreement.Status.ACTIVE)

    def active(self):
        return self.running()

    def overlapping(self, *, kindergarten_id, start_date, end_date, exclude_pk=None):
        """Return the kindergarten's other agreements whose period overlaps the given one
        (ended agreements included: their period is history)."""
        rows = self.filter(
            kindergarten_id=kindergarten_id, start_date__lte=end_date, end_date__gte=start_date
        )
        return rows.exclude(pk=exclude_pk) if exclude_pk else rows

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

    class Picking(models.TextChoices):
        BRANCH_FIRST = "branch_first", _("The picking branch first, then any branch")
        BRANCH_ONLY = "branch_only", _("The picking branch only")
        ANY = "any", _("Any branch")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    # Defaults per type: (books per delivery, swap interval in weeks).
    TYPE_DEFAULTS = {Type.DEPOT: (30, 12), Type.LIBRARY: (150, 26)}
    # The longest period an agreement may have: its schedule is a plan, not a century.
    MAX_YEARS = 10
    # The partnership's status each agreement status follows (the partnership is the source).
    STATUS_OF_PARTNERSHIP = {
        Partnership.Status.IDEA: Status.DRAFT,
        Partnership.Status.NEGOTIATING: Status.DRAFT,
        Partnership.Status.ACTIVE: Status.ACTIVE,
        Partnership.Status.PAUSED: Status.PAUSED,
        Partnership.Status.ENDED: Status.ENDED,
    }
    # How many books go in one delivery box.
    BOOKS_PER_BOX = 30

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
    picking = models.CharField(
        _("where books are picked"),
        max_length=12,
        choices=Picking.choices,
        default=Picking.BRANCH_FIRST,
    )
    picking_branch = models.ForeignKey(
        Branch,
        verbose_name=_("picking branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Empty: the serving branch. Choose a branch that holds a central depot collection."
        ),
    )
    books_per_box = models.PositiveIntegerField(
        _("books per box"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    # A copy of the partnership's status, written only by the receiver of
    # ``partnerships.signals.status_changed`` (kindergarten_depots.lifecycle), so the
    # depot pages can filter on it; never edited on its own.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
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
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        _("The end date cannot be before the start date."),
                        code="end_before_start",
                    )
                }
            )

    @classmethod
    def boxes_for(cls, books: int, per_box: int | None = None) -> int:
        """Return how many boxes ``books`` books fill (a part-filled box counts)."""
        per_box = per_box or cls.BOOKS_PER_BOX
        return -(-books // per_box) if books > 0 else 0

    @property
    def picking_branch_or_serving(self):
        """Return the branch whose shelves the proposal picks from first."""
        return self.picking_branch if self.picking_branch_id else self.branch

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    def is_complete(self) -> bool:
        """Return whether the agreement has ended and its last batch is home (or written off)."""
        return self.is_ended and not self.loans.filter(returned_on__isnull=True).exists()

    def is_delivery_full(self, books: int) -> bool:
        """Return whether ``books`` packed books reach the agreed number per delivery."""
        return books >= self.books_per_delivery

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


def default_gains(agreement_type: str) -> tuple[str, str]:
    """Return what the library and the kindergarten gain from an agreement of this type:
    the win-win the librarian confirms (or edits) when making the agreement."""
    library = _(
        "We reach the children who cannot come to the library, as early as possible and "
        "all the children we can."
    )
    if agreement_type == DepotAgreement.Type.LIBRARY:
        partner = _(
            "A whole kindergarten library delivered free and swapped twice a year; no fines "
            "and no replacement charges for lost or damaged books."
        )
    else:
        partner = _(
            "Fresh books delivered free at every swap; no fines and no replacement charges "
            "for lost or damaged books."
        )
    return str(library), str(partner)


class ClosurePeriodQuerySet(models.QuerySet):
    def for_kindergarten(self, kindergarten_id):
        return self.filter(Q(kindergarten_id=kindergarten_id) | Q(kindergarten__isnull=True))


class ClosurePeriod(models.Model):
    """Days a kindergarten (or, without one, every kindergarten) is closed.

    The days every Danish daycare closes (24 and 31 December, the Friday after
    Ascension, Constitution Day afternoon) are created for each year the schedule
    reaches, marked with their ``rule``; edit a year's row to change that year.
    """

    class Rule(models.TextChoices):
        CHRISTMAS_EVE = "christmas_eve", _("Christmas Eve")
        NEW_YEARS_EVE = "new_years_eve", _("New Year's Eve")
        FRIDAY_AFTER_ASCENSION = "ascension_friday", _("The Friday after Ascension")
        CONSTITUTION_DAY = "constitution_day", _("Constitution Day (5 June)")

    class Part(models.TextChoices):
        DAY = "day", _("The whole day (no swaps)")
        AFTERNOON = "afternoon", _("The afternoon only (morning deliveries are fine)")
        OPEN = "open", _("Open this year (the recurring closure does not apply)")

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
    part = models.CharField(_("closed"), max_length=10, choices=Part.choices, default=Part.DAY)
    rule = models.CharField(
        _("recurring closure"),
        max_length=20,
        choices=Rule.choices,
        blank=True,
        editable=False,
        help_text=_("Set for the closures every daycare has; they are made for each year."),
    )

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
            # Two schedule runs at once make each year's daycare closure days only once.
            models.UniqueConstraint(
                fields=["rule", "start_date"],
                condition=~Q(rule=""),
                name="kindergarten_depots_closure_rule_once_a_day",
            ),
        ]

    def __str__(self):
        return f"{self.reason} {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"
