"""The reporting benchmark runs on scale data and reports every measure."""

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_benchmark_reports_every_page_and_export(settings):
    settings.DEBUG = True
    call_command(
        "seed_scale", municipalities=1, kindergartens=3, items=300, years=1, stdout=io.StringIO()
    )
    out = io.StringIO()

    call_command("bench_reporting", repeat=1, stdout=out)

    report = out.getvalue()
    for label in (
        "Statistics page, fresh",
        "Statistics page, cached",
        "CSV, one table, fresh",
        "Excel, all tables, cached",
        "Annual report, fresh",
        "Partner page",
    ):
        assert label in report
    assert "queries" in report


def test_the_benchmark_refuses_without_data_or_with_debug_off(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="seed_scale"):
        call_command("bench_reporting", stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("bench_reporting", stdout=io.StringIO())
