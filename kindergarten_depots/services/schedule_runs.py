"""Generating the schedules of all active agreements as one background task.

Confirming queues a ``ScheduleRun`` and its task in one transaction; while a run
waits or runs, confirming again returns that run instead of queueing another. The
worker generates each agreement's schedule with ``swap_generate`` (its rules
unchanged, one transaction per agreement) and counts its progress on the row; an
agreement that fails is noted with its error and the others go on.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from accounts.models import User
from kindergarten_depots.models import DepotAgreement, ScheduleRun
from kindergarten_depots.services.schedule import swap_generate

logger = logging.getLogger(__name__)


def schedule_run_current() -> ScheduleRun | None:
    """Return the run that waits or runs now, if any."""
    return ScheduleRun.objects.filter(in_progress=True).first()


def schedule_run_start(*, by: User) -> tuple[ScheduleRun, bool]:
    """Queue the generation of every active agreement's schedule; return the run and
    whether it is new (False: a run already waits or runs, and nothing was queued)."""
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(
                started_by=by, agreements_total=DepotAgreement.objects.active().count()
            )
            schedule_run_task.enqueue(run_id=run.pk)
    except IntegrityError:
        current = schedule_run_current()
        if current is None:  # it finished in the meantime: queue a fresh one
            return schedule_run_start(by=by)
        return current, False
    return run, True


def schedule_run_execute(*, run_id: int) -> ScheduleRun:
    """Generate the schedule of each active agreement, recording progress on the run."""
    run = ScheduleRun.objects.get(pk=run_id)
    if run.status != ScheduleRun.Status.QUEUED:
        return run  # already done (a task is never run twice for one run)
    agreements = list(DepotAgreement.objects.active().select_related("kindergarten").order_by("pk"))
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.RUNNING, agreements_total=len(agreements)
    )
    try:
        for agreement in agreements:
            _generate_one(run, agreement)
    except Exception:
        logger.exception("Schedule generation %s failed", run.pk)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.FAILED, in_progress=False, finished_at=timezone.now()
        )
        raise
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.DONE, in_progress=False, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _generate_one(run: ScheduleRun, agreement: DepotAgreement) -> None:
    try:
        result = swap_generate(agreement=agreement)
    except Exception as error:  # one agreement's failure must not stop the others
        if isinstance(error, ValidationError):
            message = "; ".join(error.messages)
        else:
            logger.exception("Generating the schedule of agreement %s failed", agreement.pk)
            message = str(error) or error.__class__.__name__
        run.refresh_from_db(fields=["errors"])
        errors = [
            *run.errors,
            {"agreement": agreement.pk, "name": str(agreement), "message": message},
        ]
        ScheduleRun.objects.filter(pk=run.pk).update(
            errors=errors, agreements_done=F("agreements_done") + 1
        )
        return
    ScheduleRun.objects.filter(pk=run.pk).update(
        agreements_done=F("agreements_done") + 1,
        schedules_made=F("schedules_made") + 1,
        swaps_created=F("swaps_created") + result["created"],
        swaps_kept=F("swaps_kept") + result["kept"],
        swaps_removed=F("swaps_removed") + result["removed"],
    )


@task()
def schedule_run_task(run_id: int) -> None:
    """Run a confirmed schedule generation in the background worker."""
    schedule_run_execute(run_id=run_id)
