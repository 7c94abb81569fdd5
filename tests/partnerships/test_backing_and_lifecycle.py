"""Backing as a manager's approval, the status in the admin, and ended partnerships that stay ended."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from post_office.models import Email

from accounts.roles import Role
from partnerships import backing, services
from partnerships.models import BackingRequest, Partnership, StatusChange
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory
from tests.partnerships.helpers import status_post


@pytest.fixture
def manager(db):
    return UserFactory(full_name="Hanne Østergaard", roles=[Role.LIBRARY_MANAGER])


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def unbacked(librarian):
    return PartnershipFactory(
        title="Læsebamser", coordinator=librarian, library_gains="Lånere", partner_gains="Bøger"
    )


def _codes(excinfo):
    return {error.code for error in excinfo.value.error_list}


# --- Backing as an approval ------------------------------------------------


@pytest.mark.django_db
def test_asking_for_backing_mails_every_active_manager(librarian_client, unbacked, manager):
    UserFactory(full_name="Tidligere leder", roles=[Role.LIBRARY_MANAGER], is_active=False)

    response = librarian_client.post(
        reverse("partnerships:backing_request", args=[unbacked.pk]),
        {"comment": "Det koster 30 timer."},
        follow=True,
    )

    request = BackingRequest.objects.get(partnership=unbacked)
    assert request.comment == "Det koster 30 timer."
    assert request.state() == BackingRequest.State.PENDING
    assert [mail.to for mail in Email.objects.all()] == [[manager.email]]
    assert "Venter på en beslutning" in response.content.decode()


@pytest.mark.django_db
def test_a_manager_approves_and_then_the_gate_opens(
    librarian_client, librarian, unbacked, manager, manager_client
):
    request = backing.backing_request(partnership=unbacked, by=librarian)
    assert not unbacked.can_be_activated()
    listing = manager_client.get(reverse("partnerships:backing_requests")).content.decode()
    assert "Læsebamser" in listing

    response = manager_client.post(
        reverse("partnerships:backing_decide", args=[unbacked.pk, request.pk]),
        {"decision": "approve", "comment": "God idé."},
    )

    assert response.status_code == 302
    decision = request.decisions.get()
    assert (decision.decided_by, decision.approved, decision.comment) == (manager, True, "God idé.")
    status_post(librarian_client, unbacked, "active")
    unbacked.refresh_from_db()
    assert unbacked.status == Partnership.Status.ACTIVE
    page = librarian_client.get(unbacked.get_absolute_url()).content.decode()
    assert "Hanne Østergaard" in page and "God idé." in page


@pytest.mark.django_db
def test_a_decline_needs_a_comment_and_keeps_the_gate_shut(librarian, unbacked, manager):
    request = backing.backing_request(partnership=unbacked, by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        backing.backing_decide(request=request, by=manager, approve=False)
    assert _codes(excinfo) == {"comment_missing"}

    backing.backing_decide(request=request, by=manager, approve=False, comment="Ikke i år.")
    assert request.state() == BackingRequest.State.DECLINED
    with pytest.raises(ValidationError) as excinfo:
        services.partnership_change_status(
            partnership=unbacked, to_status=Partnership.Status.ACTIVE, by=librarian
        )
    assert _codes(excinfo) == {"activation_blocked"}
    # After a decline the coordinator may ask again.
    assert backing.backing_request(partnership=unbacked, by=librarian).pk != request.pk


@pytest.mark.django_db
def test_only_managers_decide_and_each_only_once(librarian, unbacked, manager):
    request = backing.backing_request(partnership=unbacked, by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        backing.backing_decide(request=request, by=librarian, approve=True)
    assert _codes(excinfo) == {"not_a_manager"}
    backing.backing_decide(request=request, by=manager, approve=True)
    with pytest.raises(ValidationError) as excinfo:
        backing.backing_decide(request=request, by=manager, approve=True)
    assert _codes(excinfo) == {"already_decided"}
    with pytest.raises(ValidationError) as excinfo:
        backing.backing_request(partnership=unbacked, by=librarian)
    assert _codes(excinfo) == {"backing_approved"}


@pytest.mark.django_db
def test_a_second_request_while_one_waits_is_refused(librarian, unbacked):
    backing.backing_request(partnership=unbacked, by=librarian)

    with pytest.raises(ValidationError) as excinfo:
        backing.backing_request(partnership=unbacked, by=librarian)
    assert _codes(excinfo) == {"backing_pending"}


@pytest.mark.django_db
def test_free_text_backing_is_shown_as_recorded_before_approvals(librarian_client, librarian):
    partnership = PartnershipFactory(
        coordinator=librarian,
        status=Partnership.Status.PAUSED,
        backing_approved_by="Bibliotekschefen",
        backing_approved_on="2025-03-01",
    )

    page = librarian_client.get(partnership.get_absolute_url()).content.decode()

    assert "Registreret før godkendelser" in page
    assert "Bibliotekschefen" in page


@pytest.mark.django_db
def test_the_manager_dashboard_counts_the_waiting_requests(librarian, unbacked, manager_client):
    backing.backing_request(partnership=unbacked, by=librarian)

    page = manager_client.get(reverse("dashboard")).content.decode()

    assert "1 partnerskab venter på din beslutning" in page
    assert reverse("partnerships:backing_requests") in page


# --- The admin goes through the service --------------------------------------


@pytest.mark.django_db
def test_the_admin_shows_the_status_read_only(admin_client_, unbacked):
    url = reverse("admin:partnerships_partnership_change", args=[unbacked.pk])

    page = admin_client_.get(url).content.decode()

    assert 'name="status"' not in page


@pytest.mark.django_db
def test_the_admin_action_runs_the_gate(admin_client_):
    partnership = PartnershipFactory(library_gains="", partner_gains="")
    url = reverse("admin:partnerships_partnership_changelist")

    response = admin_client_.post(
        url,
        {
            "action": "status_to_active",
            "_selected_action": [partnership.pk],
            "apply": "1",
            "note": "",
        },
        follow=True,
    )

    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.IDEA
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not StatusChange.objects.filter(partnership=partnership).exists()


@pytest.mark.django_db
def test_an_admin_action_records_who_when_and_why(admin_client_, admin_user):
    partnership = PartnershipFactory()
    url = reverse("admin:partnerships_partnership_changelist")
    data = {"action": "status_to_negotiating", "_selected_action": [partnership.pk]}

    asking = admin_client_.post(url, data)
    assert asking.status_code == 200 and 'name="note"' in asking.content.decode()
    admin_client_.post(url, {**data, "apply": "1", "note": "Første møde holdt"})

    change = StatusChange.objects.get(partnership=partnership)
    assert (change.from_status, change.to_status) == ("idea", "negotiating")
    assert (change.changed_by, change.note) == (admin_user, "Første møde holdt")
    assert change.changed_at is not None


@pytest.mark.django_db
def test_a_partnership_added_in_the_admin_starts_as_a_recorded_idea(admin_client_, admin_user):
    response = admin_client_.post(
        reverse("admin:partnerships_partnership_add"),
        {
            "title": "Fra admin",
            "kind": "event",
            "scope": "small",
            "coordinator": admin_user.pk,
            **{
                f"{prefix}-{key}": value
                for prefix in ("partner_links", "memberships", "tasks", "journal_entries")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    partnership = Partnership.objects.get(title="Fra admin")
    assert partnership.status == "idea"
    assert partnership.status_changes.get().changed_by == admin_user


# --- An ended partnership is read-only ----------------------------------------


@pytest.fixture
def ended(librarian, partnership):
    services.partnership_change_status(
        partnership=partnership, to_status=Partnership.Status.ACTIVE, by=librarian
    )
    return services.partnership_end(
        partnership=partnership,
        by=librarian,
        end_date=partnership.start_date,
        evaluation={"goals_met": "yes", "recommendation": "change", "people_reached": 180},
    )


@pytest.mark.django_db
def test_the_services_refuse_to_add_to_an_ended_partnership(ended, librarian, partner_member):
    attempts = [
        lambda: services.task_create(partnership=ended, title="Ny", by=librarian),
        lambda: services.time_entry_create(
            partnership=ended, by=librarian, date=ended.end_date, hours=1
        ),
        lambda: services.journal_entry_create(
            partnership=ended, author=librarian, kind="note", text="Hej"
        ),
        lambda: services.member_add(partnership=ended, user=UserFactory()),
        lambda: services.member_remove(membership=ended.memberships.get(user=partner_member)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert _codes(excinfo) == {"partnership_ended"}


@pytest.mark.django_db
def test_an_ended_partnership_reads_as_ended(librarian_client, ended):
    page = librarian_client.get(ended.get_absolute_url()).content.decode()

    assert "Partnerskabet er afsluttet" in page
    assert "✘" not in page and "Før partnerskabet kan blive aktivt" not in page
    assert 'id="status-heading"' not in page
    assert reverse("partnerships:attachment_upload", args=[ended.pk]) not in page
    assert reverse("partnerships:member_add", args=[ended.pk]) not in page
    assert "180" in page


@pytest.mark.django_db
def test_an_ended_partnership_refuses_new_hours_on_the_page(librarian_client, ended):
    url = reverse("partnerships:partnership_time", args=[ended.pk])
    assert 'name="hours"' not in librarian_client.get(url).content.decode()

    response = librarian_client.post(url, {"date": "2027-01-01", "hours": "2", "note": ""})

    assert response.status_code == 200
    assert not ended.time_entries.exists()


@pytest.mark.django_db
def test_the_requester_hears_the_decision(librarian, unbacked, manager):
    colleague = UserFactory(roles=[Role.LIBRARIAN])
    request = backing.backing_request(partnership=unbacked, by=colleague)
    Email.objects.all().delete()

    backing.backing_decide(request=request, by=manager, approve=False, comment="Ikke i år.")

    sent = list(Email.objects.all())
    assert sorted(to for mail in sent for to in mail.to) == sorted(
        [colleague.email, librarian.email]
    )
    assert all(mail.subject == "Opbakning afvist: Læsebamser" for mail in sent)
    assert all("Ikke i år." in mail.message for mail in sent)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_the_backing_list_query_count_does_not_grow(
    manager_client, manager, librarian, django_assert_max_num_queries, size
):
    for number in range(size):
        waiting = PartnershipFactory(title=f"Projekt-venter-{number}", coordinator=librarian)
        backing.backing_request(partnership=waiting, by=librarian)
        decided = PartnershipFactory(title=f"Projekt-afgjort-{number}", coordinator=librarian)
        request = backing.backing_request(partnership=decided, by=librarian)
        backing.backing_decide(request=request, by=manager, approve=True)

    with django_assert_max_num_queries(12):
        response = manager_client.get(reverse("partnerships:backing_requests"))

    page = response.content.decode()
    assert page.count("Projekt-venter-") == size and page.count("Projekt-afgjort-") == size


@pytest.mark.django_db
def test_the_admin_shows_an_ended_partnership_read_only(admin_client_, ended):
    url = reverse("admin:partnerships_partnership_change", args=[ended.pk])

    response = admin_client_.get(url)
    refused = admin_client_.post(url, {"title": "Omdøbt"})

    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()
    assert refused.status_code == 403
    ended.refresh_from_db()
    assert ended.title == "SKOFO"
