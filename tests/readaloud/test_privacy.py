import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from readaloud import services
from readaloud.models import Contestant, Round
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory, RoundFactory

pytestmark = pytest.mark.django_db


def all_log_text():
    return json.dumps(
        [
            [entry.object_repr, entry.changes, entry.changes_text, entry.serialized_data]
            for entry in LogEntry.objects.all()
        ],
        ensure_ascii=False,
        default=str,
    )


@pytest.fixture
def scored_heat(heat, place, assign, librarian):
    judge = assign()
    alma = place(first_name="Alma", last_name="Særnavnsen", class_name="5.x")
    bo = place(first_name="Bo", last_name="Andetnavn")
    give_points(judge, alma, {}, default=4)
    give_points(judge, bo, {}, default=3)
    alma.contestant.book_title = "Hemmelig bog"
    alma.contestant.save()
    services.heat_close(heat=heat, by=librarian)
    return heat


def test_the_retention_date_defaults_to_three_months_after_the_final(championship):
    RoundFactory(
        championship=championship, number=3, kind=Round.Kind.FINAL, date=datetime.date(2027, 5, 31)
    )

    assert championship.effective_retention_date() == datetime.date(2027, 8, 31)


def test_purge_anonymises_names_everywhere_including_the_audit_history_and_keeps_the_results(
    scored_heat, championship
):
    assert "Særnavnsen" in all_log_text()
    championship.retention_date = datetime.date(2027, 6, 1)
    championship.save()

    count = services.personal_data_purge(today=datetime.date(2027, 6, 2))

    assert count == 2
    contestant = Contestant.objects.get(performances__rank=1)
    assert contestant.anonymised_at is not None
    assert "Særnavnsen" not in contestant.full_name
    assert contestant.class_name == contestant.book_title == contestant.consent_given_by == ""
    assert contestant.school_id is not None and contestant.grade == 5
    text = all_log_text()
    for secret in ("Særnavnsen", "Alma", "Andetnavn", "Hemmelig bog", "5.x", "Forælder til"):
        assert secret not in text
    performances = scored_heat.performances.order_by("rank")
    assert [p.rank for p in performances] == [1, 2]
    assert [p.total for p in performances] == [Decimal("28.000"), Decimal("21.000")]
    championship.refresh_from_db()
    assert championship.anonymised_at is not None
    _rounds, rows = services.participation_by_school(championship=championship)
    assert sum(row.registered for row in rows) == 2
    assert sum(row.per_round[0] for row in rows) == 2


def test_purge_is_idempotent_and_leaves_editions_within_retention_alone(scored_heat, championship):
    championship.retention_date = datetime.date(2027, 6, 1)
    championship.save()

    assert services.personal_data_purge(today=datetime.date(2027, 5, 31)) == 0
    assert Contestant.objects.filter(first_name="Alma").exists()
    assert services.personal_data_purge(today=datetime.date(2027, 6, 1)) == 2
    assert services.personal_data_purge(today=datetime.date(2027, 6, 1)) == 0


def test_the_purge_command_runs(scored_heat, championship):
    championship.retention_date = datetime.date(2000, 1, 1)
    championship.save()
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)
    call_command("purge_personal_data", stdout=out)

    assert "2" in out.getvalue().splitlines()[0]
    assert "0" in out.getvalue().splitlines()[1]


@pytest.mark.django_db(transaction=True)  # the worker manages its own connections
def test_the_purge_command_with_queue_lets_the_worker_purge_and_record_the_run(
    role_groups, scored_heat, championship, database_tasks
):
    from django_tasks_db.models import DBTaskResult

    from toolkit.models import JobRun

    championship.retention_date = datetime.date(2000, 1, 1)
    championship.save()

    call_command("purge_personal_data", "--queue", stdout=io.StringIO())

    assert Contestant.objects.filter(first_name="Alma").exists()
    assert not JobRun.objects.filter(name=JobRun.Name.PURGE).exists()

    call_command("run_worker", "--once", verbosity=0)

    assert not Contestant.objects.filter(first_name="Alma").exists()
    championship.refresh_from_db()
    assert championship.anonymised_at is not None
    assert JobRun.objects.filter(name=JobRun.Name.PURGE).exists()
    assert DBTaskResult.objects.get().return_value == 2


def test_export_holds_everything_about_the_child_as_json_and_csv(scored_heat, librarian_client):
    contestant = Contestant.objects.get(first_name="Alma")

    as_json = librarian_client.get(
        reverse("readaloud:contestant_export", args=[contestant.pk, "json"])
    )
    as_csv = librarian_client.get(
        reverse("readaloud:contestant_export", args=[contestant.pk, "csv"])
    )

    data = json.loads(as_json.content)
    assert data["last_name"] == "Særnavnsen"
    assert data["consent_given_by"] == "Forælder til Alma"
    assert data["performances"][0]["rank"] == 1
    assert len(data["performances"][0]["scores"]) == 7
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert ["last_name", "Særnavnsen"] in rows
    assert as_csv["Content-Disposition"].startswith("attachment")


def test_erasing_a_reader_who_never_read_deletes_the_row_and_its_history(
    championship, librarian_client
):
    contestant = ContestantFactory(championship=championship, last_name="Slettemig")

    response = librarian_client.post(reverse("readaloud:contestant_erase", args=[contestant.pk]))

    assert response.status_code == 302
    assert not Contestant.objects.filter(pk=contestant.pk).exists()
    assert "Slettemig" not in all_log_text()


def test_erasing_a_scored_reader_anonymises_and_keeps_the_ranks(scored_heat, librarian_client):
    contestant = Contestant.objects.get(first_name="Alma")

    librarian_client.post(reverse("readaloud:contestant_erase", args=[contestant.pk]))

    contestant.refresh_from_db()
    assert contestant.anonymised_at is not None
    assert contestant.performances.get().rank == 1
    assert "Særnavnsen" not in all_log_text()


def test_purge_takes_the_names_out_of_the_jurys_notes_too(heat, place, assign, librarian):
    judge = assign()
    alma, bo = place(first_name="Alma", last_name="Særnavnsen"), place(first_name="Bo")
    give_points(judge, alma, {}, default=4)
    give_points(judge, bo, {}, default=4)
    services.heat_close(heat=heat, by=librarian)
    services.tie_decide(
        heat=heat, rank=1, order=[alma.pk, bo.pk], note="Alma læste roligere end Bo.", by=librarian
    )
    championship = heat.round.championship
    championship.retention_date = datetime.date(2000, 1, 1)
    championship.save()

    services.personal_data_purge(today=datetime.date(2027, 6, 2))

    decision = heat.tie_decisions.get()
    assert decision.note == "*** læste roligere end ***."
    assert "Alma" not in all_log_text()
    alma.refresh_from_db()
    assert alma.rank == 1
