"""CSV and Excel exports of the statistics tables, and the annual report."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def _export(client, slug, fmt, **query):
    return client.get(reverse("reporting:export", args=[slug, fmt]), query or {"year": 2026})


def test_a_table_downloads_as_csv_for_danish_excel(librarian_client, library):
    response = _export(librarian_client, "books-per-month", "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="statistik-books-per-month-2026.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.splitlines() == ["\ufeffMåned;Bøger leveret", "marts 2026;3", "april 2026;1"]


def test_csv_decimals_use_a_comma_and_formulas_are_defused(librarian_client, library):
    text = _export(librarian_client, "hours-per-partnership", "csv").content.decode("utf-8")

    assert '\'=HYPERLINK(""http://evil"")";Arrangement;Lise Bibliotekar;5,0;6,0' in text
    assert "SKOFO;SKOFO / skolesamarbejde;Lise Bibliotekar;10,0;4,0" in text


def test_a_date_range_export_names_the_range(librarian_client, library):
    response = _export(
        librarian_client, "books-per-month", "csv", start="2026-03-01", end="2026-03-31"
    )

    assert response["Content-Disposition"].endswith(
        'statistik-books-per-month-20260301-20260331.csv"'
    )
    assert response.content.decode("utf-8").splitlines()[1:] == ["marts 2026;3"]


def test_a_bad_period_or_unknown_table_is_not_exported(librarian_client, library):
    assert _export(librarian_client, "no-such-table", "csv").status_code == 404
    assert _export(librarian_client, "alle", "csv").status_code == 404
    bad = _export(librarian_client, "books-per-month", "csv", start="2026-03-01", end="2026-01-01")
    assert bad.status_code == 404


def test_a_table_downloads_as_xlsx_with_numbers_and_text_months(librarian_client, library):
    response = _export(librarian_client, "hours-per-partnership", "xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Partnerskab", "Type", "Tovholder", "Estimerede timer", "Brugte timer")
    assert ('\'=HYPERLINK("http://evil")', "Arrangement", "Lise Bibliotekar", 5.0, 6.0) in rows


def test_all_tables_download_as_one_workbook(librarian_client, library):
    response = _export(librarian_client, "alle", "xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == len({name.lower() for name in workbook.sheetnames})
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    months = workbook["Bøger leveret pr. måned"]
    assert list(months.iter_rows(values_only=True))[1] == ("marts 2026", 3)


def test_the_annual_report_lists_the_year_for_the_board(librarian_client, library):
    response = librarian_client.get(reverse("reporting:annual_report"), {"year": 2026})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Årsrapport 2026" in page
    assert "Kontakt til alle skolens elever." in page  # SKOFO's win-win
    assert "Start tidligere på året." in page  # an evaluation's lessons
    assert "Gammelt projekt" not in page
    assert "Rønde Bibliotek" in page  # the depots by serving branch
    assert "Syddjursmesterskabet 2026" in page
    assert 'data-chart-source="books-per-month-chart-data"' in page
    assert "reporting/reporting.css" in page


def test_partner_member_exports_only_their_own_partnerships(partner_member_client, library):
    text = _export(partner_member_client, "hours-per-partnership", "csv").content.decode("utf-8")

    assert "SKOFO" in text
    assert "HYPERLINK" not in text


def test_a_long_table_is_cut_on_the_page_and_in_the_chart_but_not_in_the_download(
    librarian, librarian_client, partner_member, school
):
    from reporting.tables import CHART_BARS, PAGE_ROWS
    from tests.reporting.conftest import library_make

    library_make(
        librarian=librarian, partner_member=partner_member, school=school, extra=PAGE_ROWS + 1
    )
    response = librarian_client.get(reverse("reporting:statistics"), {"year": 2026})

    table = response.context["report"].table("returns-by-branch")
    assert len(table.rows) == PAGE_ROWS + 2
    assert len(table.chart_data()["labels"]) == CHART_BARS
    page = response.content.decode()
    assert f"Siden viser de første {PAGE_ROWS} af {PAGE_ROWS + 2} rækker" in page
    assert f"Diagrammet viser de {CHART_BARS} største rækker" in page
    text = _export(librarian_client, "returns-by-branch", "csv").content.decode("utf-8")
    assert len(text.splitlines()) == PAGE_ROWS + 3


def test_key_figures_group_thousands(librarian_client, library):
    from partnerships.models import Partner

    Partner.objects.filter(pk=library["kindergarten"].pk).update(number_of_children=12345)
    page = librarian_client.get(reverse("reporting:annual_report"), {"year": 2026}).content.decode()

    assert ">12.345</dd>" in page
