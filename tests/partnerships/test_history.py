"""The history tab reads like the pages: labels, names, local formats, also what was removed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from partnerships import backing, services
from partnerships.models import Partnership
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import TaskFactory, WinWinPartnershipFactory
from tests.partnerships.helpers import status_post


@pytest.fixture
def lived(librarian, partner_member, partnership):
    """A partnership with a bit of everything, and a member removed since."""
    services.partnership_change_status(
        partnership=partnership,
        to_status=Partnership.Status.NEGOTIATING,
        by=librarian,
        note="Første møde holdt",
    )
    task = services.task_create(
        partnership=partnership,
        title="Bestil diplomer",
        assignee=librarian,
        due_date=datetime.date(2027, 1, 10),
        by=librarian,
    )
    services.task_update(
        task=task,
        title=task.title,
        assignee=partner_member,
        due_date=task.due_date,
        by=librarian,
    )
    services.time_entry_create(
        partnership=partnership, by=librarian, date=datetime.date(2027, 1, 5), hours=Decimal("3.5")
    )
    services.member_remove(membership=partnership.memberships.get(user=partner_member))
    return partnership


def _history(client, partnership, **headers):
    url = reverse("partnerships:partnership_history", args=[partnership.pk])
    return client.get(url, **headers).content.decode()


@pytest.mark.django_db
def test_the_history_reads_in_danish_with_labels_names_and_local_formats(
    librarian_client, lived, partner_member
):
    page = _history(librarian_client, lived)

    assert "Opgave tilføjet: Bestil diplomer" in page
    assert "Frist</span>: 10.01.2027" in page
    assert f"Ansvarlig</span>: Lise Bibliotekar → {partner_member.full_name}" in page
    assert "Timer</span>: 3,5" in page
    assert f"Medlem fjernet: {partner_member.full_name}" in page
    assert "Status ændret fra “Idé” til “Forhandling”" in page
    assert "Første møde holdt" in page
    for raw in ("create:", "None", "partnerships.", "3.5", "2027-01-10", "assignee", "→ –"):
        assert raw not in page, raw


@pytest.mark.django_db
def test_the_history_reads_in_english_too(librarian_client, lived):
    librarian_client.cookies["django_language"] = "en"

    page = _history(librarian_client, lived)

    assert "Task added: Bestil diplomer" in page
    assert "Status changed from “Idea” to “Negotiating”" in page
    assert "Hours</span>: 3.5" in page
    assert "Opgave tilføjet" not in page


@pytest.mark.django_db
def test_the_history_tells_the_backing_decisions(librarian_client, librarian):
    partnership = WinWinPartnershipFactory(coordinator=librarian, backing=False)
    manager = UserFactory(full_name="Hanne Østergaard", roles=[Role.LIBRARY_MANAGER])
    request = backing.backing_request(
        partnership=partnership, by=librarian, comment="Vigtigt for os"
    )
    backing.backing_decide(request=request, by=manager, approve=False, comment="Ikke i år")

    page = _history(librarian_client, partnership)

    assert "Bedt om opbakning" in page and "Vigtigt for os" in page
    assert "Opbakning afvist" in page and "Ikke i år" in page and "Hanne Østergaard" in page


@pytest.mark.django_db
def test_a_deleted_task_stays_in_the_history(librarian_client, lived):
    task = TaskFactory(partnership=lived, title="Slettes snart")
    task.delete()

    page = _history(librarian_client, lived)

    assert "Opgave fjernet: Slettes snart" in page


@pytest.mark.django_db
def test_the_history_leaves_out_other_partnerships(librarian_client, lived, other_partnership):
    TaskFactory(partnership=other_partnership, title="En anden opgave")

    assert "En anden opgave" not in _history(librarian_client, lived)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 20])
def test_the_history_page_query_count_does_not_grow(
    librarian_client, librarian, partner_member, partnership, django_assert_max_num_queries, size
):
    for number in range(size):
        task = services.task_create(
            partnership=partnership, title=f"Opgave {number}", assignee=partner_member, by=librarian
        )
        services.task_set_done(task=task, done=True)
        services.time_entry_create(
            partnership=partnership, by=partner_member, date=datetime.date(2027, 1, 5), hours=1
        )
    status_post(librarian_client, partnership, "negotiating")

    with django_assert_max_num_queries(20):
        response = librarian_client.get(
            reverse("partnerships:partnership_history", args=[partnership.pk])
        )

    assert len(response.context["rows"]) >= 3 * size
