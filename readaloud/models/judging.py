"""Judging and its outcome: judges, scores, draws, the jury's tie decisions, advancement."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from readaloud.models.contestants import Performance
from readaloud.models.editions import Criterion, Heat, TextPart


class JudgeAssignment(models.Model):
    """A judge on a heat. An absent judge is excluded by the organiser, with a reason."""

    heat = models.ForeignKey(Heat, on_delete=models.CASCADE, related_name="judge_assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="judge_assignments",
    )
    excluded = models.BooleanField(_("excluded"), default=False)
    excluded_reason = models.CharField(_("reason for exclusion"), max_length=200, blank=True)
    excluded_at = models.DateTimeField(_("excluded at"), null=True, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("excluded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        ordering = ["heat", "judge__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["heat", "judge"], name="readaloud_judge_once_per_heat"),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(excluded_reason=""),
                name="readaloud_judge_exclusion_has_reason",
                violation_error_message=_("Give a reason for excluding the judge."),
            ),
        ]

    def __str__(self):
        return f"{self.judge} – {self.heat}"


class Score(models.Model):
    """One judge's points for one criterion and text part of one performance."""

    assignment = models.ForeignKey(JudgeAssignment, on_delete=models.PROTECT, related_name="scores")
    performance = models.ForeignKey(Performance, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    part = models.CharField(_("text part"), max_length=10, choices=TextPart.choices)
    points = models.PositiveSmallIntegerField(_("points"))
    # A copy of the criterion's maximum, so the database itself can refuse too many points.
    max_points = models.PositiveSmallIntegerField(_("max points"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "performance", "criterion", "part"],
                name="readaloud_score_unique",
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=F("max_points")),
                name="readaloud_score_within_max",
                violation_error_message=_("The points exceed the criterion's maximum."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion} ({self.get_part_display()}): {self.points}/{self.max_points}"


class ReaderJudgement(models.Model):
    """One judge's notes on one reader, and whether the judge missed that reader."""

    assignment = models.ForeignKey(
        JudgeAssignment, on_delete=models.CASCADE, related_name="reader_judgements"
    )
    performance = models.ForeignKey(
        Performance, on_delete=models.CASCADE, related_name="judgements"
    )
    note = models.TextField(_("notes"), blank=True)
    absent = models.BooleanField(
        _("absent for this reader"),
        default=False,
        help_text=_("The reader's total is averaged over the judges who were present."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("judge's notes on a reader")
        verbose_name_plural = _("judges' notes on readers")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "performance"], name="readaloud_judgement_once"
            ),
        ]

    def __str__(self):
        return f"{self.assignment} / #{self.performance_id}"


class RunningOrderDraw(models.Model):
    """A record of one random draw of a heat's running order."""

    heat = models.ForeignKey(Heat, on_delete=models.CASCADE, related_name="draws")
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.JSONField(_("order (performance ids)"), default=list)

    class Meta:
        verbose_name = _("running order draw")
        verbose_name_plural = _("running order draws")
        ordering = ["-drawn_at", "-pk"]

    def __str__(self):
        return f"{self.heat} @ {self.drawn_at:%Y-%m-%d %H:%M}"


class TieDecision(models.Model):
    """The jury's decision on readers whose shared rank the tie-break rule could not split."""

    heat = models.ForeignKey(Heat, on_delete=models.CASCADE, related_name="tie_decisions")
    rank = models.PositiveSmallIntegerField(_("shared rank"))
    order = models.JSONField(_("decided order (performance ids)"), default=list)
    note = models.TextField(_("the jury's reasoning"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("tie decision")
        verbose_name_plural = _("tie decisions")
        constraints = [
            models.UniqueConstraint(fields=["heat", "rank"], name="readaloud_tie_decision_once"),
        ]

    def __str__(self):
        return f"{self.heat}: {self.rank}"


class Advancement(models.Model):
    """A reader going on from one heat to the next round's heat, or stepping in for another."""

    class Kind(models.TextChoices):
        QUALIFIED = "qualified", _("Qualified")
        STEPPED_IN = "stepped_in", _("Stepped in as reserve")

    from_performance = models.OneToOneField(
        Performance, on_delete=models.PROTECT, related_name="advancement"
    )
    to_heat = models.ForeignKey(Heat, on_delete=models.PROTECT, related_name="advancements_in")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("steps in for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # When a cancelled place was taken by the withdrawn reader's school reserve.
    reserve_performance = models.OneToOneField(
        Performance,
        verbose_name=_("taken by the school's reserve"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reserve_for",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("advancement")
        verbose_name_plural = _("advancements")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"#{self.from_performance_id} → {self.to_heat}"
