"""Schedules that keep people's decisions: kept manual moves, numbers in date order,
the closures every daycare has, overrides, one agreement at a time, bounded periods."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kindergarten_depots import services
from kindergarten_depots.models import ClosurePeriod, Swap
from tests.kindergarten_depots.factories import agreement_make

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 1)


def _generate(agreement):
    return services.swap_generate(agreement=agreement, today=TODAY)


def test_regeneration_keeps_a_swap_moved_by_hand_and_says_so(agreement, librarian):
    _generate(agreement)
    moved = agreement.swaps.order_by("planned_date")[1]
    services.swap_move(swap=moved, new_date=date(2027, 4, 7), reason="Teaterdag", by=librarian)
    agreement.swap_interval_weeks = 8
    agreement.save()

    result = _generate(agreement)

    moved.refresh_from_db()
    assert moved.planned_date == date(2027, 4, 7)
    assert moved.moved_reason == "Teaterdag"
    assert result["moved"] == 1
    assert result["removed"] > 0


def test_the_regeneration_message_names_what_was_replaced_and_kept(
    librarian_client, agreement, librarian
):
    _generate(agreement)
    cancelled = agreement.swaps.order_by("planned_date").last()
    services.swap_cancel(swap=cancelled, reason="Lukket", by=librarian)

    url = reverse("kindergarten_depots:agreement_generate", args=[agreement.pk])
    asked = librarian_client.post(url).content.decode()  # planned swaps get replaced: it asks
    response = librarian_client.post(url, {"confirmed": "1"}, follow=True)

    assert 'name="confirmed"' in asked
    page = response.content.decode()
    assert "1 aflyst i hånden" in page
    cancelled.refresh_from_db()
    assert cancelled.status == Swap.Status.CANCELLED


def test_depot_numbers_follow_the_dates_after_regeneration(agreement, librarian):
    _generate(agreement)
    last = agreement.swaps.order_by("planned_date").last()
    services.swap_move(swap=last, new_date=date(2027, 12, 1), reason="Senere", by=librarian)
    agreement.swap_interval_weeks = 6
    agreement.save()

    _generate(agreement)

    numbers = list(
        agreement.swaps.order_by("planned_date", "pk").values_list("sequence", flat=True)
    )
    assert numbers == list(range(1, len(numbers) + 1))


def test_christmas_eve_never_gets_a_swap_by_default(kindergarten_a, librarian):
    # 24 December 2027 is a Friday; a weekly schedule starting on a Friday hits it.
    weekly = agreement_make(
        kindergarten=kindergarten_a,
        coordinator=librarian,
        start_date=date(2027, 12, 3),
        end_date=date(2028, 1, 14),
        swap_interval_weeks=1,
    )

    _generate(weekly)

    days = set(weekly.swaps.values_list("planned_date", flat=True))
    assert date(2027, 12, 24) not in days
    assert date(2027, 12, 31) not in days
    moved = weekly.swaps.get(original_date=date(2027, 12, 24))
    assert "Juleaftensdag" in moved.moved_reason


def test_the_recurring_closures_are_made_once_a_year_and_stay_editable(agreement):
    _generate(agreement)
    rows = ClosurePeriod.objects.filter(start_date__year=2027).exclude(rule="")
    assert set(rows.values_list("rule", flat=True)) == set(ClosurePeriod.Rule.values)
    assert rows.get(rule="ascension_friday").start_date == date(2027, 5, 7)
    assert rows.get(rule="constitution_day").part == ClosurePeriod.Part.AFTERNOON
    # A librarian closes the whole of Constitution Day this year; the next run keeps it.
    rows.filter(rule="constitution_day").update(part=ClosurePeriod.Part.DAY)

    _generate(agreement)

    assert ClosurePeriod.objects.filter(rule="constitution_day", start_date__year=2027).count() == 1
    assert (
        ClosurePeriod.objects.get(rule="constitution_day", start_date__year=2027).part
        == ClosurePeriod.Part.DAY
    )


def test_moving_a_swap_onto_a_holiday_needs_the_override(swap, librarian):
    with pytest.raises(ValidationError) as refused:
        services.swap_move(swap=swap, new_date=date(2027, 12, 25), reason="Jul", by=librarian)
    assert refused.value.code == "date_closed"

    services.swap_move(
        swap=swap, new_date=date(2027, 12, 25), reason="Jul", by=librarian, override=True
    )
    swap.refresh_from_db()
    assert swap.planned_date == date(2027, 12, 25)


def test_the_move_form_warns_and_keeps_the_date_without_the_override(librarian_client, swap):
    url = reverse("kindergarten_depots:swap_move", args=[swap.pk])

    response = librarian_client.post(url, {"new_date": "2027-12-24", "reason": "Jul"})

    assert response.status_code == 200
    assert "Flyt alligevel" in response.content.decode()
    swap.refresh_from_db()
    assert swap.planned_date == date(2027, 3, 1)


def test_one_kindergarten_cannot_have_two_overlapping_agreements(agreement, librarian):
    with pytest.raises(ValidationError) as refused:
        agreement_make(
            kindergarten=agreement.kindergarten,
            coordinator=librarian,
            start_date=date(2027, 6, 1),
            end_date=date(2028, 5, 31),
        )
    assert refused.value.error_dict["start_date"][0].code == "agreement_overlaps"
    after = agreement_make(
        kindergarten=agreement.kindergarten,
        coordinator=librarian,
        start_date=date(2028, 1, 3),
        end_date=date(2028, 12, 29),
    )
    assert after.pk


def test_the_agreement_form_refuses_an_overlap(librarian_client, agreement):
    url = reverse("kindergarten_depots:agreement_create")
    response = librarian_client.post(
        url,
        {
            "kindergarten": agreement.kindergarten_id,
            "type": "depot",
            "start_date": "2027-03-01",
            "end_date": "2027-09-30",
            "age_groups": ["3-4"],
            "branch": agreement.branch_id,
            "library_gains": "x",
            "partner_gains": "y",
        },
    )
    assert response.status_code == 200
    assert "har allerede en aftale" in response.content.decode()


def test_an_agreement_runs_for_at_most_ten_years(kindergarten_a, librarian):
    with pytest.raises(ValidationError) as refused:
        agreement_make(
            kindergarten=kindergarten_a,
            coordinator=librarian,
            start_date=date(2027, 1, 4),
            end_date=date(2037, 1, 5),
        )
    assert refused.value.error_dict["end_date"][0].code == "period_too_long"


def test_the_schedule_on_the_agreement_page_is_paginated(
    librarian_client, kindergarten_a, librarian
):
    weekly = agreement_make(
        kindergarten=kindergarten_a,
        coordinator=librarian,
        start_date=date(2027, 1, 4),
        end_date=date(2028, 12, 29),
        swap_interval_weeks=1,
    )
    _generate(weekly)
    assert weekly.swaps.count() > 60

    first = librarian_client.get(weekly.get_absolute_url()).content.decode()
    second = librarian_client.get(weekly.get_absolute_url(), {"page": 2}).content.decode()

    assert "Side 1 af 3" in first
    assert "Side 2 af 3" in second


def test_a_daycare_closure_set_open_for_a_year_lets_the_swap_stay(kindergarten_a, librarian):
    services.closures_ensure_defaults(years=[2027])
    ClosurePeriod.objects.filter(rule="christmas_eve", start_date__year=2027).update(
        part=ClosurePeriod.Part.OPEN
    )
    weekly = agreement_make(
        kindergarten=kindergarten_a,
        coordinator=librarian,
        start_date=date(2027, 12, 3),
        end_date=date(2027, 12, 30),
        swap_interval_weeks=1,
    )

    _generate(weekly)

    assert weekly.swaps.filter(planned_date=date(2027, 12, 24)).exists()
