"""Count the months that are over into the monthly figures (run nightly by cron)."""

from django.core.management.base import BaseCommand
from django.db.models import Min
from django.utils import timezone

from kindergarten_depots.models import Loan
from reporting import monthly
from reporting.models import FiguresMonth


class Command(BaseCommand):
    help = (
        "Compute the depot figures of every month that is over and not yet computed, and "
        "compute the last --recent months again (returns registered late change them). "
        "--rebuild computes every month again. Safe to run at any time, as often as wanted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--recent", type=int, default=2, help="Months to compute again.")
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args, recent, rebuild, **options):
        today = timezone.localdate()
        first = Loan.objects.aggregate(first=Min("delivered_on"))["first"]
        if first is None:
            self.stdout.write("No loans: nothing to compute.")
            return
        months, _live = monthly.period_split(first, today, today=today)
        if rebuild:
            todo = months
        else:
            todo = sorted(
                set(monthly.months_missing(months)) | set(months[-recent:] if recent else [])
            )
        written = 0
        # A year at a time, so no query counts more than a year of loans.
        for start in range(0, len(todo), 12):
            written += monthly.months_compute(todo[start : start + 12])
        self.stdout.write(
            self.style.SUCCESS(
                f"Computed {len(todo)} months ({written} rows); "
                f"{FiguresMonth.objects.count()} months are ready."
            )
        )
