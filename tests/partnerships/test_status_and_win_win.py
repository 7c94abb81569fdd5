"""The status workflow and the win-win gate before a partnership becomes active."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.models import Partnership, StatusChange
from tests.partnerships.factories import PartnershipFactory
from tests.partnerships.helpers import partnership_form_data, status_post

# --- Workflow and the win-win gate ------------------------------------------


@pytest.mark.django_db
def test_a_partnership_without_gains_or_backing_cannot_become_active(librarian_client, librarian):
    partnership = PartnershipFactory(coordinator=librarian, library_gains="Noget")

    response = status_post(librarian_client, partnership, "active")

    partnership.refresh_from_db()
    assert partnership.status == "idea"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    content = response.content.decode()
    assert "Hvad partneren får ud af det" in content
    assert "Ledelsens opbakning" in content
    assert not StatusChange.objects.filter(partnership=partnership, to_status="active").exists()


@pytest.mark.django_db
def test_the_detail_page_shows_the_win_win_checklist(librarian_client, librarian):
    partnership = PartnershipFactory(coordinator=librarian, library_gains="Noget")

    content = librarian_client.get(partnership.get_absolute_url()).content.decode()

    assert "Før partnerskabet kan blive aktivt" in content
    assert content.count("✔") == 1
    assert content.count("✘") == 2


@pytest.mark.django_db
def test_each_status_change_is_recorded_with_user_and_date(
    librarian_client, librarian, partnership
):
    status_post(librarian_client, partnership, "negotiating", note="Første møde holdt")
    status_post(librarian_client, partnership, "active")
    status_post(librarian_client, partnership, "paused")

    partnership.refresh_from_db()
    assert partnership.status == "paused"
    changes = list(partnership.status_changes.order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("idea", "negotiating"),
        ("negotiating", "active"),
        ("active", "paused"),
    ]
    assert {c.changed_by for c in changes} == {librarian}
    assert changes[0].note == "Første møde holdt"
    assert all(timezone.localdate(c.changed_at) == timezone.localdate() for c in changes)
    assert partnership.start_date is not None


@pytest.mark.django_db
def test_a_disallowed_transition_is_refused(librarian_client, partnership):
    response = status_post(librarian_client, partnership, "paused")

    partnership.refresh_from_db()
    assert partnership.status == "idea"
    assert "Vælg en af de viste statusser" in response.content.decode()


@pytest.mark.django_db
def test_an_active_partnership_cannot_lose_its_gains_in_the_edit_form(
    librarian_client, partnership
):
    partnership.status = Partnership.Status.ACTIVE
    partnership.save()
    url = reverse("partnerships:partnership_update", args=[partnership.pk])
    data = partnership_form_data(partnership, partner_gains="")

    response = librarian_client.post(url, data)

    assert response.status_code == 200
    assert "Sæt det på pause først" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.partner_gains


# --- The rules on the model and in the service ---------------------------------


@pytest.mark.parametrize(
    ("library_gains", "partner_gains", "win_win"),
    [("Læselyst", "Flere lånere", True), ("Læselyst", "  ", False), ("", "Flere lånere", False)],
)
def test_a_partnership_is_win_win_when_both_gains_are_written_down(
    library_gains, partner_gains, win_win
):
    partnership = Partnership(library_gains=library_gains, partner_gains=partner_gains)

    assert partnership.is_win_win() is win_win


@pytest.mark.django_db
def test_free_text_backing_counts_only_for_a_partnership_that_has_been_active(librarian):
    partnership = PartnershipFactory(
        coordinator=librarian,
        library_gains="Læselyst",
        partner_gains="Flere lånere",
        backing_approved_by="Bibliotekschefen",
        backing_approved_on=datetime.date(2027, 1, 5),
    )
    assert partnership.has_legacy_backing() and not partnership.can_be_activated()

    partnership.status = Partnership.Status.PAUSED
    assert partnership.can_be_activated()


@pytest.mark.django_db
def test_the_service_refuses_activation_without_the_win_win(librarian):
    partnership = PartnershipFactory(coordinator=librarian, library_gains="Noget")

    with pytest.raises(ValidationError) as excinfo:
        services.partnership_change_status(
            partnership=partnership, to_status=Partnership.Status.ACTIVE, by=librarian
        )

    assert excinfo.value.code == "activation_blocked"
    assert not partnership.status_changes.filter(to_status="active").exists()


@pytest.mark.django_db
def test_the_service_refuses_a_transition_outside_the_workflow(librarian, partnership):
    with pytest.raises(ValidationError) as excinfo:
        services.partnership_change_status(
            partnership=partnership, to_status=Partnership.Status.PAUSED, by=librarian
        )

    assert excinfo.value.code == "transition_not_allowed"
    partnership.refresh_from_db()
    assert partnership.status == "idea"


@pytest.mark.django_db
def test_a_status_change_through_the_service_records_who_made_it(librarian, partnership):
    services.partnership_change_status(
        partnership=partnership,
        to_status=Partnership.Status.ACTIVE,
        by=librarian,
        on=datetime.date(2027, 2, 1),
    )

    partnership.refresh_from_db()
    change = partnership.status_changes.get(to_status="active")
    assert (change.from_status, change.changed_by) == ("idea", librarian)
    assert partnership.start_date == datetime.date(2027, 2, 1)
