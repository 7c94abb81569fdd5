from datetime import date

from django.core.management.base import BaseCommand, CommandError
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

    def handle(self, *args, date=None, queue=False, **options):
        today = self._parse_date(date) if date else timezone.localdate()
        if queue:
            reminders_task.enqueue(today=today.isoformat())
            self.stdout.write(f"Reminders for {today.isoformat()} queued for the worker.")
            return
        total = reminders_send(today=today, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"{total} reminder(s) sent for {today.isoformat()}."))

    @staticmethod
    def _parse_date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None
