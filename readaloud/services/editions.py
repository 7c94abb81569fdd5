"""Editions: default criteria, creating an edition and copying last year's."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.models import Partnership
from readaloud.models import (
    DEFAULT_CRITERIA,
    Championship,
    Criterion,
    Heat,
    Round,
)


def criteria_add_defaults(*, championship: Championship) -> list[Criterion]:
    """Give ``championship`` the default criteria (when it has none yet)."""
    if championship.criteria.exists():
        return list(championship.criteria.all())
    return [
        Criterion.objects.create(
            championship=championship,
            code=code,
            name=str(name),
            description=str(description),
            max_points=max_points,
            weight=weight,
            applies_to=applies_to,
            position=position,
        )
        for position, (code, name, description, max_points, weight, applies_to) in enumerate(
            DEFAULT_CRITERIA, start=1
        )
    ]


def championship_create(
    *,
    name: str,
    year: int,
    organiser: Partnership,
    grade_from: int,
    grade_to: int,
    registration_deadline: datetime.date | None = None,
    status: str = Championship.Status.PLANNING,
    tie_break: str = Championship.TieBreak.UNSEEN_THEN_INTERPRETATION,
    retention_date: datetime.date | None = None,
) -> Championship:
    """Create a new edition with the default criteria."""
    with transaction.atomic():
        championship = Championship.objects.create(
            name=name,
            year=year,
            organiser=organiser,
            grade_from=grade_from,
            grade_to=grade_to,
            registration_deadline=registration_deadline,
            status=status,
            tie_break=tie_break,
            retention_date=retention_date,
        )
        criteria_add_defaults(championship=championship)
    return championship


def same_weekday_years_on(day: datetime.date | None, years: int) -> datetime.date | None:
    """Return the date with ``day``'s weekday nearest to ``day`` moved ``years`` on.

    Thursday's final stays on a Thursday: 4 June 2026 (a Thursday) becomes 3 June 2027.
    """
    if day is None:
        return None
    try:
        moved = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        moved = day.replace(year=day.year + years, day=28)
    shift = (day.weekday() - moved.weekday() + 3) % 7 - 3  # -3 … +3 days
    return moved + datetime.timedelta(days=shift)


@transaction.atomic
def championship_copy(*, source: Championship, year: int | None = None) -> Championship:
    """Create next year's edition with ``source``'s rounds, heats and criteria (no contestants).

    Dates move by the difference in years; heat links to the next round are kept.
    """
    year = year or source.year + 1
    shift = year - source.year
    name = source.name.replace(str(source.year), str(year))
    if name == source.name:
        name = f"{source.name} {year}"
    if Championship.objects.filter(name=name, year=year).exists():
        raise ValidationError(
            _("There already is an edition called %(name)s.") % {"name": name},
            code="edition_exists",
        )
    copy = Championship.objects.create(
        name=name,
        year=year,
        organiser=source.organiser,
        grade_from=source.grade_from,
        grade_to=source.grade_to,
        registration_deadline=same_weekday_years_on(source.registration_deadline, shift),
        tie_break=source.tie_break,
        copied_from=source,
    )
    for criterion in source.criteria.all():
        Criterion.objects.create(
            championship=copy,
            code=criterion.code,
            name=criterion.name,
            description=criterion.description,
            max_points=criterion.max_points,
            weight=criterion.weight,
            applies_to=criterion.applies_to,
            position=criterion.position,
        )
    heat_map = {}
    links = []
    for old_round in source.rounds.prefetch_related("heats"):
        new_round = Round.objects.create(
            championship=copy,
            number=old_round.number,
            kind=old_round.kind,
            name=old_round.name,
            date=same_weekday_years_on(old_round.date, shift),
            venue=old_round.venue,
            branch_id=old_round.branch_id,
            school_id=old_round.school_id,
            advance_count=old_round.advance_count,
        )
        for old_heat in old_round.heats.all():
            heat_map[old_heat.pk] = Heat.objects.create(
                round=new_round,
                name=old_heat.name,
                date=same_weekday_years_on(old_heat.date, shift),
                start_time=old_heat.start_time,
                minutes_per_reader=old_heat.minutes_per_reader,
                venue=old_heat.venue,
                branch_id=old_heat.branch_id,
                school_id=old_heat.school_id,
            )
            if old_heat.feeds_into_id:
                links.append((old_heat.pk, old_heat.feeds_into_id))
    for old_pk, old_target in links:
        heat = heat_map[old_pk]
        heat.feeds_into = heat_map.get(old_target)
        heat.save(update_fields=["feeds_into"])
    return copy
