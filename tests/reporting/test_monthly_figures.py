"""Depot figures from months counted once (issue 16, item 6)."""

import datetime
import io

import pytest
from django.core.management import call_command

from kindergarten_depots.models import Loan
from reporting import monthly
from reporting.models import FiguresMonth, MonthlyLoanFigures
from tests.reporting.conftest import loans_make

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_period_splits_into_months_that_are_over_and_days_counted_live():
    months, live = monthly.period_split(D(2026, 1, 15), D(2026, 12, 31), today=D(2026, 9, 15))

    assert months == [D(2026, m, 1) for m in range(2, 9)]
    assert live == [(D(2026, 1, 15), D(2026, 1, 31)), (D(2026, 9, 1), D(2026, 12, 31))]


def test_a_year_that_is_over_is_counted_from_whole_months_only():
    months, live = monthly.period_split(D(2025, 1, 1), D(2025, 12, 31), today=D(2026, 3, 1))

    assert len(months) == 12
    assert live == []


def _live(start, end):
    """The figures as the statistics used to count them: straight from the loans."""
    delivered = Loan.objects.filter(delivered_on__gte=start, delivered_on__lte=end)
    back = Loan.objects.filter(returned_on__gte=start, returned_on__lte=end)
    return delivered.count(), back.filter(return_state="damaged").count(), back.count()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 1, 1), D(2026, 12, 31)),  # a year, the current month included
        (D(2026, 3, 10), D(2026, 6, 1)),  # partial months at both edges
        (D(2026, 6, 1), D(2026, 6, 30)),  # one month that is over
    ],
)
def test_the_figures_from_monthly_rows_equal_counting_every_loan(library, start, end):
    today = D(2026, 9, 15)

    first = monthly.loan_figures(start=start, end=end, today=today)
    again = monthly.loan_figures(start=start, end=end, today=today)  # from the stored months

    assert first == again
    delivered, damaged, back = _live(start, end)
    assert sum(count for _month, count in again["per_month"]) == delivered
    assert sum(again["books_by_branch"].values()) == delivered
    assert sum(row["damaged"] for row in again["by_branch"]) == damaged
    assert sum(row["total"] for row in again["by_kindergarten"]) == back


def test_a_month_that_is_over_is_counted_once_and_the_current_month_every_time(library):
    today = D(2026, 9, 15)
    monthly.loan_figures(start=D(2026, 1, 1), end=D(2026, 12, 31), today=today)
    assert FiguresMonth.objects.count() == 8  # January to August
    assert MonthlyLoanFigures.objects.filter(month=D(2026, 3, 1)).get().delivered == 3

    loans_make(library["agreement"], delivered_on=D(2026, 9, 7), count=2)
    figures = monthly.loan_figures(start=D(2026, 1, 1), end=D(2026, 12, 31), today=today)

    assert dict(figures["per_month"])[D(2026, 9, 1)] == 2  # the current month, counted live
    assert FiguresMonth.objects.count() == 8


def test_the_nightly_command_counts_every_month_and_recounts_the_recent_ones(library, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 9, 15))
    out = io.StringIO()
    call_command("compute_monthly_figures", stdout=out)
    months = FiguresMonth.objects.count()
    assert FiguresMonth.objects.order_by("month").last().month == D(2026, 8, 1)
    assert MonthlyLoanFigures.objects.filter(month=D(2026, 6, 1)).get().damaged == 1

    # A correction to an old month shows after --rebuild (or when it is recent).
    Loan.objects.filter(return_state="damaged").update(return_state="returned")
    call_command("compute_monthly_figures", rebuild=True, stdout=out)

    assert MonthlyLoanFigures.objects.filter(month=D(2026, 6, 1)).get().damaged == 0
    assert FiguresMonth.objects.count() == months
    assert "months are ready" in out.getvalue()
