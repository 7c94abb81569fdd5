from django.core.management.base import BaseCommand
from django.utils import timezone

from toolkit.jobs import personal_data_purge_run, personal_data_purge_task


class Command(BaseCommand):
    help = (
        "Erase the readers of championships past their data-retention date: readers who "
        "read are anonymised (names, classes, texts, consent names, also in the audit log, "
        "the admin's log, the jury's notes and the outbox), readers who never read are "
        "deleted (READALOUD_NEVER_READ). Totals, ranks and statistics stay. Also deletes "
        "access-log entries older than ACCESS_LOG_RETENTION_MONTHS. Idempotent: run it "
        "daily from cron. With --queue the worker (run_worker) does it as a background task."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the work to the worker as a background task instead of doing it now.",
        )

    def handle(self, *args, queue=False, **options):
        today = timezone.localdate()
        if queue:
            personal_data_purge_task.enqueue(today=today.isoformat())
            self.stdout.write("Personal-data purge queued for the worker.")
            return
        count = personal_data_purge_run(today=today)
        self.stdout.write(f"Erased {count} reader(s).")
