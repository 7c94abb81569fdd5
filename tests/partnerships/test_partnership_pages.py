"""Creating, editing and listing partnerships, the dashboard, the history tab and the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Partnership
from tests.partnerships.factories import (
    JournalEntryFactory,
    PartnershipFactory,
    SchoolFactory,
    TaskFactory,
    TimeEntryFactory,
)
from tests.partnerships.helpers import partnership_form_data, status_post


@pytest.mark.django_db
def test_librarian_creates_a_partnership_that_starts_as_an_idea(
    librarian_client, librarian, school
):
    data = partnership_form_data(coordinator=librarian.pk, partners=[school.pk])

    response = librarian_client.post(reverse("partnerships:partnership_create"), data)

    partnership = Partnership.objects.get(title="Læsebånd")
    assert response.status_code == 302
    assert partnership.status == "idea"
    assert list(partnership.partners.all()) == [school]
    assert partnership.status_changes.get().to_status == "idea"
    assert partnership.created_by == librarian


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "danish_error"),
    [
        ({"end_date": "2027-01-01"}, "Slutdatoen kan ikke ligge før startdatoen"),
        ({"title": ""}, "Dette felt er påkrævet"),
        ({"estimated_hours": "-5"}, "større end eller lig 0"),
        ({"coordinator": "999999"}, "Marker en gyldig valgmulighed"),
        ({"start_date": "31-02-2027"}, "Indtast en gyldig dato"),
    ],
)
def test_bad_partnership_input_is_refused_in_danish(
    librarian_client, librarian, overrides, danish_error
):
    data = partnership_form_data(coordinator=librarian.pk)
    data.update(overrides)

    response = librarian_client.post(reverse("partnerships:partnership_create"), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert danish_error in content
    assert "Mere læsning" in content
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_end_before_the_start(librarian):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PartnershipFactory(
            coordinator=librarian,
            start_date=datetime.date(2027, 5, 1),
            end_date=datetime.date(2027, 4, 1),
        )


# --- History -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_history_tab_shows_who_changed_what(librarian_client, librarian, partnership):
    librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {"title": "Bestil diplomer", "assignee": librarian.pk},
    )
    status_post(librarian_client, partnership, "negotiating")

    content = librarian_client.get(
        reverse("partnerships:partnership_history", args=[partnership.pk])
    ).content.decode()

    assert "Bestil diplomer" in content
    assert librarian.full_name in content
    assert "Forhandling" in content


# --- Lists and query counts ----------------------------------------------------


@pytest.mark.django_db
def test_list_filters_by_status_kind_mine_and_review_due(librarian_client, librarian):
    mine = PartnershipFactory(title="Mit", coordinator=librarian, review_date=datetime.date.today())
    other = PartnershipFactory(title="Andres", kind="event", status="active")
    url = reverse("partnerships:partnership_list")

    def titles(params):
        return {p.title for p in librarian_client.get(url, params).context["object_list"]}

    assert titles({}) == {"Mit", "Andres"}
    assert titles({"status": "active"}) == {other.title}
    assert titles({"kind": "event"}) == {other.title}
    assert titles({"mine": "on"}) == {mine.title}
    assert titles({"review_due": "on"}) == {mine.title}
    counts = {s: n for s, _l, n in librarian_client.get(url).context["status_counts"]}
    assert counts["idea"] == 1 and counts["active"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 40])
def test_partnership_list_query_count_is_bounded(
    librarian_client, django_assert_max_num_queries, size
):
    for partnership in PartnershipFactory.create_batch(size):
        partnership.partners.add(SchoolFactory())

    with django_assert_max_num_queries(14):
        response = librarian_client.get(reverse("partnerships:partnership_list"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 30])
def test_dashboard_query_count_is_bounded(
    librarian_client, librarian, django_assert_max_num_queries, size
):
    for partnership in PartnershipFactory.create_batch(size, coordinator=librarian):
        TaskFactory(partnership=partnership, assignee=librarian)
        JournalEntryFactory(partnership=partnership, kind="decision")
        TimeEntryFactory(partnership=partnership, user=librarian)

    with django_assert_max_num_queries(16):
        response = librarian_client.get(reverse("dashboard"))

    assert len(response.context["my_tasks"]) == min(size, 15)


@pytest.mark.django_db
def test_dashboard_shows_overdue_tasks_first_and_the_latest_decisions(
    partner_member_client, partner_member, partnership
):
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        title="Senere",
        due_date=datetime.date.today() + datetime.timedelta(days=10),
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        title="Forsinket",
        due_date=datetime.date(2020, 1, 1),
    )
    JournalEntryFactory(
        partnership=partnership, kind="decision", text="Vi har besluttet noget vigtigt."
    )
    TimeEntryFactory(partnership=partnership, user=partner_member, hours=Decimal("2"))

    response = partner_member_client.get(reverse("dashboard"))

    assert [t.title for t in response.context["my_tasks"]] == ["Forsinket", "Senere"]
    content = response.content.decode()
    assert "Vi har besluttet noget vigtigt." in content
    assert response.context["hours_this_month"] == Decimal("2")
    assert "SKOFO" in content


@pytest.mark.django_db
def test_admin_pages_for_partnerships_load(admin_client_, full_partnership):
    partnership, task, entry, _attachment = full_partnership
    pages = [
        reverse("admin:partnerships_partnership_changelist") + "?status__exact=idea",
        reverse("admin:partnerships_partnership_change", args=[partnership.pk]),
        reverse("admin:partnerships_journalentry_change", args=[entry.pk]),
        reverse("admin:partnerships_task_changelist") + "?status__exact=open",
        reverse("admin:partnerships_timeentry_changelist"),
        reverse("admin:partnerships_evaluation_changelist"),
        reverse("admin:partnerships_attachment_changelist"),
        reverse("admin:partnerships_sentreminder_changelist"),
        reverse("admin:auditlog_logentry_changelist"),
    ]
    for url in pages:
        assert admin_client_.get(url).status_code == 200, url
    change = admin_client_.get(
        reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    ).content.decode()
    assert task.title in change


@pytest.mark.parametrize(
    ("review_date", "status", "due", "overdue"),
    [
        (datetime.date(2027, 3, 9), "active", True, True),
        (datetime.date(2027, 3, 10), "active", True, False),
        (datetime.date(2027, 3, 11), "active", False, False),
        (datetime.date(2027, 3, 9), "ended", False, False),
        (None, "active", False, False),
    ],
)
def test_a_review_is_due_on_its_date_and_overdue_after_it(review_date, status, due, overdue):
    partnership = Partnership(review_date=review_date, status=status)
    today = datetime.date(2027, 3, 10)

    assert partnership.is_review_due(today) is due
    assert partnership.is_review_overdue(today) is overdue


@pytest.mark.django_db
def test_review_due_by_leaves_out_ended_and_later_reviews(librarian):
    day = datetime.date(2027, 3, 10)
    due = PartnershipFactory(review_date=day)
    PartnershipFactory(review_date=day + datetime.timedelta(days=1))
    PartnershipFactory(review_date=day, status="ended")
    PartnershipFactory(review_date=None)

    assert list(Partnership.objects.review_due_by(day)) == [due]


@pytest.mark.django_db
def test_the_dashboard_marks_the_partnerships_i_coordinate(librarian_client, librarian):
    PartnershipFactory(title="Mit", coordinator=librarian)
    PartnershipFactory(title="Kollegaens", members=[librarian])

    response = librarian_client.get(reverse("dashboard"))

    flags = {p.title: p.you_coordinate for p in response.context["my_partnerships"]}
    assert flags == {"Mit": True, "Kollegaens": False}
