"""The projector view of a final: the running order, the reader on stage, the winner reveal."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from readaloud.models import Heat, Performance


@dataclass
class ProjectorReader:
    position: int | None
    name: str  # the name only with the guardian's publish consent
    on_stage: bool


@dataclass
class ProjectorScreen:
    heat: Heat
    readers: list[ProjectorReader]
    on_stage: ProjectorReader | None
    winner: str | None  # shown once the organiser reveals it


def projector_screen(*, heat: Heat) -> ProjectorScreen:
    """Return what the big screen shows; names only where the publish consent allows."""
    performances = list(
        heat.performances.filter(withdrawn_at=None)
        .select_related("contestant__school")
        .order_by("running_position", "pk")
    )
    readers = [
        ProjectorReader(
            position=p.running_position,
            name=p.contestant.public_name(),
            on_stage=p.pk == heat.on_stage_id,
        )
        for p in performances
    ]
    winner = None
    if heat.winner_revealed_at is not None:
        first = next((p for p in performances if p.rank == 1), None)
        winner = first.contestant.public_name() if first else None
    return ProjectorScreen(
        heat=heat,
        readers=readers,
        on_stage=next((r for r in readers if r.on_stage), None),
        winner=winner,
    )


def stage_next(*, heat: Heat, by: User) -> Performance | None:
    """Put the next reader in the running order on stage (none after the last)."""
    with transaction.atomic():
        heat = Heat.objects.select_for_update().get(pk=heat.pk)
        performances = list(
            heat.performances.filter(withdrawn_at=None).order_by("running_position", "pk")
        )
        ids = [p.pk for p in performances]
        index = ids.index(heat.on_stage_id) + 1 if heat.on_stage_id in ids else 0
        heat.on_stage = performances[index] if index < len(performances) else None
        heat.save(update_fields=["on_stage"])
    return heat.on_stage


def winner_reveal(*, heat: Heat, by: User) -> Heat:
    """Show the winner on the projector; only once the results are released."""
    with transaction.atomic():
        heat = Heat.objects.select_for_update().get(pk=heat.pk)
        if not heat.is_released():
            raise ValidationError(
                _("Release the results before revealing the winner."), code="not_released"
            )
        heat.on_stage = None
        heat.winner_revealed_at = heat.winner_revealed_at or timezone.now()
        heat.save(update_fields=["on_stage", "winner_revealed_at"])
    return heat
