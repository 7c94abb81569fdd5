"""Every read of a child's data is logged: who, when, which readers, on which page."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from readaloud import services
from readaloud.models import AccessLogEntry, Contestant
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import ContestantFactory

pytestmark = pytest.mark.django_db


def readers_logged(view, user=None):
    entries = AccessLogEntry.objects.filter(view=view)
    if user is not None:
        entries = entries.filter(user=user)
    return {pk for entry in entries for pk in entry.contestants.values_list("pk", flat=True)}


@pytest.fixture
def closed_heat(heat, place, assign, librarian):
    judge = assign()
    alma, bo = place(first_name="Alma"), place(first_name="Bo")
    give_points(judge, alma, {}, default=4)
    give_points(judge, bo, {}, default=3)
    services.heat_close(heat=heat, by=librarian)
    return heat


def test_the_reader_list_logs_who_read_which_readers_when_and_on_which_page(
    championship, librarian, librarian_client
):
    readers = ContestantFactory.create_batch(3, championship=championship)

    response = librarian_client.get(reverse("readaloud:contestant_list", args=[championship.pk]))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.user == librarian
    assert entry.championship == championship
    assert entry.view == "readaloud:contestant_list"
    assert entry.purpose == "Oplæserliste"
    assert entry.reader_count == 3
    assert timezone.now() - entry.at < datetime.timedelta(minutes=5)
    assert set(entry.contestants.values_list("pk", flat=True)) == {r.pk for r in readers}


def test_a_school_logs_only_the_readers_it_sees(championship, partner_member, school, client):
    championship.organiser.memberships.create(user=partner_member)
    own = ContestantFactory(championship=championship, school=school)
    ContestantFactory(championship=championship)
    client.force_login(partner_member)

    client.get(reverse("readaloud:contestant_list", args=[championship.pk]))

    assert readers_logged("readaloud:contestant_list", partner_member) == {own.pk}


@pytest.mark.parametrize("size", [3, 30])
def test_logging_a_read_costs_the_same_queries_for_many_readers(
    championship, librarian_client, django_assert_max_num_queries, size
):
    ContestantFactory.create_batch(size, championship=championship)
    url = reverse("readaloud:contestant_list", args=[championship.pk])
    librarian_client.get(url)  # warm caches (content types, session)

    with django_assert_max_num_queries(14):
        librarian_client.get(url)

    assert AccessLogEntry.objects.last().reader_count == size


@pytest.mark.parametrize(
    ("view", "args"),
    [
        ("readaloud:heat_detail", "heat"),
        ("readaloud:heat_results", "heat"),
        ("readaloud:heat_running_order", "heat"),
        ("readaloud:heat_score_sheets", "heat"),
        ("readaloud:heat_projector", "heat"),
        ("readaloud:diplomas", "championship"),
        ("readaloud:consent_overview", "championship"),
        ("readaloud:consent_letters", "championship"),
    ],
)
def test_every_page_with_readers_names_is_logged(closed_heat, librarian_client, view, args):
    obj = closed_heat if args == "heat" else closed_heat.round.championship
    readers = set(Contestant.objects.values_list("pk", flat=True))

    assert librarian_client.get(reverse(view, args=[obj.pk])).status_code == 200

    assert readers_logged(view) == readers


def test_a_judges_pages_are_logged(closed_heat, client):
    assignment = closed_heat.judge_assignments.get()
    performance = closed_heat.performances.first()
    client.force_login(assignment.judge)

    client.get(reverse("readaloud:judge_heat", args=[closed_heat.pk]))
    client.get(reverse("readaloud:judge_score", args=[closed_heat.pk, performance.pk]))

    assert readers_logged("readaloud:judge_heat", assignment.judge) == set(
        Contestant.objects.values_list("pk", flat=True)
    )
    assert readers_logged("readaloud:judge_score") == {performance.contestant_id}


def test_the_projectors_own_refreshes_are_not_logged_again(closed_heat, librarian_client):
    url = reverse("readaloud:heat_projector", args=[closed_heat.pk])

    librarian_client.get(url)
    librarian_client.get(url, headers={"HX-Request": "true"})

    assert AccessLogEntry.objects.filter(view="readaloud:heat_projector").count() == 1


def test_an_organiser_prints_who_looked_at_a_reader(closed_heat, librarian, client, judge):
    alma = Contestant.objects.get(first_name="Alma")
    assignment = closed_heat.judge_assignments.get()
    client.force_login(assignment.judge)
    client.get(reverse("readaloud:judge_heat", args=[closed_heat.pk]))
    client.force_login(librarian)
    client.get(reverse("readaloud:contestant_export", args=[alma.pk, "json"]))

    response = client.get(reverse("readaloud:contestant_access_log", args=[alma.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert assignment.judge.full_name in html
    assert librarian.full_name in html
    assert "Bedømmelse" in html  # the judge's page, by its purpose
    assert "Udtræk af oplæserens data (json)" in html
    assert "data-print" in html
    assert readers_logged("readaloud:contestant_access_log") == {alma.pk}


def test_the_childs_export_holds_when_its_data_was_read(closed_heat, librarian_client):
    alma = Contestant.objects.get(first_name="Alma")
    librarian_client.get(reverse("readaloud:heat_results", args=[closed_heat.pk]))

    data = json.loads(
        librarian_client.get(reverse("readaloud:contestant_export", args=[alma.pk, "json"])).content
    )

    # Newest first: this export itself, then the results page.
    assert [entry["purpose"] for entry in data["access_log"]] == [
        "Udtræk af oplæserens data",
        "Heatresultater",
    ]
    assert data["access_log"][1]["heat"] == str(closed_heat)


def test_erasing_a_reader_removes_it_from_the_access_log(closed_heat, librarian_client):
    alma = Contestant.objects.get(first_name="Alma")
    librarian_client.get(reverse("readaloud:heat_results", args=[closed_heat.pk]))

    services.contestant_erase(contestant=alma)

    assert alma.pk not in readers_logged("readaloud:heat_results")
    assert readers_logged("readaloud:heat_results")  # Bo's read stays


def test_erasing_a_reader_who_never_read_deletes_its_access_links(championship, librarian_client):
    reader = ContestantFactory(championship=championship)
    librarian_client.get(reverse("readaloud:contestant_list", args=[championship.pk]))

    services.contestant_erase(contestant=reader)

    assert readers_logged("readaloud:contestant_list") == set()


def test_the_purge_deletes_access_log_entries_past_their_retention(
    championship, librarian, settings
):
    settings.ACCESS_LOG_RETENTION_MONTHS = 6
    reader = ContestantFactory(championship=championship)
    today = datetime.date(2027, 9, 15)

    def logged_on(day):
        entry = services.access_log_record(
            user=librarian,
            view="readaloud:contestant_list",
            championship_id=championship.pk,
            contestant_ids=[reader.pk],
        )
        entry.at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        entry.save()
        return entry

    old, kept = logged_on(datetime.date(2027, 3, 14)), logged_on(datetime.date(2027, 3, 15))

    services.personal_data_purge(today=today)

    assert list(AccessLogEntry.objects.all()) == [kept]
    assert not AccessLogEntry.contestants.through.objects.filter(accesslogentry_id=old.pk)

    settings.ACCESS_LOG_RETENTION_MONTHS = 1
    services.personal_data_purge(today=today)
    assert not AccessLogEntry.objects.exists()


def test_the_access_log_is_read_only_in_the_admin(championship, librarian_client, admin_client_):
    ContestantFactory(championship=championship)
    librarian_client.get(reverse("readaloud:contestant_list", args=[championship.pk]))
    entry = AccessLogEntry.objects.get()

    changelist = admin_client_.get(reverse("admin:readaloud_accesslogentry_changelist"))
    add = admin_client_.get(reverse("admin:readaloud_accesslogentry_add"))
    detail = admin_client_.get(reverse("admin:readaloud_accesslogentry_change", args=[entry.pk]))
    delete = admin_client_.get(reverse("admin:readaloud_accesslogentry_delete", args=[entry.pk]))

    assert changelist.status_code == 200
    assert "Oplæserliste" in changelist.content.decode()
    assert add.status_code == 403
    assert detail.status_code == 200
    assert delete.status_code == 403


def test_the_heat_page_logs_the_readers_its_placing_form_lists_too(heat, place, librarian_client):
    placed = place(first_name="Alma")
    waiting = ContestantFactory(championship=heat.round.championship, first_name="Vente")

    librarian_client.get(reverse("readaloud:heat_detail", args=[heat.pk]))

    assert readers_logged("readaloud:heat_detail") == {placed.contestant_id, waiting.pk}


def test_reading_and_searching_readers_in_the_admin_is_logged_without_the_search_words(
    championship, admin_user, admin_client_
):
    reader = ContestantFactory(championship=championship, last_name="Søgenavn")
    ContestantFactory(championship=championship, last_name="Andenbarn")

    admin_client_.get(reverse("admin:readaloud_contestant_changelist"), {"q": "Søgenavn"})
    admin_client_.get(reverse("admin:readaloud_contestant_change", args=[reader.pk]))

    search = AccessLogEntry.objects.get(view="admin:readaloud_contestant_changelist")
    assert search.user == admin_user
    assert search.detail == "search"
    assert list(search.contestants.all()) == [reader]
    assert readers_logged("admin:readaloud_contestant_change") == {reader.pk}
    assert not AccessLogEntry.objects.filter(detail__icontains="Søgenavn").exists()
