"""Depot statistics, on a page and as CSV."""

from django.shortcuts import render
from django.utils import timezone

from kindergarten_depots import statistics
from kindergarten_depots.views.agreements import depots_required
from toolkit.csv import csv_response


@depots_required
def depot_statistics(request):
    return render(
        request,
        "kindergarten_depots/statistics.html",
        {"stats": statistics.depot_overview(today=timezone.localdate())},
    )


@depots_required
def depot_statistics_csv(request):
    stats = statistics.depot_overview(today=timezone.localdate())
    return csv_response(statistics.overview_rows(stats), filename="depotstatistik.csv")
