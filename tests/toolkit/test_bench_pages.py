import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

COLUMNS = ["page", "role", "url", "median_ms", "p95_ms", "queries", "floor_median_ms", "ratio"]


@pytest.fixture
def tiny_scale(settings):
    settings.DEBUG = True
    call_command(
        "seed_scale",
        municipalities=1,
        kindergartens=3,
        items=300,
        years=1,
        stdout=io.StringIO(),
    )


def test_bench_pages_prints_one_csv_row_per_page_for_every_role(tiny_scale):
    out = io.StringIO()

    call_command("bench_pages", repeat=1, csv=True, stdout=out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == COLUMNS
    pages = rows[1:]
    assert len(pages) > 40
    assert {row[1] for row in pages} == {
        "librarian",
        "partner member",
        "kindergarten staff",
        "judge",
        "admin",
    }
    for page, _role, url, median, p95, queries, floor, ratio in pages:
        assert url.startswith("/"), page
        assert float(median) > 0 and float(p95) >= float(median)
        assert int(queries) > 0
        assert float(floor) > 0
        assert float(ratio) == pytest.approx(float(median) / float(floor), rel=0.1, abs=0.1)
    assert any(row[0] == "Admin: score" for row in pages)


def test_bench_pages_prints_a_table_and_can_pick_pages(tiny_scale):
    out = io.StringIO()

    call_command("bench_pages", repeat=2, only="journal (skofo)", stdout=out)

    lines = out.getvalue().splitlines()
    assert "median" in lines[1] and "ratio" in lines[1]
    assert [line.split("  ")[0] for line in lines[2:]] == ["Partnership journal (SKOFO)"]


def test_the_floor_view_is_not_routed_in_production():
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")


def test_bench_pages_refuses_to_run_without_data(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="seed_scale"):
        call_command("bench_pages", repeat=1, stdout=io.StringIO())
