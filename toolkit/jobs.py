"""The daily jobs (reminders, the personal-data purge), run by cron or by the worker.

Each job is one function that does the work and records its ``JobRun`` (for
/healthz), so the management command and the background task do exactly the same.
``manage.py send_reminders --queue`` / ``purge_personal_data --queue`` hand the work
to the worker (``run_worker``) as a django-tasks task instead of running it in cron.
"""

import datetime
import logging

from django_tasks import task

from toolkit.discovery import app_modules
from toolkit.models import JobRun

logger = logging.getLogger(__name__)


def reminders_send(*, today: datetime.date, stdout=None) -> int:
    """Send the reminders due on ``today`` from every app's reminders.py, one digest
    mail per person; return how many mails. Idempotent: what has been sent is recorded."""
    from partnerships.digest import reminders_digest_send

    total = reminders_digest_send(modules=app_modules("reminders"), today=today, stdout=stdout)
    JobRun.record(JobRun.Name.REMINDERS)
    return total


def personal_data_purge_run(*, today: datetime.date) -> int:
    """Erase the readers past their retention date and the old access log; return how
    many readers. Idempotent."""
    from readaloud.services import personal_data_purge

    count = personal_data_purge(today=today)
    JobRun.record(JobRun.Name.PURGE)
    return count


@task()
def reminders_task(today: str) -> int:
    """Send the reminders of ``today`` (YYYY-MM-DD) in the worker."""
    total = reminders_send(today=datetime.date.fromisoformat(today))
    logger.info("%s reminder(s) sent for %s.", total, today)
    return total


@task()
def personal_data_purge_task(today: str) -> int:
    """Run the personal-data purge as of ``today`` (YYYY-MM-DD) in the worker."""
    count = personal_data_purge_run(today=datetime.date.fromisoformat(today))
    logger.info("Erased %s reader(s).", count)
    return count
