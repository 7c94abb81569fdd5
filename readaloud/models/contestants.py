"""The readers: contestants and their performances in heats."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import roles
from partnerships.models import Partner, Partnership
from readaloud.models.editions import Championship, Heat, Round
from toolkit.querysets import VisibleToQuerySet


class ContestantQuerySet(VisibleToQuerySet):
    def scoped_to(self, user):
        """Partner members see the readers of their own school in their organisers' editions."""
        if roles.is_partner_member(user) and user.partner_id:
            return self.filter(
                school_id=user.partner_id,
                championship__organiser__in=Partnership.objects.involving(user).values("pk"),
            )
        return self.none()


class Contestant(models.Model):
    """A reading child. Nothing beyond what the championship needs is stored."""

    class ConsentMethod(models.TextChoices):
        PAPER = "paper", _("On paper")
        EMAIL = "email", _("By e-mail")

    championship = models.ForeignKey(
        Championship,
        verbose_name=_("championship"),
        on_delete=models.PROTECT,
        related_name="contestants",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    school = models.ForeignKey(
        Partner,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="contestants",
        limit_choices_to={"kind": Partner.Kind.SCHOOL},
    )
    grade = models.PositiveSmallIntegerField(_("grade"), validators=[MaxValueValidator(10)])
    class_name = models.CharField(_("class"), max_length=20, blank=True, help_text=_("E.g. 5.b"))
    book_title = models.CharField(_("book title"), max_length=200, blank=True)
    book_author = models.CharField(_("author"), max_length=200, blank=True)
    passage = models.CharField(
        _("passage"), max_length=300, blank=True, help_text=_("E.g. chapter 3, pages 41–43.")
    )
    is_reserve = models.BooleanField(
        _("reserve"), default=False, help_text=_("Steps in if a reader from the school withdraws.")
    )
    consent_given_by = models.CharField(
        _("consent given by"), max_length=150, blank=True, help_text=_("The guardian's name.")
    )
    consent_given_at = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent given"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    publish_consent = models.BooleanField(
        _("may publish name and school"),
        default=False,
        help_text=_("Separate consent to show the name and school in the public results."),
    )
    publish_consent_given_by = models.CharField(
        _("consent to publish given by"),
        max_length=150,
        blank=True,
        help_text=_("The guardian who agreed to publication."),
    )
    publish_consent_given_at = models.DateField(
        _("consent to publish given on"), null=True, blank=True
    )
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    withdrawn_at = models.DateTimeField(_("withdrew"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects = ContestantQuerySet.as_manager()

    class Meta:
        verbose_name = _("contestant")
        verbose_name_plural = _("contestants")
        ordering = ["championship", "school__name", "last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_given_at__isnull=True)
                | Q(anonymised_at__isnull=False)
                | (~Q(consent_given_by="") & ~Q(consent_method="")),
                name="readaloud_contestant_consent_complete",
                violation_error_message=_("Consent needs who gave it, when and how."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("readaloud:contestant_update", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def class_label(self) -> str:
        """Return the class (e.g. "5.b"), or the grade ("5.") when no class is given."""
        return self.class_name or f"{self.grade}."

    def has_consent(self) -> bool:
        """Return whether a guardian's consent is recorded and not withdrawn."""
        return bool(
            self.consent_given_at
            and self.consent_given_by
            and self.consent_method
            and self.consent_withdrawn_at is None
        )

    def may_be_published(self) -> bool:
        return self.has_consent() and self.publish_consent and self.anonymised_at is None

    def public_name(self) -> str:
        """Return how the reader appears in public: the name only with the guardian's consent."""
        if self.may_be_published():
            return f"{self.full_name}, {self.school.name}"
        return gettext("Reader from %(school)s") % {"school": self.school.name}

    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class Performance(models.Model):
    """A contestant reading in a heat, with the drawn running order and the result."""

    heat = models.ForeignKey(Heat, on_delete=models.CASCADE, related_name="performances")
    # A copy of the heat's round, so the database can hold a reader to one heat per round.
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="performances", editable=False
    )
    contestant = models.ForeignKey(
        Contestant,
        verbose_name=_("contestant"),
        on_delete=models.PROTECT,
        related_name="performances",
    )
    running_position = models.PositiveSmallIntegerField(_("running order"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrew"), null=True, blank=True)
    # Stored when the heat is closed, so results and statistics outlive anonymisation.
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    tie_unresolved = models.BooleanField(_("tie for the jury"), default=False)
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)

    class Meta:
        verbose_name = _("performance")
        verbose_name_plural = _("performances")
        ordering = ["heat", "running_position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["heat", "contestant"], name="readaloud_performance_once_per_heat"
            ),
            models.UniqueConstraint(
                fields=["round", "contestant"],
                name="readaloud_performance_once_per_round",
                violation_error_message=_("The reader is already in a heat of this round."),
            ),
            models.UniqueConstraint(
                fields=["heat", "running_position"],
                condition=Q(running_position__isnull=False),
                name="readaloud_performance_position_unique",
            ),
        ]

    def __str__(self):
        # No child's name here: this text ends up in the audit history.
        return f"#{self.pk} ({self.heat})"

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.round_id = self.heat.round_id
        super().save(*args, **kwargs)
