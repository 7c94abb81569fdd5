"""What happened to a partnership: the audit log of it and everything it holds."""

from collections import defaultdict

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils.encoding import smart_str

from partnerships.models import (
    JournalEntry,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    Task,
    TimeEntry,
)

HISTORY_LIMIT = 300


def partnership_history(partnership: Partnership, *, limit: int = HISTORY_LIMIT) -> list[LogEntry]:
    """Return the newest audit-log entries of a partnership and what it holds.

    That is the partnership itself, its members, partner links, journal entries,
    tasks and time entries, newest first. The names of the objects their changes
    refer to are fetched together, so showing the changes costs no query per row.
    """
    related = {
        Partnership: [partnership.pk],
        PartnershipMember: list(partnership.memberships.values_list("pk", flat=True)),
        PartnershipPartner: list(partnership.partner_links.values_list("pk", flat=True)),
        JournalEntry: list(partnership.journal_entries.values_list("pk", flat=True)),
        Task: list(partnership.tasks.values_list("pk", flat=True)),
        TimeEntry: list(partnership.time_entries.values_list("pk", flat=True)),
    }
    types = ContentType.objects.get_for_models(*related)
    query = Q()
    for model, pks in related.items():
        if pks:
            query |= Q(content_type=types[model], object_pk__in=[str(pk) for pk in pks])
    entries = list(
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
    _fetch_referenced_names(entries)
    return entries


def _referenced_pk(field, value):
    try:
        return field.related_model._meta.pk.to_python(value)
    except ValidationError:  # "None", or a legacy string instead of a key
        return None


def _fetch_referenced_names(entries: list[LogEntry]) -> None:
    """Let ``changes_display_dict`` name related objects from one query per model.

    Auditlog looks each foreign key of each change up on its own; this fetches
    them all at once and hands the entries a lookup in the same format.
    """
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items() if model else ():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                wanted[field.related_model].update(_referenced_pk(field, v) for v in values)
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks - {None}):
            names[model, obj.pk] = smart_str(obj)

    def display(field, value):
        if value == "None":
            return value
        pk = _referenced_pk(field, value)
        if pk is None:
            return value
        return names.get(
            (field.related_model, pk), f"Deleted '{field.related_model.__name__}' ({value})"
        )

    for entry in entries:
        entry._get_changes_display_for_fk_field = display
