"""Hours against the estimate, evaluations and ending a partnership."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Evaluation, Partnership, TimeEntry
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
