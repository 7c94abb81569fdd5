"""Closing heats, the jury's tie decisions, advancement, withdrawals and reserves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from readaloud.models import (
    Advancement,
    Contestant,
    Heat,
    Performance,
    Round,
    TieDecision,
)
from readaloud.services.ranking import HeatResult, heat_result
from readaloud.services.scoring import performance_append


def store_result(result: HeatResult) -> None:
    for row in result.rows:
        performance = row.performance
        performance.total = row.total
        performance.rank = row.rank
        performance.tie_unresolved = row.tie_unresolved
        performance.save(update_fields=["total", "rank", "tie_unresolved"])


def heat_close(*, heat: Heat, by: User) -> HeatResult:
    """Close ``heat`` once every judge not excluded has scored everything; rank and advance."""
    original = heat
    with transaction.atomic():
        heat = (
            Heat.objects.select_for_update().select_related("round__championship").get(pk=heat.pk)
        )
        if heat.is_closed():
            raise ValidationError(_("The heat is already closed."), code="heat_closed")
        result = heat_result(heat=heat)
        if not any(not a.excluded for a in result.assignments):
            raise ValidationError(
                _("The heat has no judges: assign at least one judge."), code="no_judges"
            )
        if not result.rows:
            raise ValidationError(_("The heat has no readers."), code="no_readers")
        if result.missing:
            raise ValidationError(
                _(
                    "%(count)s scores are still missing: %(details)s. Every judge scores every reader, is marked absent for that reader, or is excluded by the organiser."
                )
                % {"count": result.missing, "details": missing_details(result)},
                code="scores_missing",
            )
        heat.closed_at = timezone.now()
        heat.closed_by = by
        heat.started_at = heat.started_at or heat.closed_at
        heat.save(update_fields=["closed_at", "closed_by", "started_at"])
        store_result(result)
        heat_advance(heat=heat, by=by)
    original.closed_at, original.closed_by, original.started_at = (
        heat.closed_at,
        heat.closed_by,
        heat.started_at,
    )
    return result


def missing_details(result: HeatResult) -> str:
    """Return who still has to score whom, e.g. "Anna Dommer: Bo Berg (2)"."""
    return "; ".join(
        _("%(judge)s: %(reader)s (%(count)s)")
        % {
            "judge": assignment.judge,
            "reader": performance.contestant.full_name,
            "count": count,
        }
        for assignment, performance, count in result.missing_by
    )


def heat_reopen(*, heat: Heat) -> None:
    """Reopen a closed heat (before release, before anyone advanced) to correct scores."""
    heat.refresh_from_db(fields=["released_at"])
    if heat.is_released():
        raise ValidationError(
            _("The results are released: the heat can no longer be reopened."), code="released"
        )
    if heat.performances.filter(advancement__isnull=False).exists():
        raise ValidationError(
            _("Readers have already advanced from this heat; it can no longer be reopened."),
            code="readers_advanced",
        )
    heat.closed_at = None
    heat.closed_by = None
    heat.save(update_fields=["closed_at", "closed_by"])


def tie_decide(*, heat: Heat, rank: int, order: list[int], note: str, by: User) -> TieDecision:
    """Record the jury's order for readers sharing ``rank`` and re-rank and advance the heat."""
    heat.refresh_from_db(fields=["closed_at"])
    if not heat.is_closed():
        raise ValidationError(
            _("Close the heat before the jury decides a tie."), code="heat_not_closed"
        )
    tied = set(
        heat.performances.filter(rank=rank, tie_unresolved=True).values_list("pk", flat=True)
    )
    if len(tied) < 2 or set(order) != tied or len(order) != len(tied):
        raise ValidationError(
            _("Put every tied reader in order, each once."), code="tie_order_incomplete"
        )
    with transaction.atomic():
        decision, _created = TieDecision.objects.update_or_create(
            heat=heat, rank=rank, defaults={"order": order, "note": note, "decided_by": by}
        )
        store_result(heat_result(heat=heat))
        heat_advance(heat=heat, by=by)
    return decision


def next_heat(*, heat: Heat) -> Heat | None:
    """Return the heat the winners of ``heat`` go to: its link, or the next round's only heat."""
    if heat.feeds_into_id:
        return heat.feeds_into
    next_round = (
        Round.objects.filter(
            championship_id=heat.round.championship_id, number__gt=heat.round.number
        )
        .order_by("number")
        .first()
    )
    if next_round is None:
        return None
    heats = list(next_round.heats.all()[:2])
    return heats[0] if len(heats) == 1 else None


def _eligible(performance: Performance) -> bool:
    contestant = performance.contestant
    return (
        performance.withdrawn_at is None
        and not contestant.is_withdrawn()
        and contestant.has_consent()
    )


def heat_advance(*, heat: Heat, by: User | None = None) -> list[Advancement]:
    """Send the top N of closed ``heat`` on to the next round; fill places left by withdrawals.

    Idempotent. Stops at a tie the jury has not decided when it straddles the cut.
    """
    if not heat.is_closed():
        return []
    target = next_heat(heat=heat)
    if target is None or target.is_closed():
        return []
    quota = heat.round.advance_count
    performances = list(
        heat.performances.exclude(rank=None)
        .select_related("contestant", "advancement")
        .order_by("rank", "running_position", "pk")
    )
    existing = [p.advancement for p in performances if hasattr(p, "advancement")]
    # A place taken by a school's reserve stays taken.
    active = [a for a in existing if a.cancelled_at is None or a.reserve_performance_id]
    vacancies = [
        a
        for a in existing
        if a.cancelled_at is not None
        and a.reserve_performance_id is None
        and not a.replaced_by.exists()
    ]
    free = quota - len(active)
    candidates = [p for p in performances if not hasattr(p, "advancement") and _eligible(p)]
    created = []
    index = 0
    while free > 0 and index < len(candidates):
        candidate = candidates[index]
        if candidate.tie_unresolved:
            group = [c for c in candidates if c.rank == candidate.rank and c.tie_unresolved]
            if len(group) > free:
                break  # The jury must decide who goes on.
        replaces = vacancies.pop(0) if vacancies else None
        advancement = Advancement.objects.create(
            from_performance=candidate,
            to_heat=target,
            kind=Advancement.Kind.STEPPED_IN if replaces else Advancement.Kind.QUALIFIED,
            replaces=replaces,
            created_by=by,
        )
        Performance.objects.get_or_create(heat=target, contestant=candidate.contestant)
        created.append(advancement)
        free -= 1
        index += 1
    return created


def school_reserve(*, contestant: Contestant, heat: Heat) -> Contestant | None:
    """Return the reserve of ``contestant``'s school who can take their place in ``heat``.

    A reserve is a registered reader of the same school and edition marked as reserve, with
    consent, not withdrawn and not already in a heat of that round; the earliest registered.
    """
    candidates = (
        Contestant.objects.filter(
            championship_id=contestant.championship_id,
            school_id=contestant.school_id,
            is_reserve=True,
            withdrawn_at=None,
            consent_withdrawn_at=None,
        )
        .exclude(pk=contestant.pk)
        .exclude(performances__round_id=heat.round_id)
        .order_by("created_at", "pk")
    )
    return next((c for c in candidates if c.has_consent()), None)


def _reserve_steps_in(contestant: Contestant, heat: Heat) -> Performance | None:
    reserve = school_reserve(contestant=contestant, heat=heat)
    if reserve is None:
        return None
    return performance_append(heat=heat, contestant=reserve)


def _leave_open_heats(contestant: Contestant, by: User) -> list[Performance]:
    """Take ``contestant`` out of heats that have not started; fill the places left.

    1. The reader leaves every heat that is not closed (marked withdrawn where scoring began).
    2. In a heat that has not started, the school's reserve takes the place.
    3. Where the reader had advanced and no reserve is free, the next reader in rank of the
       heat they came from steps in.
    Return the new performances of the readers who stepped in.
    """
    stepped_in = []
    now = timezone.now()
    emptied = []
    for performance in contestant.performances.select_related("heat__round").filter(
        heat__closed_at=None
    ):
        if performance.heat.is_started() or performance.scores.exists():
            performance.withdrawn_at = now
            performance.save(update_fields=["withdrawn_at"])
        else:
            emptied.append(performance.heat)
            performance.delete()
    reserved = {}
    for heat in emptied:
        reserve = _reserve_steps_in(contestant, heat)
        if reserve is not None:
            reserved[heat.pk] = reserve
            stepped_in.append(reserve)
    for advancement in Advancement.objects.filter(
        from_performance__contestant=contestant, cancelled_at=None, to_heat__started_at=None
    ).select_related("from_performance__heat__round"):
        advancement.cancelled_at = now
        advancement.reserve_performance = reserved.get(advancement.to_heat_id)
        advancement.save(update_fields=["cancelled_at", "reserve_performance"])
        if advancement.reserve_performance is None:
            stepped_in += [
                Performance.objects.get(heat=a.to_heat, contestant=a.from_performance.contestant)
                for a in heat_advance(heat=advancement.from_performance.heat, by=by)
            ]
    return stepped_in


def contestant_withdraw(*, contestant: Contestant, by: User) -> list[Performance]:
    """Record that ``contestant`` withdraws; a reserve or the next reader takes the place."""
    with transaction.atomic():
        contestant.withdrawn_at = timezone.now()
        contestant.withdrawn_by = by
        contestant.save(update_fields=["withdrawn_at", "withdrawn_by"])
        return _leave_open_heats(contestant, by)


def consent_withdraw(*, contestant: Contestant, by: User) -> list[Performance]:
    """Withdraw the guardian's consent: off the public pages, out of coming heats, not placeable."""
    with transaction.atomic():
        contestant.consent_withdrawn_at = timezone.now()
        contestant.consent_withdrawn_by = by
        contestant.publish_consent = False
        contestant.save(
            update_fields=["consent_withdrawn_at", "consent_withdrawn_by", "publish_consent"]
        )
        return _leave_open_heats(contestant, by)
