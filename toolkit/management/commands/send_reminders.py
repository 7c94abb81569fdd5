from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from toolkit.discovery import app_modules
from toolkit.models import JobRun


class Command(BaseCommand):
    help = (
        "Send the day's reminder e-mails (run daily from cron). Idempotent: what has been "
        "sent is recorded, so running it again the same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Pretend today is this date (YYYY-MM-DD), e.g. to catch up after an outage.",
        )

    def handle(self, *args, date=None, **options):
        today = self._parse_date(date) if date else timezone.localdate()
        total = 0
        # Every app may ship a reminders.py with send_due_reminders(today=..., stdout=...).
        for module in app_modules("reminders"):
            sent = module.send_due_reminders(today=today, stdout=self.stdout)
            total += sent
        JobRun.record(JobRun.Name.REMINDERS)
        self.stdout.write(self.style.SUCCESS(f"{total} reminder(s) sent for {today.isoformat()}."))

    @staticmethod
    def _parse_date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None
