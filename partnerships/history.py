"""What happened to a partnership, told so people can read it.

One timeline from the audit log of the partnership and of everything it holds
(members, partner organisations, journal, tasks, hours, files, evaluations — also
those removed since: their log entries are found by the partnership they belonged
to), its status changes with their reasons, and the backing requests and
decisions. Values are shown as the pages show them: field labels, names of related
objects, choice labels and local date and number formats.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.encoding import smart_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partnerships.models import (
    Attachment,
    BackingDecision,
    BackingRequest,
    Evaluation,
    JournalEntry,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    StatusChange,
    Task,
    TimeEntry,
)

HISTORY_LIMIT = 300

# The models whose log entries belong to a partnership, all linked by ``partnership``.
HELD_MODELS = [
    PartnershipMember,
    PartnershipPartner,
    JournalEntry,
    Task,
    TimeEntry,
    Evaluation,
    Attachment,
]

# Fields that say nothing to a reader (keys, bookkeeping) or are told elsewhere.
HIDDEN_FIELDS = {
    "id",
    "partnership",
    "created_at",
    "updated_at",
    "added_at",
    "edited_at",
    "uploaded_at",
    "file",
    "content_type",
    "size",
}
# A partnership's status changes are told from their own records, with the reason.
HIDDEN_PER_MODEL = {Partnership: {"status"}}
EMPTY = "–"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    """One thing that happened: when, who, a sentence, and the field changes (if any)."""

    when: datetime.datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""


def partnership_history(
    partnership: Partnership, *, limit: int = HISTORY_LIMIT
) -> list[HistoryRow]:
    """Return the newest things that happened to ``partnership``, newest first.

    The number of queries does not grow with the size of the history: related
    objects are named from one query per model.
    """
    entries = _log_entries(partnership, limit)
    names = _referenced_names(entries)
    rows = [_log_row(entry, names) for entry in entries]
    rows += _status_rows(partnership)
    rows += _backing_rows(partnership)
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:limit]


# --- Finding the log entries --------------------------------------------------


def _log_entries(partnership: Partnership, limit: int) -> list[LogEntry]:
    types = ContentType.objects.get_for_models(Partnership, *HELD_MODELS)
    pk = str(partnership.pk)
    # Objects held now, and those that ever were: a creation or deletion logs the
    # partnership the object belonged to, so removed objects are found too.
    held = Q(content_type=types[Partnership], object_pk=pk)
    linked = Q(changes__partnership__1=pk) | Q(changes__partnership__0=pk)
    held_types = [types[model] for model in HELD_MODELS]
    ever = defaultdict(set)
    for type_id, object_pk in LogEntry.objects.filter(
        linked, content_type__in=held_types
    ).values_list("content_type_id", "object_pk"):
        ever[type_id].add(object_pk)
    for model in HELD_MODELS:
        now = model._default_manager.filter(partnership=partnership).values_list("pk", flat=True)
        ever[types[model].pk].update(str(value) for value in now)
    for type_id, pks in ever.items():
        held |= Q(content_type_id=type_id, object_pk__in=sorted(pks))
    return list(
        LogEntry.objects.filter(held)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )


def _model_field(model, name):
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return model_field if model_field.concrete else None


def _referenced_pk(model_field, value):
    if value in (None, "None", ""):
        return None
    try:
        return model_field.related_model._meta.pk.to_python(value)
    except ValidationError:
        return None


def _referenced_names(entries: list[LogEntry]) -> dict:
    """Return {(model, pk): name} for every object the entries refer to, one query per model."""
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items() if model else ():
            model_field = _model_field(model, name)
            if model_field is not None and (model_field.many_to_one or model_field.one_to_one):
                for value in values:
                    pk = _referenced_pk(model_field, value)
                    if pk is not None:
                        wanted[model_field.related_model].add(pk)
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[model, obj.pk] = getattr(obj, "full_name", "") or smart_str(obj)
    return names


# --- Telling what happened ----------------------------------------------------


def _value_display(model_field, value, names) -> str:
    """Return a logged value as the pages would show it."""
    if value in (None, "None", ""):
        return EMPTY
    if model_field.many_to_one or model_field.one_to_one:
        pk = _referenced_pk(model_field, value)
        return names.get((model_field.related_model, pk), _("(removed)"))
    if model_field.choices:
        return smart_str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value in ("True", True) else _("no")
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is None:
            return smart_str(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        day = parse_date(str(value)[:10])
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else smart_str(value)
    if isinstance(model_field, models.DecimalField | models.FloatField):
        try:
            number = Decimal(str(value)).normalize()
        except InvalidOperation:
            return smart_str(value)
        return formats.number_format(number, use_l10n=True)
    if isinstance(model_field, models.IntegerField):
        try:
            return formats.number_format(int(value), use_l10n=True, force_grouping=True)
        except ValueError:
            return smart_str(value)
    text = smart_str(value)
    return text if len(text) <= 120 else f"{text[:119]}…"


def _visible(model, name) -> bool:
    return name not in HIDDEN_FIELDS and name not in HIDDEN_PER_MODEL.get(model, ())


def _log_row(entry: LogEntry, names) -> HistoryRow:
    model = entry.content_type.model_class()
    kind = capfirst(model._meta.verbose_name) if model else entry.content_type.name
    subject = entry.object_repr if len(entry.object_repr) <= 80 else f"{entry.object_repr[:79]}…"
    action = entry.action
    if action == LogEntry.Action.CREATE:
        what = _("%(kind)s added: %(name)s") % {"kind": kind, "name": subject}
    elif action == LogEntry.Action.DELETE:
        what = _("%(kind)s removed: %(name)s") % {"kind": kind, "name": subject}
    else:
        what = _("%(kind)s changed: %(name)s") % {"kind": kind, "name": subject}
    changes = []
    if model is not None and action != LogEntry.Action.DELETE:
        for name, values in (entry.changes_dict or {}).items():
            model_field = _model_field(model, name)
            if model_field is None or not _visible(model, name) or len(values) != 2:
                continue
            old, new = (_value_display(model_field, value, names) for value in values)
            if action == LogEntry.Action.CREATE and new == EMPTY:
                continue
            changes.append(Change(capfirst(model_field.verbose_name), old, new))
    who = entry.actor.full_name if entry.actor else _("the system")
    return HistoryRow(when=entry.timestamp, who=who, what=what, changes=changes)


def _status_rows(partnership: Partnership) -> list[HistoryRow]:
    rows = []
    for change in StatusChange.objects.filter(partnership=partnership).select_related("changed_by"):
        if change.from_status:
            what = _("Status changed from “%(from)s” to “%(to)s”") % {
                "from": change.get_from_status_display(),
                "to": change.get_to_status_display(),
            }
        else:
            what = _("Created with the status “%(to)s”") % {"to": change.get_to_status_display()}
        rows.append(
            HistoryRow(
                when=change.changed_at,
                who=change.changed_by.full_name,
                what=what,
                note=change.note,
            )
        )
    return rows


def _backing_rows(partnership: Partnership) -> list[HistoryRow]:
    rows = []
    requests = BackingRequest.objects.filter(partnership=partnership).select_related("requested_by")
    for request in requests:
        rows.append(
            HistoryRow(
                when=request.requested_at,
                who=request.requested_by.full_name,
                what=_("Backing asked for"),
                note=request.comment,
            )
        )
    decisions = BackingDecision.objects.filter(request__partnership=partnership).select_related(
        "decided_by"
    )
    for decision in decisions:
        rows.append(
            HistoryRow(
                when=decision.decided_at,
                who=decision.decided_by.full_name,
                what=_("Backing approved") if decision.approved else _("Backing declined"),
                note=decision.comment,
            )
        )
    return rows
