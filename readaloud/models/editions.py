"""Editions and their structure: championships, rounds, heats and the judging criteria."""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from partnerships.models import Branch, Partner, Partnership
from toolkit.querysets import VisibleToQuerySet


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return ``day`` moved ``months`` calendar months on (clamped to the month's end)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class TextPart(models.TextChoices):
    """The two texts every reader reads."""

    CHOSEN = "chosen", _("Chosen text")
    UNSEEN = "unseen", _("Unseen text")


class ChampionshipQuerySet(VisibleToQuerySet):
    def scoped_to(self, user):
        """Partner members open the editions their partnerships organise."""
        if roles.is_partner_member(user):
            return self.filter(
                organiser__in=Partnership.objects.involving(user).values("pk")
            ).distinct()
        return self.none()


class Championship(models.Model):
    """One edition of the championship, e.g. "Syddjursmesterskaberne i oplæsning 2027"."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        ARCHIVED = "archived", _("Archived")

    class TieBreak(models.TextChoices):
        UNSEEN_THEN_INTERPRETATION = (
            "unseen_interpretation",
            _("Higher unseen-text score, then higher interpretation score"),
        )
        INTERPRETATION_THEN_UNSEEN = (
            "interpretation_unseen",
            _("Higher interpretation score, then higher unseen-text score"),
        )
        UNSEEN = "unseen", _("Higher unseen-text score")
        JURY = "jury", _("No automatic tie-break: the jury decides")

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    organiser = models.ForeignKey(
        Partnership,
        verbose_name=_("organising partnership"),
        on_delete=models.PROTECT,
        related_name="championships",
    )
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), default=4, validators=[MaxValueValidator(10)]
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), default=6, validators=[MaxValueValidator(10)]
    )
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    tie_break = models.CharField(
        _("tie-break rule"),
        max_length=30,
        choices=TieBreak.choices,
        default=TieBreak.UNSEEN_THEN_INTERPRETATION,
        help_text=_("Used when two readers have the same total. If still equal, the jury decides."),
    )
    retention_date = models.DateField(
        _("data retention date"),
        null=True,
        blank=True,
        help_text=_(
            "When the children's personal data is anonymised. Empty: the configured number of "
            "months after the final (see the README)."
        ),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    criteria_reopened_at = models.DateTimeField(
        _("criteria reopened"), null=True, blank=True, editable=False
    )
    criteria_reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("criteria reopened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    criteria_reopened_reason = models.CharField(
        _("reason for reopening the criteria"), max_length=300, blank=True, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ChampionshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("championship")
        verbose_name_plural = _("championships")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="readaloud_championship_unique"),
            models.CheckConstraint(
                condition=Q(grade_to__gte=F("grade_from")),
                name="readaloud_championship_grades_ordered",
                violation_error_message=_("The last grade cannot be before the first grade."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readaloud:championship_detail", args=[self.pk])

    def final_round(self):
        """Return the last round (uses prefetched rounds when present)."""
        rounds = list(self.rounds.all())
        return max(rounds, key=lambda r: r.number) if rounds else None

    def last_day(self) -> datetime.date:
        """Return the day the edition ended: its final's date, else its last heat's or round's
        date, else the last day of its year."""
        final = self.final_round()
        if final and final.date:
            return final.date
        dates = [
            day
            for day in Heat.objects.filter(round__championship=self)
            .annotate(day=Coalesce("date", "round__date"))
            .values_list("day", flat=True)
            if day
        ]
        dates += [r.date for r in self.rounds.all() if r.date]
        return max(dates) if dates else datetime.date(self.year, 12, 31)

    def effective_retention_date(self) -> datetime.date:
        """Return when personal data is anonymised: the set date, else the configured
        number of months (READALOUD_RETENTION_MONTHS) after the edition's last day."""
        if self.retention_date:
            return self.retention_date
        return add_months(self.last_day(), settings.READALOUD_RETENTION_MONTHS)

    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def has_scores(self) -> bool:
        from readaloud.models.judging import Score

        return Score.objects.filter(criterion__championship=self).exists()

    def has_released_results(self) -> bool:
        return Heat.objects.filter(round__championship=self).exclude(released_at=None).exists()

    def criteria_locked(self) -> bool:
        """Return whether the criteria are locked: scored, and not explicitly reopened."""
        return self.criteria_reopened_at is None and self.has_scores()

    def accepts_registrations(self, today: datetime.date) -> bool:
        """Return whether schools may still register readers (librarians always may)."""
        if self.status != self.Status.REGISTRATION_OPEN:
            return False
        return self.registration_deadline is None or today <= self.registration_deadline


class Venue(models.Model):
    """Where a round or heat takes place: free text, a library branch or a school."""

    venue = models.CharField(_("venue"), max_length=200, blank=True)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("library branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    school = models.ForeignKey(
        Partner,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Partner.Kind.SCHOOL},
    )

    class Meta:
        abstract = True

    def own_venue_label(self) -> str:
        if self.venue:
            return self.venue
        if self.branch_id:
            return self.branch.name
        return self.school.name if self.school_id else ""


class Round(Venue):
    """A stage of an edition: school round, semi-final, final (in order)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School round")
        SEMI_FINAL = "semi_final", _("Semi-final")
        FINAL = "final", _("Final")
        OTHER = "other", _("Other round")

    championship = models.ForeignKey(Championship, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(
        _("order"), help_text=_("1 for the first round, 2 for the next …")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    advance_count = models.PositiveSmallIntegerField(
        _("advance per heat"),
        default=1,
        help_text=_("How many readers from each heat go on to the next round."),
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["championship", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["championship", "number"], name="readaloud_round_number_unique"
            ),
        ]

    def __str__(self):
        return self.name or self.get_kind_display()

    def venue_label(self):
        return self.own_venue_label()


class HeatQuerySet(models.QuerySet):
    def scorable_by(self, user):
        """Return the heats ``user`` is assigned to judge (and not excluded from)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(
            judge_assignments__judge=user, judge_assignments__excluded=False
        ).distinct()


class Heat(Venue):
    """One session of a round where readers read in front of the judges."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="heats")
    name = models.CharField(_("name"), max_length=100)
    feeds_into = models.ForeignKey(
        "self",
        verbose_name=_("winners go to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fed_by",
        help_text=_("The heat of the next round the winners advance to."),
    )
    running_order_drawn_at = models.DateTimeField(_("running order drawn"), null=True, blank=True)
    running_order_drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("running order drawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Empty: the round's date.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    minutes_per_reader = models.PositiveSmallIntegerField(
        _("minutes per reader"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Used for the time slots of the running order."),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    released_at = models.DateTimeField(_("results released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("results released by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The projector view of a final: who is reading now, and whether the winner is shown.
    on_stage = models.ForeignKey(
        "readaloud.Performance",
        verbose_name=_("reader on stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    winner_revealed_at = models.DateTimeField(_("winner revealed"), null=True, blank=True)

    objects = HeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("heat")
        verbose_name_plural = _("heats")
        ordering = ["round__number", "name", "pk"]

    def __str__(self):
        return f"{self.round}: {self.name}"

    def get_absolute_url(self):
        return reverse("readaloud:heat_detail", args=[self.pk])

    @property
    def running_order_drawn(self) -> bool:
        return self.running_order_drawn_at is not None

    def is_closed(self) -> bool:
        return self.closed_at is not None

    def is_started(self) -> bool:
        return self.started_at is not None

    def is_released(self) -> bool:
        return self.released_at is not None

    def effective_date(self) -> datetime.date | None:
        return self.date or self.round.date

    def time_slot(self, position: int | None) -> datetime.time | None:
        """Return when the reader at running ``position`` (1-based) is expected on stage."""
        if self.start_time is None or not position:
            return None
        start = datetime.datetime.combine(datetime.date(2000, 1, 1), self.start_time)
        return (start + datetime.timedelta(minutes=self.minutes_per_reader * (position - 1))).time()

    def may_draw_running_order(self) -> bool:
        """Return whether the running order may be drawn (again): until the first score."""
        return not self.is_started() and not self.is_closed()

    def venue_label(self):
        return self.own_venue_label() or self.round.venue_label()


class Criterion(models.Model):
    """What the judges score, with its maximum, weight and the text part it applies to."""

    class AppliesTo(models.TextChoices):
        CHOSEN = "chosen", _("Chosen text")
        UNSEEN = "unseen", _("Unseen text")
        BOTH = "both", _("Both texts")

    championship = models.ForeignKey(
        Championship, on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("Used by the tie-break rule, e.g. “interpretation”."),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("max points"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["championship", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gte=1), name="readaloud_criterion_max_positive"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="readaloud_criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def parts(self) -> list[str]:
        """Return the text parts this criterion is scored for."""
        if self.applies_to == self.AppliesTo.BOTH:
            return [TextPart.CHOSEN, TextPart.UNSEEN]
        return [self.applies_to]


DEFAULT_CRITERIA = [
    # code, name, description, max points, weight, applies to
    (
        "technique",
        _("Reading technique"),
        _("Fluency, pronunciation, tempo."),
        5,
        Decimal("1.00"),
        Criterion.AppliesTo.BOTH,
    ),
    (
        "interpretation",
        _("Interpretation"),
        _("Bringing the text alive without acting."),
        5,
        Decimal("1.00"),
        Criterion.AppliesTo.BOTH,
    ),
    (
        "text_choice",
        _("Text choice"),
        _("Does the chosen text suit the reader and the occasion?"),
        5,
        Decimal("1.00"),
        Criterion.AppliesTo.CHOSEN,
    ),
    (
        "audience",
        _("Contact with the audience"),
        _("Eye contact, voice and presence."),
        5,
        Decimal("1.00"),
        Criterion.AppliesTo.BOTH,
    ),
]
