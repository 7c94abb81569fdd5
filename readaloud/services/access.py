"""The access log of children's personal data: who read which children, when and why."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from readaloud.models import AccessLogEntry, Contestant, Heat, Performance
from readaloud.models.editions import add_months


def access_log_record(
    *,
    user,
    view: str,
    championship_id: int,
    contestant_ids: Iterable[int] | None = None,
    heat: Heat | None = None,
    detail: str = "",
) -> AccessLogEntry | None:
    """Record that ``user`` read the data of ``contestant_ids`` on the page ``view``.

    Without ``contestant_ids`` the readers of ``heat`` are meant. Costs one insert for the
    entry and one bulk insert for its readers, however many readers the page shows.
    Nothing is recorded when the page showed no reader.
    """
    if contestant_ids is None:
        contestant_ids = Performance.objects.filter(heat=heat).values_list(
            "contestant_id", flat=True
        )
    ids = sorted(set(contestant_ids))
    if not ids:
        return None
    link = AccessLogEntry.contestants.through
    with transaction.atomic():
        entry = AccessLogEntry.objects.create(
            user=user,
            view=view,
            detail=detail[:100],
            championship_id=championship_id,
            heat=heat,
            reader_count=len(ids),
        )
        link.objects.bulk_create(
            [link(accesslogentry_id=entry.pk, contestant_id=pk) for pk in ids], batch_size=500
        )
    return entry


def access_log_for(*, contestant: Contestant):
    """Return who looked at ``contestant``'s data, newest first."""
    return contestant.access_log_entries.select_related("user", "heat__round").order_by(
        "-at", "-pk"
    )


def access_log_purge(*, today: datetime.date) -> int:
    """Delete the entries older than ``ACCESS_LOG_RETENTION_MONTHS`` months; return how many."""
    cutoff = add_months(today, -settings.ACCESS_LOG_RETENTION_MONTHS)
    moment = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    entries = AccessLogEntry.objects.older_than(moment)
    count = entries.count()
    with transaction.atomic():
        AccessLogEntry.contestants.through.objects.filter(accesslogentry__in=entries).delete()
        entries.delete()
    return count
