"""A small library with known figures for 2026 (and a little before it)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache, caches

from kindergarten_depots.models import Loan, Swap
from partnerships.models import Evaluation, Partnership
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, agreement_make
from tests.partnerships.factories import (
    BranchFactory,
    JournalEntryFactory,
    KindergartenFactory,
    PartnershipFactory,
    SchoolFactory,
    TimeEntryFactory,
    WinWinPartnershipFactory,
)
from tests.readaloud.factories import ChampionshipFactory, ContestantFactory

D = datetime.date


def evaluation_make(partnership, *, people, on):
    return Evaluation.objects.create(
        partnership=partnership,
        goals_met=Evaluation.GoalsMet.YES,
        library_gained=True,
        partner_gained=True,
        people_reached=people,
        lessons_learned="Start tidligere på året.",
        recommendation=Evaluation.Recommendation.CONTINUE,
        evaluated_by=partnership.coordinator,
        evaluated_on=on,
    )


def loans_make(agreement, *, delivered_on, count, returned_on=None, states=()):
    swap = SwapFactory(agreement=agreement, planned_date=delivered_on, status=Swap.Status.DELIVERED)
    loans = []
    for index in range(count):
        state = states[index] if index < len(states) else ""
        loans.append(
            Loan.objects.create(
                item=ItemFactory(),
                agreement=agreement,
                delivered_by=swap,
                delivered_on=delivered_on,
                returned_on=returned_on if state else None,
                return_state=state,
                written_off=state in (Loan.ReturnState.DAMAGED, Loan.ReturnState.MISSING),
            )
        )
    return loans


def library_make(*, librarian, partner_member, school, extra=0):
    """Build the library; ``extra`` adds that many more of everything (for query counts)."""
    skofo = WinWinPartnershipFactory(
        title="SKOFO",
        kind=Partnership.Kind.SCHOOL,
        status=Partnership.Status.ACTIVE,
        coordinator=librarian,
        members=[partner_member],
        partners=[school],
        start_date=D(2026, 1, 1),
        estimated_hours=Decimal("10"),
    )
    TimeEntryFactory(partnership=skofo, date=D(2026, 3, 5), hours=Decimal("4"))
    TimeEntryFactory(partnership=skofo, date=D(2025, 12, 1), hours=Decimal("3"))
    evaluation_make(skofo, people=120, on=D(2026, 6, 1))
    JournalEntryFactory(partnership=skofo, text="Vi aftalte finalen i Rønde.")

    festival = PartnershipFactory(
        title='=HYPERLINK("http://evil")',
        kind=Partnership.Kind.EVENT,
        coordinator=librarian,
        start_date=D(2026, 2, 1),
        estimated_hours=Decimal("5"),
        review_date=D(2026, 2, 1),
    )
    TimeEntryFactory(partnership=festival, date=D(2026, 2, 1), hours=Decimal("6"))
    evaluation_make(festival, people=30, on=D(2026, 5, 1))
    PartnershipFactory(
        title="Gammelt projekt",
        kind=Partnership.Kind.OTHER,
        status=Partnership.Status.ENDED,
        start_date=D(2024, 1, 1),
        end_date=D(2024, 12, 31),
    )

    branch = BranchFactory(name="Rønde Bibliotek")
    kindergarten = KindergartenFactory(name="Børnehuset Solsikken", number_of_children=40)
    agreement = agreement_make(
        kindergarten=kindergarten, branch=branch, start_date=D(2026, 1, 5), end_date=D(2026, 12, 31)
    )
    agreement.status = agreement.Status.ACTIVE
    agreement.save(update_fields=["status"])
    loans_make(
        agreement,
        delivered_on=D(2026, 3, 2),
        count=3,
        returned_on=D(2026, 6, 1),
        states=[Loan.ReturnState.RETURNED, Loan.ReturnState.DAMAGED, Loan.ReturnState.MISSING],
    )
    loans_make(agreement, delivered_on=D(2026, 4, 6), count=1)

    championship = ChampionshipFactory(name="Syddjursmesterskabet 2026", year=2026, organiser=skofo)
    ContestantFactory.create_batch(2, championship=championship, school=school, grade=5)
    other_school = SchoolFactory(name="Rønde Skole")
    ContestantFactory(championship=championship, school=other_school, grade=6, is_reserve=True)
    ChampionshipFactory(name="Hemmeligt mesterskab 2026", year=2026)
    old = ChampionshipFactory(name="Syddjursmesterskabet 2025", year=2025, organiser=skofo)
    ContestantFactory(championship=old, school=school, grade=4)

    for index in range(extra):
        more = PartnershipFactory(
            kind=Partnership.Kind.OTHER,
            coordinator=PartnershipFactory().coordinator,
            start_date=D(2026, 1, 1),
            members=[partner_member],
            partners=[school],
            review_date=D(2026, 3, 1),
        )
        TimeEntryFactory(partnership=more, date=D(2026, 4, 1))
        evaluation_make(more, people=1, on=D(2026, 4, 1))
        JournalEntryFactory(partnership=more)
        other = agreement_make(
            kindergarten=KindergartenFactory(),
            branch=BranchFactory(name=f"Filial {index}"),
            start_date=D(2026, 1, 5),
            end_date=D(2026, 12, 31),
        )
        loans_make(
            other,
            delivered_on=D(2026, 5, 4),
            count=2,
            returned_on=D(2026, 7, 1),
            states=["returned"],
        )
        ContestantFactory(championship=championship, school=SchoolFactory(), grade=4 + index % 3)
    return {
        "skofo": skofo,
        "festival": festival,
        "agreement": agreement,
        "kindergarten": kindergarten,
        "championship": championship,
    }


@pytest.fixture(autouse=True)
def fresh_figures(db):
    """Each test computes its own figures: the report is cached between requests, and
    the figures' cache is a database table that a transactional test elsewhere may
    have left rows in."""
    for each in caches.all():
        each.clear()
    yield
    cache.clear()


@pytest.fixture
def library(librarian, partner_member, school):
    return library_make(librarian=librarian, partner_member=partner_member, school=school)
