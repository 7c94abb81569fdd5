"""Heats have their own time; copying keeps the weekday; organisers are championship partnerships."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import Partnership
from readaloud import services
from readaloud.forms import ChampionshipForm
from readaloud.services.editions import same_weekday_years_on
from tests.readaloud.conftest import give_points
from tests.readaloud.factories import HeatFactory, PartnershipFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 6, 4), datetime.date(2027, 6, 3)),  # Thursday stays Thursday
        (datetime.date(2027, 3, 1), datetime.date(2028, 2, 28)),  # Monday, nearest Monday
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 27)),  # a leap day, a Tuesday
    ],
)
def test_a_date_a_year_on_keeps_its_weekday(day, expected):
    moved = same_weekday_years_on(day, 1)

    assert moved == expected
    assert moved.weekday() == day.weekday()
    assert abs((moved - day).days - 365) <= 4


def test_copying_an_edition_keeps_the_weekday_and_time_of_heats(championship):
    final_day = datetime.date(2026, 6, 4)  # a Thursday
    round_ = RoundFactory(championship=championship, number=1, date=final_day)
    HeatFactory(
        round=round_,
        name="Finale",
        date=final_day,
        start_time=datetime.time(18, 0),
        minutes_per_reader=10,
    )
    championship.year = 2026
    championship.save()

    copy = services.championship_copy(source=championship)

    new_round = copy.rounds.get()
    new_heat = new_round.heats.get()
    assert new_round.date.weekday() == final_day.weekday() == new_heat.date.weekday()
    assert (new_heat.start_time, new_heat.minutes_per_reader) == (datetime.time(18, 0), 10)


def test_the_running_order_gives_each_reader_a_time_slot(librarian_client, heat, place, librarian):
    heat.start_time = datetime.time(9, 30)
    heat.minutes_per_reader = 7
    heat.save()
    for _ in range(3):
        place()
    services.running_order_draw(heat=heat, by=librarian)

    response = librarian_client.get(reverse("readaloud:heat_running_order", args=[heat.pk]))

    slots = [slot for _performance, slot in response.context["performances"]]
    assert slots == [datetime.time(9, 30), datetime.time(9, 37), datetime.time(9, 44)]
    assert "09:44" in response.content.decode()


def test_the_organiser_choices_leave_out_kindergarten_partnerships():
    skofo = PartnershipFactory(title="SKOFO", kind=Partnership.Kind.SCHOOL)
    depot = PartnershipFactory(title="Depot", kind=Partnership.Kind.KINDERGARTEN_DEPOT)

    choices = list(ChampionshipForm().fields["organiser"].queryset)

    assert skofo in choices
    assert depot not in choices


def test_readers_who_did_not_reach_the_final_get_a_participant_diploma(
    heat, place, assign, librarian, championship
):
    HeatFactory(round=RoundFactory(championship=championship, number=2, kind="final"))
    judge = assign()
    give_points(judge, place(first_name="Alma"), {}, default=5)
    give_points(judge, place(first_name="Bo"), {}, default=3)
    services.heat_close(heat=heat, by=librarian)

    titles = {
        d.contestant.first_name: d.title for d in services.diplomas(championship=championship)
    }

    # Alma advanced to the final (not read yet); Bo stopped in the school round.
    assert titles == {"Alma": "Finalist", "Bo": "Deltager"}
