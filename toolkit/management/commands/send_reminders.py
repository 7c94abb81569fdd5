import resource
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from toolkit.jobs import reminders_send, reminders_task


class Command(BaseCommand):
    help = (
        "Send the day's reminder e-mails (run daily from cron). Idempotent: what has been "
        "sent is recorded, so running it again the same day sends nothing new. With "
        "--queue the worker (run_worker) does it as a background task."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Pretend today is this date (YYYY-MM-DD), e.g. to catch up after an outage.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the work to the worker as a background task instead of doing it now.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do all the work but send nothing: the digests are built and queued in a "
            "transaction that is rolled back.",
        )
        parser.add_argument(
            "--timing",
            action="store_true",
            help="Print how long the run took, its SQL queries, mails queued and peak memory.",
        )

    def handle(self, *args, date=None, queue=False, dry_run=False, timing=False, **options):
        today = self._parse_date(date) if date else timezone.localdate()
        if queue:
            reminders_task.enqueue(today=today.isoformat())
            self.stdout.write(f"Reminders for {today.isoformat()} queued for the worker.")
            return
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            if dry_run:
                total = self._dry_run(today)
            else:
                total = reminders_send(today=today, stdout=self.stdout)
        elapsed = time.perf_counter() - started
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(
            self.style.SUCCESS(f"{total} reminder(s) {verb} for {today.isoformat()}.")
        )
        if timing:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.stdout.write(
                f"Timing: {elapsed:.2f} s, {queries[0]} SQL queries, {total} mail(s), "
                f"peak memory {peak:.0f} MB."
            )

    def _dry_run(self, today: date) -> int:
        """Send the reminders into a transaction that is rolled back, queued only."""
        queued_only = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
        with override_settings(POST_OFFICE=queued_only), transaction.atomic():
            total = reminders_send(today=today)
            transaction.set_rollback(True)
        return total

    @staticmethod
    def _parse_date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None
