"""Every CSV the app serves comes from toolkit.csv (BOM, ';', formula-safe, no-store)."""

from pathlib import Path

from django.conf import settings

APPS = ["accounts", "config", "kindergarten_depots", "partnerships", "readaloud", "reporting"]


def test_no_view_writes_csv_without_the_toolkit_writer():
    offenders = []
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts or path.name.startswith("bench_"):
                continue
            text = path.read_text(encoding="utf-8")
            if "csv.writer(" in text or "csv.DictWriter(" in text or "text/csv" in text:
                offenders.append(str(path.relative_to(settings.BASE_DIR)))

    assert offenders == []
