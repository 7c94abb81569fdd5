"""What happened to a partnership: the audit log of it and everything it holds."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from partnerships.models import (
    JournalEntry,
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    Task,
    TimeEntry,
)

HISTORY_LIMIT = 300


def partnership_history(partnership: Partnership, *, limit: int = HISTORY_LIMIT) -> QuerySet:
    """Return the newest audit-log entries of a partnership and what it holds.

    That is the partnership itself, its members, partner links, journal entries,
    tasks and time entries, newest first.
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
    return (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:limit]
    )
