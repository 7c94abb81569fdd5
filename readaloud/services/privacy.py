"""The children's data: export, erase and anonymisation after the retention date."""

import datetime
from collections.abc import Iterable

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry as AuditEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from readaloud.models import (
    AccessLogEntry,
    Advancement,
    Championship,
    Contestant,
    Performance,
    ReaderJudgement,
    Score,
    TieDecision,
)
from readaloud.services.access import access_log_purge
from readaloud.services.traces import child_names, redact, traces_scrub

# Contestant fields that identify the child; anonymisation blanks them, also in the audit log.
PERSONAL_FIELDS = [
    "first_name",
    "last_name",
    "class_name",
    "book_title",
    "book_author",
    "passage",
    "consent_given_by",
    "publish_consent_given_by",
]


def _anonymised_label() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymised reader")


def _child_objects(contestant_ids: list[int]) -> dict:
    """Return the rows that belong to the children, by model (for scrubbing their logs)."""
    performance_ids = list(
        Performance.objects.filter(contestant_id__in=contestant_ids).values_list("pk", flat=True)
    )
    return {
        Contestant: contestant_ids,
        Performance: performance_ids,
        Advancement: list(
            Advancement.objects.filter(
                Q(from_performance_id__in=performance_ids)
                | Q(reserve_performance_id__in=performance_ids)
            ).values_list("pk", flat=True)
        ),
        ReaderJudgement: list(
            ReaderJudgement.objects.filter(performance_id__in=performance_ids).values_list(
                "pk", flat=True
            )
        ),
        # The jury's notes on the heats the children read in may name them.
        TieDecision: list(
            TieDecision.objects.filter(heat__performances__id__in=performance_ids)
            .values_list("pk", flat=True)
            .distinct()
        ),
    }


def _redact_tie_notes(decision_ids: list[int], names: set[str]) -> None:
    """Take the children's names, in every inflection, out of the jury's notes."""
    for decision in TieDecision.objects.filter(pk__in=decision_ids):
        redacted = redact(decision.note, names)
        if redacted != decision.note:
            TieDecision.objects.filter(pk=decision.pk).update(note=redacted)


def _scrub(objects: dict, names: set[str], full_names: set[str], label: str) -> None:
    _redact_tie_notes(objects[TieDecision], names)
    traces_scrub(
        objects=objects,
        names=names,
        full_names=full_names,
        personal_fields={Contestant: PERSONAL_FIELDS},
        labels={Contestant: label},
    )


# How many readers are anonymised per batch (keeps the ``IN`` lists of one query short).
BATCH = 200


def _record_erasure(contestants: list[Contestant], *, by, reason: str, action) -> None:
    """Write one audit-log line per reader: erased, by whom and why (no name)."""
    now = timezone.now().isoformat()
    content_type = ContentType.objects.get_for_model(Contestant)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                content_type=content_type,
                object_pk=str(contestant.pk),
                object_id=contestant.pk,
                object_repr=_anonymised_label(),
                action=action,
                changes={"erased": ["", now]},
                additional_data={"reason": reason},
                actor=by,
            )
            for contestant in contestants
        ]
    )


def contestants_anonymise(
    *, contestants: Iterable[Contestant], by=None, reason: str = "retention"
) -> int:
    """Blank the personal fields of ``contestants``; scores, totals and ranks stay.

    The names also leave the audit log, the admin's log, the jury's notes and the outbox.
    The audit log records who did it (``by``; nobody for the purge) and why (``reason``).
    """
    contestants = list(contestants)
    label = _anonymised_label()
    now = timezone.now()
    for start in range(0, len(contestants), BATCH):
        batch = contestants[start : start + BATCH]
        ids = []
        names, full_names = set(), set()
        with transaction.atomic(), disable_auditlog():
            for contestant in batch:
                if contestant.anonymised_at is None:
                    names |= child_names(contestant.first_name, contestant.last_name)
                    full_names |= child_names(contestant.full_name)
                contestant.first_name = label
                for name in PERSONAL_FIELDS[1:]:
                    setattr(contestant, name, "")
                contestant.publish_consent = False
                contestant.anonymised_at = contestant.anonymised_at or now
                contestant.save()
                ids.append(contestant.pk)
            # A judge's notes may describe the child: they go too.
            ReaderJudgement.objects.filter(performance__contestant_id__in=ids).update(note="")
            _scrub(_child_objects(ids), names, full_names, label)
            # Who looked at an anonymised reader names nobody any more: the log goes.
            AccessLogEntry.objects.erase_for(contestant_ids=ids)
            _record_erasure(batch, by=by, reason=reason, action=AuditEntry.Action.UPDATE)
    return len(contestants)


def _contestant_delete(contestant: Contestant, *, by=None, reason: str = "retention") -> None:
    """Delete a reader who never read, with its placements, and scrub its traces."""
    names = child_names(contestant.first_name, contestant.last_name)
    full_names = child_names(contestant.full_name)
    objects = _child_objects([contestant.pk])
    AccessLogEntry.objects.erase_for(contestant_ids=[contestant.pk])
    performance_ids = objects[Performance]
    # A place this reader took as a school reserve falls back to "vacant".
    Advancement.objects.filter(reserve_performance_id__in=performance_ids).update(
        reserve_performance=None
    )
    advancements = Advancement.objects.filter(from_performance_id__in=performance_ids)
    Advancement.objects.filter(replaces__in=advancements).update(replaces=None)
    advancements.delete()
    contestant.performances.all().delete()
    pk = contestant.pk
    contestant.delete()
    _scrub(objects, names, full_names, _anonymised_label())
    contestant.pk = pk
    _record_erasure([contestant], by=by, reason=reason, action=AuditEntry.Action.DELETE)


def contestant_erase(*, contestant: Contestant, by=None) -> str:
    """Erase a child's data on request: delete it if it never read, else anonymise it.

    A reader who has been scored stays as an anonymous row so the other readers' ranks
    and the statistics do not change. Either way the name leaves every log. Returns
    "deleted" or "anonymised".
    """
    with transaction.atomic():
        if not Score.objects.filter(performance__contestant=contestant).exists():
            _contestant_delete(contestant, by=by, reason="request")
            return "deleted"
        contestants_anonymise(contestants=[contestant], by=by, reason="request")
        return "anonymised"


def personal_data_purge(*, today: datetime.date) -> int:
    """Erase the readers of every edition past its retention date; return how many. Idempotent.

    Readers who were scored are anonymised (the results stay); readers who never read
    are deleted, or anonymised when ``READALOUD_NEVER_READ`` is "anonymise". The access
    log's entries older than ``ACCESS_LOG_RETENTION_MONTHS`` go too.
    """
    count = 0
    for championship in Championship.objects.prefetch_related("rounds"):
        if championship.effective_retention_date() > today:
            continue
        pending = championship.contestants.filter(anonymised_at=None)
        if settings.READALOUD_NEVER_READ == "delete":
            never_read = pending.exclude(pk__in=Score.objects.values("performance__contestant_id"))
            for contestant in never_read:
                with transaction.atomic():
                    _contestant_delete(contestant)
                count += 1
        count += contestants_anonymise(contestants=list(pending))
        if not championship.is_anonymised():
            Championship.objects.filter(pk=championship.pk).update(anonymised_at=timezone.now())
    access_log_purge(today=today)
    return count
