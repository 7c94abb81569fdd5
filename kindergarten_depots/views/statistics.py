"""Depot statistics, on a page and as CSV."""

from django.shortcuts import render
from django.utils import timezone

from kindergarten_depots import statistics
from kindergarten_depots.forms import StatisticsPeriodForm
from kindergarten_depots.views.agreements import depots_required
from toolkit.csv import csv_response


def _stats(request):
    form = StatisticsPeriodForm(request.GET or None)
    period = form.cleaned_data if form.is_bound and form.is_valid() else {}
    stats = statistics.depot_overview(
        today=timezone.localdate(), start=period.get("start"), end=period.get("end")
    )
    return form, stats


@depots_required
def depot_statistics(request):
    form, stats = _stats(request)
    return render(
        request,
        "kindergarten_depots/statistics.html",
        {"stats": stats, "form": form, "query": request.GET.urlencode()},
    )


@depots_required
def depot_statistics_csv(request):
    _form, stats = _stats(request)
    return csv_response(statistics.overview_rows(stats), filename="depotstatistik.csv")
