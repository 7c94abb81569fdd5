"""Tasks: assignment e-mails, the overdue rule, marking done, my tasks."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from partnerships import services
from partnerships.models import Task
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import TaskFactory

# --- Tasks -------------------------------------------------------------------


@pytest.mark.django_db
def test_assigning_a_task_emails_the_assignee(librarian_client, partner_member, partnership):
    response = librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {
            "title": "Send samtykkeerklæringer",
            "description": "Til alle forældre i 5. klasse",
            "assignee": partner_member.pk,
            "due_date": "2027-02-01",
        },
    )

    assert response.status_code == 302
    task = Task.objects.get()
    assert task.assignee == partner_member
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [partner_member.email]
    assert "Ny opgave: Send samtykkeerklæringer" in mail.outbox[0].subject


@pytest.mark.django_db
def test_reassigning_a_task_emails_the_new_assignee_only(
    librarian_client, librarian, partner_member, partnership
):
    task = TaskFactory(partnership=partnership, assignee=librarian, created_by=librarian)

    librarian_client.post(
        reverse("partnerships:task_edit", args=[partnership.pk, task.pk]),
        {"title": task.title, "description": "", "assignee": partner_member.pk, "due_date": ""},
    )

    assert [m.to for m in mail.outbox] == [[partner_member.email]]


@pytest.mark.django_db
def test_a_task_cannot_be_assigned_to_someone_outside_the_partnership(
    librarian_client, partnership
):
    outsider = UserFactory(roles=["Librarian"])

    response = librarian_client.post(
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        {"title": "Hemmelig", "assignee": outsider.pk},
    )

    assert response.status_code == 200
    assert "Den ansvarlige skal være medlem af partnerskabet" in response.content.decode()
    assert not Task.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_overdue_tasks_are_highlighted_and_can_be_marked_done(librarian_client, partnership):
    task = TaskFactory(partnership=partnership, due_date=datetime.date(2020, 1, 1))
    url = reverse("partnerships:partnership_tasks", args=[partnership.pk])

    page = librarian_client.get(url).content.decode()
    assert "Overskredet" in page
    assert "table-danger" in page

    done_url = reverse("partnerships:task_set_done", args=[partnership.pk, task.pk])
    assert librarian_client.get(done_url).status_code == 405
    librarian_client.post(done_url, {"done": "1"})
    task.refresh_from_db()
    assert task.status == "done"


@pytest.mark.django_db
def test_my_tasks_lists_my_tasks_across_partnerships_only(
    partner_member_client, partner_member, partnership, other_partnership
):
    mine = TaskFactory(partnership=partnership, assignee=partner_member, title="Min opgave")
    TaskFactory(partnership=partnership, title="Koordinatorens opgave")
    TaskFactory(partnership=other_partnership, assignee=partner_member, title="Skjult opgave")

    content = partner_member_client.get(reverse("partnerships:my_tasks")).content.decode()

    assert mine.title in content
    assert "Koordinatorens opgave" not in content
    assert "Skjult opgave" not in content


# --- The overdue rule and the task services ----------------------------------


@pytest.mark.django_db
def test_the_overdue_queryset_and_the_task_agree(partnership):
    today = datetime.date(2027, 3, 10)
    late = TaskFactory(partnership=partnership, due_date=datetime.date(2027, 3, 9))
    due_today = TaskFactory(partnership=partnership, due_date=today)
    no_date = TaskFactory(partnership=partnership, due_date=None)
    done_late = TaskFactory(
        partnership=partnership, due_date=datetime.date(2027, 1, 1), status=Task.Status.DONE
    )

    assert list(Task.objects.overdue(today)) == [late]
    assert late.is_overdue(today)
    for task in (due_today, no_date, done_late):
        assert not task.is_overdue(today)


@pytest.mark.django_db
def test_my_tasks_marks_only_overdue_open_tasks(partner_member_client, partner_member, partnership):
    TaskFactory(
        partnership=partnership, assignee=partner_member, due_date=datetime.date(2020, 1, 1)
    )
    TaskFactory(
        partnership=partnership,
        assignee=partner_member,
        due_date=datetime.date(2020, 1, 1),
        status=Task.Status.DONE,
    )

    content = partner_member_client.get(reverse("partnerships:my_tasks")).content.decode()

    assert content.count("table-danger") == 1


@pytest.mark.django_db
def test_task_services_store_who_created_the_task_and_tell_a_new_assignee(
    librarian, partner_member, partnership
):
    task = services.task_create(
        partnership=partnership, title="Bestil bøger", assignee=librarian, by=librarian
    )
    assert (task.created_by, task.assignee) == (librarian, librarian)
    assert mail.outbox == []

    services.task_update(
        task=task,
        title="Bestil flere bøger",
        assignee=partner_member,
        due_date=datetime.date(2027, 4, 1),
        by=librarian,
    )

    task.refresh_from_db()
    assert (task.title, task.assignee, task.due_date) == (
        "Bestil flere bøger",
        partner_member,
        datetime.date(2027, 4, 1),
    )
    assert [m.to for m in mail.outbox] == [[partner_member.email]]
