from django.core.management.base import BaseCommand
from django.utils import timezone

from readaloud.services import personal_data_purge
from toolkit.models import JobRun


class Command(BaseCommand):
    help = (
        "Anonymise the readers of championships past their data-retention date (names, "
        "classes, texts, consent names, also in the audit history). Totals, ranks and "
        "statistics stay. Idempotent: run it daily from cron."
    )

    def handle(self, *args, **options):
        count = personal_data_purge(today=timezone.localdate())
        JobRun.record(JobRun.Name.PURGE)
        self.stdout.write(f"Anonymised {count} reader(s).")
