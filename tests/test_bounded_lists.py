"""Lists that grow without bound show a page or a default scope, with a way to see the rest."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from kindergarten_depots.models import CalendarFeed
from partnerships.models import Task
from tests.kindergarten_depots.factories import SwapFactory, agreement_make
from tests.partnerships.factories import (
    BranchFactory,
    JournalEntryFactory,
    KindergartenFactory,
    PartnershipFactory,
    SchoolFactory,
    TaskFactory,
)
from tests.readaloud.factories import ChampionshipFactory, ContestantFactory

pytestmark = pytest.mark.django_db


def test_the_journal_shows_25_entries_a_page_newest_first(librarian_client):
    partnership = PartnershipFactory()
    start = date(2026, 1, 1)
    for n in range(30):
        JournalEntryFactory(
            partnership=partnership, text=f"Notat {n}", entry_date=start + timedelta(n)
        )
    url = reverse("partnerships:partnership_journal", args=[partnership.pk])

    first = librarian_client.get(url)
    second = librarian_client.get(url, {"page": 2})

    assert [e.text for e in first.context["entries"]][:2] == ["Notat 29", "Notat 28"]
    assert len(first.context["entries"]) == 25
    assert [e.text for e in second.context["entries"]] == [f"Notat {n}" for n in range(4, -1, -1)]
    assert "?page=2" in first.content.decode()


@pytest.fixture
def partnership_with_tasks(librarian):
    partnership = PartnershipFactory(coordinator=librarian)
    TaskFactory(partnership=partnership, title="Senere", due_date=date(2027, 5, 1))
    TaskFactory(partnership=partnership, title="Snart", due_date=date(2027, 1, 1))
    TaskFactory(partnership=partnership, title="Uden dato")
    TaskFactory(partnership=partnership, title="Klaret", status=Task.Status.DONE)
    return partnership


@pytest.mark.parametrize("page", ["partnership", "mine"])
def test_tasks_show_the_open_ones_due_first_and_the_done_ones_on_request(
    librarian_client, partnership_with_tasks, page
):
    if page == "mine":
        url = reverse("partnerships:my_tasks")
    else:
        url = reverse("partnerships:partnership_tasks", args=[partnership_with_tasks.pk])

    open_tasks = librarian_client.get(url)
    done_tasks = librarian_client.get(url, {"done": "1"})

    assert [t.title for t in open_tasks.context["tasks"]] == ["Snart", "Senere", "Uden dato"]
    assert [t.title for t in done_tasks.context["tasks"]] == ["Klaret"]
    page_html = open_tasks.content.decode()
    assert 'href="?done=1"' in page_html and "Klaret" not in page_html
    assert (open_tasks.context["open_count"], open_tasks.context["done_count"]) == (3, 1)


def test_tasks_are_paginated(librarian_client, librarian):
    partnership = PartnershipFactory(coordinator=librarian)
    for n in range(55):
        TaskFactory(partnership=partnership, title=f"Opgave {n:02}", due_date=date(2027, 1, 1))

    response = librarian_client.get(reverse("partnerships:my_tasks"), {"page": 2})

    assert [t.title for t in response.context["tasks"]] == [f"Opgave {n:02}" for n in range(50, 55)]


def test_the_feed_list_pages_and_searches_the_kindergartens(librarian_client, librarian):
    branch = BranchFactory()
    for n in range(55):
        agreement_make(
            kindergarten=KindergartenFactory(name=f"Børnehus {n:02}"),
            coordinator=librarian,
            branch=branch,
        )
    CalendarFeed.objects.create(kindergarten=KindergartenFactory(name="Uden aftale"))
    url = reverse("kindergarten_depots:feed_list")

    first = librarian_client.get(url)
    last = librarian_client.get(url, {"page": 2})
    found = librarian_client.get(url, {"q": "hus 07"})

    assert first.context["page_obj"].paginator.count == 55
    assert len(first.context["kindergartens"]) == 50
    assert [k.name for k in last.context["kindergartens"]] == [
        f"Børnehus {n}" for n in range(50, 55)
    ]
    assert [k.name for k in found.context["kindergartens"]] == ["Børnehus 07"]
    # Renewing an address comes back to the same page.
    assert 'name="next" value="/' in last.content.decode()


@pytest.mark.parametrize(
    "name", ["kindergarten_depots:swap_calendar", "kindergarten_depots:route_sheet"]
)
def test_calendar_and_route_sheet_default_to_the_users_branch_and_remember_a_choice(
    librarian_client, librarian, name
):
    mine, other = BranchFactory(name="Rønde"), BranchFactory(name="Ebeltoft")
    for branch, coordinator, kindergarten in [
        (mine, librarian, "Min børnehave"),
        (mine, librarian, "Min anden børnehave"),
        (other, None, "Fremmed børnehave"),
    ]:
        agreement = agreement_make(
            kindergarten=KindergartenFactory(name=kindergarten),
            branch=branch,
            coordinator=coordinator,
        )
        SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    url = reverse(name)
    day = {"date": "2027-03-01"}

    default = librarian_client.get(url, day).content.decode()
    everything = librarian_client.get(url, {**day, "branch": "all"}).content.decode()
    remembered = librarian_client.get(url, day).content.decode()
    other_branch = librarian_client.get(url, {**day, "branch": other.pk}).content.decode()

    assert "Min børnehave" in default and "Fremmed børnehave" not in default
    assert f'<option value="{mine.pk}" selected>' in default
    assert "Min børnehave" in everything and "Fremmed børnehave" in everything
    assert "Fremmed børnehave" in remembered
    assert "Fremmed børnehave" in other_branch and "Min børnehave" not in other_branch


def test_a_calendar_day_names_its_first_swaps_and_links_to_the_rest(librarian_client):
    from kindergarten_depots.views.schedule import DAY_CAP

    branch = BranchFactory(name="Rønde")
    for n in range(DAY_CAP + 3):
        agreement = agreement_make(
            kindergarten=KindergartenFactory(name=f"Børnehus {n:02}"), branch=branch
        )
        SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))

    page = librarian_client.get(
        reverse("kindergarten_depots:swap_calendar"), {"date": "2027-03-01", "branch": "all"}
    ).content.decode()

    assert f"Børnehus {DAY_CAP - 1:02}" in page and f"Børnehus {DAY_CAP:02}" not in page
    route = reverse("kindergarten_depots:route_sheet") + "?date=2027-03-01&amp;branch=all"
    assert f'<a href="{route}">3 ' in page


def test_the_contestant_list_pages_and_searches_the_readers(librarian_client):
    championship = ChampionshipFactory()
    school = SchoolFactory(name="Rønde Skole")
    for n in range(52):
        ContestantFactory(championship=championship, school=school, first_name=f"Barn{n:02}")
    ContestantFactory(championship=championship, first_name="Ida", last_name="Holm")
    url = reverse("readaloud:contestant_list", args=[championship.pk])

    first = librarian_client.get(url)
    second = librarian_client.get(url, {"page": 2})
    found = librarian_client.get(url, {"q": "ida holm"})

    assert first.context["page_obj"].paginator.count == 53
    assert len(first.context["contestants"]) == 50
    assert len(second.context["contestants"]) == 3
    assert [c.full_name for c in found.context["contestants"]] == ["Ida Holm"]
