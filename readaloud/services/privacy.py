"""The children's data: export, erase and anonymisation after the retention date."""

import datetime
import re
from collections.abc import Iterable

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from readaloud.models import (
    Advancement,
    Championship,
    Contestant,
    ReaderJudgement,
    Score,
    TieDecision,
)

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


def contestant_export(*, contestant: Contestant) -> dict:
    """Return everything stored about ``contestant``, for the guardian's right of access."""
    performances = []
    for performance in contestant.performances.select_related("heat__round").prefetch_related(
        "scores__criterion"
    ):
        performances.append(
            {
                "round": str(performance.heat.round),
                "heat": performance.heat.name,
                "date": performance.heat.round.date.isoformat()
                if performance.heat.round.date
                else None,
                "running_order": performance.running_position,
                "total": str(performance.total) if performance.total is not None else None,
                "rank": performance.rank,
                "scores": [
                    {
                        "judge": score.assignment_id,
                        "criterion": score.criterion.name,
                        "part": score.part,
                        "points": score.points,
                    }
                    for score in performance.scores.all()
                ],
            }
        )

    def iso(value):
        return value.isoformat() if value else None

    return {
        "championship": contestant.championship.name,
        "first_name": contestant.first_name,
        "last_name": contestant.last_name,
        "school": contestant.school.name,
        "grade": contestant.grade,
        "class": contestant.class_name,
        "book_title": contestant.book_title,
        "book_author": contestant.book_author,
        "passage": contestant.passage,
        "reserve": contestant.is_reserve,
        "consent_given_by": contestant.consent_given_by,
        "consent_given_at": iso(contestant.consent_given_at),
        "consent_method": contestant.consent_method,
        "publish_consent": contestant.publish_consent,
        "consent_withdrawn_at": iso(contestant.consent_withdrawn_at),
        "withdrawn_at": iso(contestant.withdrawn_at),
        "registered_at": iso(contestant.created_at),
        "performances": performances,
    }


def contestant_export_rows(*, contestant: Contestant) -> list[list]:
    """Return the export as CSV rows: one row per field, then one row per score."""
    data = contestant_export(contestant=contestant)
    rows = [["field", "value"]]
    for key, value in data.items():
        if key != "performances":
            rows.append([key, value])
    rows.append([])
    rows.append(
        ["round", "heat", "running_order", "total", "rank", "judge", "criterion", "part", "points"]
    )
    for performance in data["performances"]:
        for score in performance["scores"] or [{}]:
            rows.append(
                [
                    performance["round"],
                    performance["heat"],
                    performance["running_order"],
                    performance["total"],
                    performance["rank"],
                    score.get("judge", ""),
                    score.get("criterion", ""),
                    score.get("part", ""),
                    score.get("points", ""),
                ]
            )
    return rows


def _scrub_audit_log(contestant_ids: list[int], label: str) -> None:
    """Remove the children's names from the audit history of their contestant rows."""
    content_type = ContentType.objects.get_for_model(Contestant)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in contestant_ids]
    )
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in PERSONAL_FIELDS:
            if name in changes:
                changes[name] = ["***", "***"]
        entry.changes = changes
        entry.changes_text = ""
        entry.object_repr = label
        entry.serialized_data = None
        entry.save(update_fields=["changes", "changes_text", "object_repr", "serialized_data"])


def _redact(text: str, names: set[str]) -> str:
    """Return ``text`` with every one of ``names`` (whole words, any case) replaced by ***."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "***", text, flags=re.IGNORECASE)
    return text


def _redact_tie_notes(contestant_ids: list[int], names: set[str]) -> None:
    """Take the children's names out of the jury's notes on their heats, and their history."""
    if not names:
        return
    decisions = TieDecision.objects.filter(
        heat__performances__contestant_id__in=contestant_ids
    ).distinct()
    for decision in decisions:
        redacted = _redact(decision.note, names)
        if redacted != decision.note:
            TieDecision.objects.filter(pk=decision.pk).update(note=redacted)
    content_type = ContentType.objects.get_for_model(TieDecision)
    for entry in LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(d.pk) for d in decisions]
    ):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        if "note" in changes:
            changes["note"] = [_redact(str(value), names) for value in changes["note"]]
            entry.changes = changes
            entry.changes_text = ""
            entry.save(update_fields=["changes", "changes_text"])


def _anonymised_label() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymised reader")


def contestants_anonymise(*, contestants: Iterable[Contestant]) -> int:
    """Blank the personal fields of ``contestants``; scores, totals and ranks stay."""
    label = _anonymised_label()
    now = timezone.now()
    ids = []
    names = set()
    with transaction.atomic(), disable_auditlog():
        for contestant in contestants:
            if contestant.anonymised_at is None:
                names |= {n for n in (contestant.first_name, contestant.last_name) if len(n) > 1}
            contestant.first_name = label
            for name in PERSONAL_FIELDS[1:]:
                setattr(contestant, name, "")
            contestant.publish_consent = False
            contestant.anonymised_at = contestant.anonymised_at or now
            contestant.save()
            ids.append(contestant.pk)
        # A judge's notes may describe the child: they go too.
        ReaderJudgement.objects.filter(performance__contestant_id__in=ids).update(note="")
        _scrub_audit_log(ids, label)
        _redact_tie_notes(ids, names)
    return len(ids)


def contestant_erase(*, contestant: Contestant) -> str:
    """Erase a child's data on request: delete it if it never read, else anonymise it.

    A reader who has been scored stays as an anonymous row so the other readers' ranks
    and the statistics do not change. Returns "deleted" or "anonymised".
    """
    with transaction.atomic():
        if not Score.objects.filter(performance__contestant=contestant).exists():
            pk = contestant.pk
            Advancement.objects.filter(from_performance__contestant=contestant).delete()
            contestant.performances.all().delete()
            contestant.delete()
            _scrub_audit_log([pk], _anonymised_label())
            return "deleted"
        contestants_anonymise(contestants=[contestant])
        return "anonymised"


def personal_data_purge(*, today: datetime.date) -> int:
    """Anonymise the readers of every edition past its retention date. Idempotent.

    Returns the number of contestants anonymised now.
    """
    count = 0
    for championship in Championship.objects.prefetch_related("rounds"):
        retention = championship.effective_retention_date()
        if retention is None or retention > today:
            continue
        pending = championship.contestants.filter(anonymised_at=None)
        count += contestants_anonymise(contestants=list(pending))
        if not championship.is_anonymised():
            Championship.objects.filter(pk=championship.pk).update(anonymised_at=timezone.now())
    return count
