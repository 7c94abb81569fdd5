"""/healthz: what a load balancer or monitoring asks to know the site is well."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from post_office.models import STATUS, Email

from toolkit.models import JobRun


def _age_seconds(moment, now) -> int | None:
    return None if moment is None else int((now - moment).total_seconds())


def _checks(now) -> dict:
    """Return each check as {"ok": bool, ...details}; raise DatabaseError if the database is down."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    runs = dict(JobRun.objects.values_list("name", "last_run_at"))
    oldest_unsent = (
        Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
        .order_by("created")
        .values_list("created", flat=True)
        .first()
    )
    outbox_age = _age_seconds(oldest_unsent, now)
    worker_age = _age_seconds(runs.get(JobRun.Name.WORKER), now)
    checks = {
        "database": {"ok": True},
        "outbox": {
            "ok": outbox_age is None or outbox_age <= settings.HEALTH_OUTBOX_MAX_AGE * 60,
            "oldest_unsent_age_seconds": outbox_age,
        },
        "worker": {
            "ok": worker_age is not None and worker_age <= settings.HEALTH_WORKER_MAX_AGE,
            "last_seen_seconds_ago": worker_age,
        },
    }
    # Daily cron jobs: late when more than a day and a bit has passed. A job that
    # has never run (a new installation) is reported, not failed.
    for name in (JobRun.Name.REMINDERS, JobRun.Name.PURGE):
        age = _age_seconds(runs.get(name), now)
        checks[name] = {
            "ok": age is None or age <= timedelta(hours=26).total_seconds(),
            "last_run_seconds_ago": age,
        }
    return checks


@never_cache
@require_GET
def healthz(request):
    """Answer 200 when every check passes, else 503, with the checks as JSON."""
    try:
        checks = _checks(timezone.now())
    except DatabaseError:
        checks = {"database": {"ok": False}}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
