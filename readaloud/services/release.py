"""Releasing results for the prize-giving, and the criteria lock that keeps results true."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from readaloud.models import Advancement, Championship, Heat, Performance, Round, Score
from readaloud.services.advancement import heat_advance, store_result
from readaloud.services.ranking import heat_result


def heat_release(*, heat: Heat, by: User) -> Heat:
    """Make the results of closed ``heat`` public; never while the jury still decides a tie."""
    with transaction.atomic():
        heat = Heat.objects.select_for_update().get(pk=heat.pk)
        if not heat.is_closed():
            raise ValidationError(
                _("Close the heat before releasing its results."), code="heat_not_closed"
            )
        if heat.is_released():
            raise ValidationError(_("The results are already released."), code="released")
        if heat.performances.filter(withdrawn_at=None, tie_unresolved=True).exists():
            raise ValidationError(
                _("The jury has not decided a tie yet: the results cannot be released."),
                code="tie_undecided",
            )
        heat.released_at = timezone.now()
        heat.released_by = by
        heat.save(update_fields=["released_at", "released_by"])
    return heat


def round_release(*, round_: Round, by: User) -> list[Heat]:
    """Release every heat of ``round_`` at once; refused unless all are closed and decided."""
    with transaction.atomic():
        heats = list(Heat.objects.select_for_update().filter(round=round_).order_by("name"))
        if not heats:
            raise ValidationError(_("The round has no heats."), code="no_heats")
        for heat in heats:
            if not heat.is_closed():
                raise ValidationError(
                    _("%(heat)s is not closed yet.") % {"heat": heat.name}, code="heat_not_closed"
                )
        released = [heat_release(heat=heat, by=by) for heat in heats if not heat.is_released()]
    return released


def criteria_reopen(*, championship: Championship, reason: str, by: User) -> Championship:
    """Unlock the scored criteria of ``championship`` for one change, with a reason.

    Refused once any result is released: a published result never changes.
    """
    if not reason.strip():
        raise ValidationError(
            _("Give a reason for changing the criteria after scoring began."),
            code="reason_required",
        )
    with transaction.atomic():
        championship = Championship.objects.select_for_update().get(pk=championship.pk)
        if championship.has_released_results():
            raise ValidationError(
                _("Results of this edition are released: the criteria can no longer change."),
                code="results_released",
            )
        championship.criteria_reopened_at = timezone.now()
        championship.criteria_reopened_by = by
        championship.criteria_reopened_reason = reason.strip()
        championship.save(
            update_fields=[
                "criteria_reopened_at",
                "criteria_reopened_by",
                "criteria_reopened_reason",
            ]
        )
    return championship


def criteria_change(*, championship: Championship, save: Callable[[], object], by: User) -> int:
    """Run ``save`` (which writes the criteria) and recompute every closed heat; relock.

    1. Refused while the criteria are locked, or if a result is released.
    2. After saving, no score may exceed its criterion's new maximum.
    3. Each closed heat, in round order, stores its new totals and ranks; advancements into
       heats that have not started are redone from the new ranking.
    Return how many closed heats were recomputed.
    """
    with transaction.atomic():
        championship = Championship.objects.select_for_update().get(pk=championship.pk)
        if championship.criteria_locked():
            raise ValidationError(
                _("The criteria are locked because scoring has begun."), code="criteria_locked"
            )
        if championship.has_released_results():
            raise ValidationError(
                _("Results of this edition are released: the criteria can no longer change."),
                code="results_released",
            )
        try:
            save()
        except ProtectedError as error:
            raise ValidationError(
                _("A criterion that has been scored cannot be deleted."), code="criterion_scored"
            ) from error
        scores = Score.objects.filter(criterion__championship=championship)
        if scores.filter(points__gt=F("criterion__max_points")).exists():
            raise ValidationError(
                _("Some scores are higher than the new maximum: lower the scores first."),
                code="scores_above_max",
            )
        for score in scores.exclude(max_points=F("criterion__max_points")).select_related(
            "criterion"
        ):
            score.max_points = score.criterion.max_points
            score.save(update_fields=["max_points"])
        recomputed = _recompute_closed_heats(championship, by)
        if championship.criteria_reopened_at is not None:
            championship.criteria_reopened_at = None
            championship.criteria_reopened_by = None
            championship.save(update_fields=["criteria_reopened_at", "criteria_reopened_by"])
    return recomputed


def _recompute_closed_heats(championship: Championship, by: User) -> int:
    heats = list(
        Heat.objects.filter(round__championship=championship)
        .exclude(closed_at=None)
        .select_related("round__championship")
        .order_by("round__number", "pk")
    )
    for heat in heats:
        advancements = Advancement.objects.filter(
            from_performance__heat=heat, cancelled_at=None
        ).select_related("to_heat")
        if any(a.to_heat.is_started() for a in advancements):
            raise ValidationError(
                _("Readers from %(heat)s have already read in the next round.") % {"heat": heat},
                code="next_round_started",
            )
        for advancement in advancements:
            Performance.objects.filter(
                heat=advancement.to_heat,
                contestant_id=advancement.from_performance.contestant_id,
                scores__isnull=True,
            ).delete()
            advancement.delete()
        store_result(heat_result(heat=heat))
        heat_advance(heat=heat, by=by)
    return len(heats)
