"""The statistics area: the figures on known data, the period filter and who sees what."""

import datetime

import pytest
from django.urls import reverse

from tests.reporting.conftest import library_make

URL = reverse("reporting:statistics")


def _rows(response, slug):
    return response.context["report"].table(slug).rows


def _row(response, slug, label):
    return next(row for row in _rows(response, slug) if row[0] == label)


def test_librarian_sees_the_partnership_figures_of_the_year(librarian_client, library):
    response = librarian_client.get(URL, {"year": 2026})

    assert response.status_code == 200
    hours = {row[0]: row[3:] for row in _rows(response, "hours-per-partnership")}
    assert [str(value) for value in hours["SKOFO"]] == ["10.0", "4.0"]  # 2025's 3 hours left out
    assert [str(value) for value in hours['=HYPERLINK("http://evil")']] == ["5.0", "6.0"]
    assert "Gammelt projekt" not in hours  # ended in 2024
    assert _row(response, "people-reached", "Arrangement")[1:] == [30, 1]
    assert _row(response, "people-reached", "SKOFO / skolesamarbejde")[1:] == [120, 1]
    reviews = _rows(response, "reviews")
    assert [row[0] for row in reviews] == ['=HYPERLINK("http://evil")']
    assert reviews[0][3] == "Overskredet"
    kinds = _row(response, "partnerships-by-kind", "Arrangement")
    assert kinds[1] == 1  # one idea
    assert kinds[-1] == 1


def test_librarian_sees_the_depot_and_championship_figures(librarian_client, library):
    response = librarian_client.get(URL, {"year": 2026})

    assert _rows(response, "books-per-month") == [["marts 2026", 3], ["april 2026", 1]]
    branch = _row(response, "returns-by-branch", "Rønde Bibliotek")
    assert branch[1:4] == [3, 1, 1]
    assert str(branch[4]) == "33.3"
    assert _row(response, "depot-agreements", "Børnehavedepot") == ["Børnehavedepot", 1]
    assert _row(response, "depots-by-branch", "Rønde Bibliotek") == ["Rønde Bibliotek", 4, 1, 1]
    assert ("Børn nået", 40) in [
        (str(k), v) for k, v in response.context["report"].sections[1].figures
    ]
    edition = _row(response, "readers-per-edition", "Syddjursmesterskabet 2026")
    assert edition[1:] == [2, 1, 0, 2]
    assert _rows(response, "readers-by-school") == [["Rønde Skole", 1], ["Skolen ved Skoven", 2]]
    assert _rows(response, "readers-by-school-and-grade") == [
        ["Rønde Skole", 6, 1],
        ["Skolen ved Skoven", 5, 2],
    ]


def test_the_page_draws_each_chart_from_json_with_a_table_and_a_summary(librarian_client, library):
    response = librarian_client.get(URL, {"year": 2026})
    page = response.content.decode()

    assert 'data-chart-source="books-per-month-chart-data"' in page
    assert '<script id="books-per-month-chart-data" type="application/json">' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert "reporting/charts.js" in page
    assert "4 bøger blev leveret i perioden, flest i marts 2026 (3)." in page
    assert '<caption class="visually-hidden">Bøger leveret pr. måned</caption>' in page
    # No inline script: the page stays within a content security policy.
    assert "<script>" not in page


def test_a_date_range_replaces_the_year(librarian_client, library):
    response = librarian_client.get(URL, {"start": "2025-12-01", "end": "2025-12-31"})

    titles = [row[0] for row in _rows(response, "hours-per-partnership")]
    assert "SKOFO" not in titles  # SKOFO started in 2026
    assert _rows(response, "books-per-month") == []
    response = librarian_client.get(URL, {"start": "2026-03-01", "end": "2026-03-31"})
    assert (
        str({row[0]: row[4] for row in _rows(response, "hours-per-partnership")}["SKOFO"]) == "4.0"
    )
    assert _rows(response, "books-per-month") == [["marts 2026", 3]]
    assert response.context["period"].label == "01.03.2026 til 31.03.2026"


def test_this_year_is_shown_by_default(librarian_client, library):
    response = librarian_client.get(URL)

    period = response.context["period"]
    assert period.year == datetime.date.today().year
    assert response.context["form"].initial == {"year": period.year}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-03-01", "end": "2026-02-01"}, "Sidste dag kan ikke ligge før første dag."),
        ({"start": "2026-03-01"}, "Angiv både første og sidste dag i perioden, eller vælg et år."),
        ({"year": "tyve"}, "Skriv et år, fx 2026."),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "Vælg en periode på højst ti år."),
    ],
)
def test_a_bad_period_is_explained_and_keeps_what_was_typed(
    librarian_client, library, query, message
):
    response = librarian_client.get(URL, query)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    for value in query.values():
        assert f'value="{value}"' in page
    assert response.context["period"].year == datetime.date.today().year


def test_partner_member_sees_only_their_own_partnerships(partner_member_client, library):
    response = partner_member_client.get(URL, {"year": 2026})

    assert response.status_code == 200
    slugs = [section.slug for section in response.context["report"].sections]
    assert slugs == ["partnerships", "championship"]
    titles = [row[0] for row in _rows(response, "hours-per-partnership")]
    assert titles == ["SKOFO"]
    assert _rows(response, "reviews") == []
    editions = [row[0] for row in _rows(response, "readers-per-edition")]
    assert editions == ["Syddjursmesterskabet 2026"]  # not the edition another partnership runs
    page = response.content.decode()
    assert "Hemmeligt" not in page
    assert "HYPERLINK" not in page
    assert reverse("reporting:annual_report") not in page


def test_partner_member_cannot_export_a_depot_table(partner_member_client, library):
    url = reverse("reporting:export", args=["books-per-month", "csv"])
    assert partner_member_client.get(url, {"year": 2026}).status_code == 404


@pytest.mark.parametrize("client_name", ["judge_client", "staff_a_client"])
def test_other_roles_are_refused(request, client_name, library):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reporting:annual_report")).status_code == 403


def test_the_menu_shows_statistics_to_those_who_may_see_them(
    librarian_client, partner_member_client, judge_client
):
    assert URL in librarian_client.get(reverse("dashboard")).content.decode()
    assert URL in partner_member_client.get(reverse("dashboard")).content.decode()
    assert URL not in judge_client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_the_statistics_page_runs_the_same_queries_whatever_the_data_size(
    librarian, librarian_client, partner_member, school, extra, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reporting.report import figures_cache

    # A fixed day in the year shown: its month is counted live, the months before it are
    # computed once into the monthly figures on the first request.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2026, 9, 15))
    library_make(librarian=librarian, partner_member=partner_member, school=school, extra=extra)
    counts = []
    for url in (
        URL,  # the figures are computed and kept
        URL,  # and read back from the cache table
        reverse("reporting:export", args=["alle", "xlsx"]),  # the workbook is made and kept
        reverse("reporting:export", args=["alle", "xlsx"]),
        reverse("reporting:annual_report"),  # the list of partnerships is rendered and kept
        reverse("reporting:annual_report"),
    ):
        with CaptureQueriesContext(connection) as captured:
            assert librarian_client.get(url, {"year": 2026}).status_code == 200
        counts.append(len(captured))
    # Ten minutes later: the months that are over are not counted again.
    figures_cache().clear()
    with CaptureQueriesContext(connection) as captured:
        librarian_client.get(URL, {"year": 2026})
    counts.append(len(captured))

    assert counts == [42, 4, 11, 5, 14, 5, 34]


def test_the_figures_are_kept_for_ten_minutes_and_shared_only_by_management(
    librarian_client, partner_member_client, library, admin_client_
):
    from tests.partnerships.factories import TimeEntryFactory

    first = librarian_client.get(URL, {"year": 2026}).context["report"]
    TimeEntryFactory(partnership=library["skofo"], date=datetime.date(2026, 5, 1))

    again = librarian_client.get(URL, {"year": 2026})
    assert again.context["report"].made_at == first.made_at
    assert "Tal fra" in again.content.decode()
    assert admin_client_.get(URL, {"year": 2026}).context["report"].made_at == (first.made_at)
    member = partner_member_client.get(URL, {"year": 2026}).context["report"]
    assert [row[0] for row in member.table("hours-per-partnership").rows] == ["SKOFO"]
    assert str(member.table("hours-per-partnership").rows[0][4]) == "6.5"  # computed afresh


def test_chart_js_is_served_from_node_modules():
    from django.contrib.staticfiles import finders

    found = finders.find("vendor/chartjs/chart.umd.min.js")
    assert found and "node_modules" in found
    assert finders.find("reporting/charts.js")


def test_an_undated_partnership_counts_from_the_day_it_was_created(librarian_client, library):
    from partnerships.models import Partnership
    from tests.partnerships.factories import PartnershipFactory

    idea = PartnershipFactory(title="Ny idé", kind=Partnership.Kind.EVENT)
    Partnership.objects.filter(pk=idea.pk).update(
        created_at=datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC)
    )

    before = librarian_client.get(URL, {"start": "2026-01-01", "end": "2026-03-31"})
    after = librarian_client.get(URL, {"start": "2026-04-01", "end": "2026-04-30"})

    assert "Ny idé" not in [row[0] for row in _rows(before, "hours-per-partnership")]
    assert "Ny idé" in [row[0] for row in _rows(after, "hours-per-partnership")]


def test_the_figures_are_shared_through_the_database_by_every_web_process(
    librarian_client, library, monkeypatch
):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection

    from reporting import report

    first = librarian_client.get(URL, {"year": 2026}).context["report"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reporting_cache")
        assert cursor.fetchone()[0] == 1
    assert isinstance(caches["reporting"], DatabaseCache)

    # Another process has its own memory but the same database: it computes nothing.
    def compute(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(report, "build", compute)
    del caches["reporting"]
    assert librarian_client.get(URL, {"year": 2026}).context["report"].made_at == first.made_at
