import io

import pytest
from django.core.management import call_command

from kindergarten_depots.models import DepotAgreement, Item, Loan, Swap

pytestmark = pytest.mark.django_db


def test_seed_scale_builds_consistent_data_and_can_be_resumed(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("seed_scale", municipalities=1, kindergartens=4, items=300, years=1, stdout=out)
    call_command("seed_scale", municipalities=1, kindergartens=4, items=300, years=1, stdout=out)

    assert DepotAgreement.objects.count() == 4
    assert Item.objects.count() == 300
    assert Loan.objects.open().count() == Swap.objects.filter(status="delivered").count() * 30
    assert not Loan.objects.open().exclude(item__status=Item.Status.IN_DEPOT).exists()
    assert "already there" in out.getvalue()


def test_the_benchmark_reports_every_measure(settings):
    settings.DEBUG = True
    call_command(
        "seed_scale", municipalities=1, kindergartens=3, items=300, years=1, stdout=io.StringIO()
    )
    out = io.StringIO()

    call_command("bench_depots", repeat=2, generate_repeat=1, csv_rows=50, stdout=out)

    report = out.getvalue()
    for label in (
        "Packing proposal",
        "Generate swaps",
        "Item list",
        "Swap calendar",
        "Route sheet",
        "CSV import",
        "Peak memory",
    ):
        assert label in report
    assert not Item.objects.filter(barcode__startswith="B").exists()


def test_scale_commands_refuse_to_run_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_scale", municipalities=1, stdout=io.StringIO())
