"""Hours against the estimate, evaluations and ending a partnership."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import Evaluation, Partnership, TimeEntry
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import TimeEntryFactory

# --- Time --------------------------------------------------------------------


@pytest.mark.django_db
def test_hours_are_summed_per_person_with_a_warning_over_the_estimate(
    librarian_client, librarian, partner_member, partnership
):
    partnership.estimated_hours = Decimal("5")
    partnership.save()
    TimeEntryFactory(partnership=partnership, user=librarian, hours=Decimal("3"))
    TimeEntryFactory(partnership=partnership, user=partner_member, hours=Decimal("2.5"))

    response = librarian_client.get(reverse("partnerships:partnership_time", args=[partnership.pk]))

    assert response.context["used"] == Decimal("5.5")
    assert response.context["over_estimate"] is True
    assert "har brugt flere timer end anslået" in response.content.decode()
    per_person = {row["user__full_name"]: row["total"] for row in response.context["per_person"]}
    assert per_person == {
        librarian.full_name: Decimal("3"),
        partner_member.full_name: Decimal("2.5"),
    }


@pytest.mark.django_db
def test_a_member_logs_hours(partner_member_client, partner_member, partnership):
    partner_member_client.post(
        reverse("partnerships:partnership_time", args=[partnership.pk]),
        {"date": "2027-01-15", "hours": "1.5", "note": "Møde"},
    )

    entry = TimeEntry.objects.get()
    assert (entry.user, entry.hours) == (partner_member, Decimal("1.5"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "danish_error"),
    [
        ("0", "Timerne skal være mere end 0"),
        ("-2", "Timerne skal være mere end 0"),
        ("25", "Et døgn har højst 24 timer"),
        ("mange", "Indtast et tal"),
    ],
)
def test_negative_zero_or_huge_hours_are_refused(
    librarian_client, partnership, hours, danish_error
):
    response = librarian_client.post(
        reverse("partnerships:partnership_time", args=[partnership.pk]),
        {"date": "2027-01-15", "hours": hours, "note": "Møde"},
    )

    assert response.status_code == 200
    assert danish_error in response.content.decode()
    assert not TimeEntry.objects.exists()


# --- Evaluation and ending --------------------------------------------------


@pytest.mark.django_db
def test_ending_with_an_evaluation_records_both(librarian_client, partnership):
    partnership.status = Partnership.Status.ACTIVE
    partnership.save()

    response = librarian_client.post(
        reverse("partnerships:partnership_end", args=[partnership.pk]),
        {
            "end_date": "2030-06-30",
            "evaluated_on": "2030-06-30",
            "goals_met": "partly",
            "goals_comment": "To ud af tre mål",
            "library_gained": "on",
            "partner_gained": "on",
            "people_reached": "240",
            "lessons_learned": "Start tidligere",
            "recommendation": "change",
        },
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "ended"
    assert partnership.end_date == datetime.date(2030, 6, 30)
    evaluation = Evaluation.objects.get()
    assert (evaluation.goals_met, evaluation.people_reached) == ("partly", 240)


@pytest.mark.django_db
def test_ending_without_an_evaluation_needs_a_reason(librarian_client, partnership):
    url = reverse("partnerships:partnership_end", args=[partnership.pk])

    refused = librarian_client.post(url, {"end_date": "2030-06-30", "skip_evaluation": "on"})
    assert refused.status_code == 200
    assert "Skriv, hvorfor partnerskabet afsluttes uden en evaluering" in refused.content.decode()
    partnership.refresh_from_db()
    assert partnership.status == "idea"

    librarian_client.post(
        url,
        {"end_date": "2030-06-30", "skip_evaluation": "on", "skip_reason": "Partneren lukkede"},
    )
    partnership.refresh_from_db()
    assert partnership.status == "ended"
    assert partnership.evaluation_skipped_reason == "Partneren lukkede"
    assert not Evaluation.objects.exists()


# --- The hours summary and the services ---------------------------------------


@pytest.mark.django_db
def test_the_hours_summary_sums_per_person_against_the_estimate(
    librarian, partner_member, partnership
):
    partnership.estimated_hours = Decimal("10")
    TimeEntryFactory(partnership=partnership, user=librarian, hours=Decimal("1.5"))
    TimeEntryFactory(partnership=partnership, user=librarian, hours=Decimal("2"))
    TimeEntryFactory(partnership=partnership, user=partner_member, hours=Decimal("4"))

    hours = partnership.hours_summary()

    assert hours.used == Decimal("7.5")
    assert [row["total"] for row in hours.per_person] == [Decimal("4"), Decimal("3.5")]
    assert (hours.percent, hours.over_estimate) == (75, False)


@pytest.mark.django_db
def test_the_hours_summary_caps_the_percentage_and_copes_without_an_estimate(
    librarian, partnership
):
    TimeEntryFactory(partnership=partnership, user=librarian, hours=Decimal("6"))

    partnership.estimated_hours = Decimal("4")
    over = partnership.hours_summary()
    partnership.estimated_hours = None
    unestimated = partnership.hours_summary()

    assert (over.percent, over.over_estimate) == (100, True)
    assert (unestimated.percent, unestimated.over_estimate) == (None, False)
    assert unestimated.used == Decimal("6")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 25])
def test_the_time_page_query_count_is_bounded(
    librarian_client, partnership, django_assert_max_num_queries, size
):
    for _ in range(size):
        TimeEntryFactory(partnership=partnership, user=UserFactory(roles=["Librarian"]))

    with django_assert_max_num_queries(12):
        response = librarian_client.get(
            reverse("partnerships:partnership_time", args=[partnership.pk])
        )

    assert len(response.context["per_person"]) == size


@pytest.mark.django_db
def test_ending_without_an_evaluation_or_a_reason_is_refused_with_a_code(librarian, partnership):
    with pytest.raises(ValidationError) as excinfo:
        services.partnership_end(
            partnership=partnership, by=librarian, end_date=datetime.date(2030, 6, 30)
        )

    assert excinfo.value.code == "skip_reason_missing"
    partnership.refresh_from_db()
    assert partnership.status == "idea"


@pytest.mark.django_db
def test_ending_with_evaluation_answers_stores_who_evaluated(librarian, partnership):
    services.partnership_end(
        partnership=partnership,
        by=librarian,
        end_date=datetime.date(2030, 6, 30),
        evaluation={"goals_met": "yes", "recommendation": "end", "people_reached": 40},
    )

    evaluation = Evaluation.objects.get()
    assert (evaluation.evaluated_by, evaluation.people_reached) == (librarian, 40)
    assert partnership.status_changes.get(to_status="ended").changed_by == librarian


@pytest.mark.django_db
def test_logged_hours_belong_to_whoever_logged_them(partner_member, partnership):
    entry = services.time_entry_create(
        partnership=partnership,
        by=partner_member,
        date=datetime.date(2027, 1, 15),
        hours=Decimal("1.25"),
    )

    assert (entry.user, entry.hours, entry.note) == (partner_member, Decimal("1.25"), "")


@pytest.mark.django_db
def test_ending_before_the_start_is_refused_with_a_code(librarian, partnership):
    partnership.start_date = datetime.date(2030, 1, 1)
    partnership.save()

    with pytest.raises(ValidationError) as excinfo:
        services.partnership_end(
            partnership=partnership,
            by=librarian,
            end_date=datetime.date(2029, 12, 31),
            skip_reason="Partneren lukkede",
        )

    assert [e.code for e in excinfo.value.error_dict["__all__"]] == ["end_before_start"]
    partnership.refresh_from_db()
    assert (partnership.status, partnership.end_date) == ("idea", None)
