"""Every list page of every app uses the same number of queries at two data sizes.

The data grows in every direction a list page shows (partners, partnerships, their
members, journal entries, open and done tasks, hours, depot agreements and swaps,
readers): a page that runs a query per row (N+1) fails here.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from partnerships.models import PartnershipMember, Task
from tests.accounts.factories import UserFactory
from tests.kindergarten_depots.factories import SwapFactory, agreement_make
from tests.partnerships.factories import (
    BranchFactory,
    ContactPersonFactory,
    JournalEntryFactory,
    KindergartenFactory,
    PartnershipFactory,
    SchoolFactory,
    TaskFactory,
    TimeEntryFactory,
)
from tests.readaloud.factories import ChampionshipFactory, ContestantFactory

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 1)
SMALL, LARGE = 1, 6


def _world(librarian):
    """The partnership and edition the pages look at, and the branch of the depots."""
    main = PartnershipFactory(title="A hovedpartnerskab", coordinator=librarian)
    return {
        "main": main,
        "championship": ChampionshipFactory(organiser=main),
        "branch": BranchFactory(name="Rønde Bibliotek"),
        "size": 0,
    }


def _grow(world, size, librarian):
    """Add ``size`` of everything a list page shows."""
    main, championship = world["main"], world["championship"]
    for n in range(world["size"], world["size"] + size):
        school = SchoolFactory(name=f"Skole {n}")
        ContactPersonFactory(partner=school)
        member = UserFactory(full_name=f"Medlem {n}", partner=school, roles=[Role.PARTNER_MEMBER])
        PartnershipMember.objects.create(partnership=main, user=member)
        main.partners.add(school)
        PartnershipFactory(title=f"Partnerskab {n}", partners=[school], members=[librarian])
        JournalEntryFactory(partnership=main, author=member, text=f"Notat {n}")
        TaskFactory(partnership=main, assignee=librarian, due_date=DAY)
        TaskFactory(partnership=main, assignee=member, status=Task.Status.DONE)
        TimeEntryFactory(partnership=main, user=member)
        agreement = agreement_make(
            kindergarten=KindergartenFactory(name=f"Børnehus {n}"),
            branch=world["branch"],
            coordinator=librarian,
        )
        SwapFactory(agreement=agreement, planned_date=DAY)
        for _ in range(3):
            ContestantFactory(championship=championship, school=school)
        world["school"] = school
    world["size"] += size


def _pages(world):
    main, championship = world["main"].pk, world["championship"].pk
    partner_pk = world["school"].pk
    return [
        ("dashboard", [], {}),
        ("partnerships:partner_list", [], {}),
        ("partnerships:partner_list", [], {"q": "skole", "kind": "school"}),
        ("partnerships:partnership_list", [], {}),
        ("partnerships:partnership_list", [], {"partner": partner_pk, "mine": "on"}),
        ("partnerships:partnership_list", [], {"partner": "skole", "coordinator": "lise"}),
        ("partnerships:my_tasks", [], {}),
        ("partnerships:my_tasks", [], {"done": "1"}),
        ("partnerships:partnership_detail", [main], {}),
        ("partnerships:partnership_journal", [main], {}),
        ("partnerships:partnership_tasks", [main], {}),
        ("partnerships:partnership_tasks", [main], {"done": "1"}),
        ("partnerships:partnership_time", [main], {}),
        ("partnerships:partnership_history", [main], {}),
        ("partnerships:partner_lookup", [], {"q": "skole"}),
        ("partnerships:coordinator_lookup", [], {"q": "lise"}),
        ("partnerships:member_lookup", [main], {"q": "medlem"}),
        ("kindergarten_depots:feed_list", [], {}),
        ("kindergarten_depots:kindergarten_lookup", [], {"q": "børne"}),
        ("kindergarten_depots:closure_list", [], {}),
        ("kindergarten_depots:agreement_list", [], {}),
        ("kindergarten_depots:swap_calendar", [], {"date": DAY.isoformat()}),
        ("kindergarten_depots:swap_calendar", [], {"date": DAY.isoformat(), "branch": "all"}),
        ("kindergarten_depots:route_sheet", [], {"date": DAY.isoformat()}),
        ("kindergarten_depots:statistics", [], {}),
        ("kindergarten_depots:statistics_csv", [], {}),
        ("reporting:statistics", [], {}),
        ("reporting:annual_report", [], {}),
        ("readaloud:championship_list", [], {}),
        ("readaloud:championship_detail", [championship], {}),
        ("readaloud:contestant_list", [championship], {}),
        ("readaloud:contestant_list", [championship], {"q": "barn"}),
        ("readaloud:consent_overview", [championship], {}),
    ]


def _count(client, name, args, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, (name, response.status_code)
    return len(queries)


def test_list_pages_run_as_many_queries_for_six_times_the_data(
    librarian, librarian_client, django_assert_max_num_queries
):
    world = _world(librarian)
    _grow(world, SMALL, librarian)
    small = [_count(librarian_client, *page) for page in _pages(world)]

    _grow(world, LARGE - SMALL, librarian)

    for (name, args, params), count in zip(_pages(world), small, strict=True):
        with django_assert_max_num_queries(count, info=f"{name} {params}"):
            response = librarian_client.get(reverse(name, args=args), params)
        assert response.status_code == 200
