"""One lifecycle: an agreement follows its partnership through the win-win gate, pauses
hold its swaps, and an ending cancels what is planned and collects the last batch."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kindergarten_depots import services
from kindergarten_depots.models import DepotAgreement, Item, Swap
from partnerships.models import Partnership, StatusChange
from partnerships.services import partnership_change_status
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, agreement_make
from tests.partnerships.factories import approved_backing_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(kindergarten_a, librarian):
    """An active agreement dated around today: two books out since a delivered swap,
    one packed swap and two planned swaps to come."""
    today = timezone.localdate()
    agreement = agreement_make(
        kindergarten=kindergarten_a,
        coordinator=librarian,
        start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=300),
    )
    delivered = SwapFactory(agreement=agreement, planned_date=today - timedelta(days=30))
    books = [ItemFactory(title=f"Bog {n}") for n in range(2)]
    services.swap_pack(swap=delivered, by=librarian, barcodes=[b.barcode for b in books])
    services.swap_deliver(swap=delivered, by=librarian, on=today - timedelta(days=30))
    packed = SwapFactory(agreement=agreement, planned_date=today + timedelta(days=3))
    packed_book = ItemFactory(title="Pakket bog")
    services.swap_pack(swap=packed, by=librarian, barcodes=[packed_book.barcode])
    planned = [
        SwapFactory(agreement=agreement, planned_date=today + timedelta(days=days))
        for days in (40, 80)
    ]
    return {
        "agreement": agreement,
        "books": books,
        "packed": packed,
        "packed_book": packed_book,
        "planned": planned,
        "today": today,
    }


def test_a_new_agreement_is_a_draft_idea_with_the_gains_of_its_type(kindergarten_a, librarian):
    agreement = agreement_make(kindergarten=kindergarten_a, coordinator=librarian, active=False)

    partnership = agreement.partnership
    assert agreement.status == DepotAgreement.Status.DRAFT
    assert partnership.status == Partnership.Status.IDEA
    assert partnership.status_changes.get().to_status == Partnership.Status.IDEA
    assert "børn" in partnership.library_gains
    assert "gratis" in partnership.partner_gains
    assert not DepotAgreement.objects.running().filter(pk=agreement.pk).exists()


def test_activation_goes_through_the_gate_and_is_recorded(kindergarten_a, librarian):
    agreement = agreement_make(kindergarten=kindergarten_a, coordinator=librarian, active=False)

    with pytest.raises(ValidationError) as refused:
        services.agreement_activate(agreement=agreement, by=librarian)
    assert refused.value.code == "activation_blocked"
    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.DRAFT

    approved_backing_create(agreement.partnership)  # a library manager approves
    services.agreement_activate(agreement=agreement, by=librarian)

    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.ACTIVE
    assert agreement.partnership.status == Partnership.Status.ACTIVE
    assert StatusChange.objects.filter(
        partnership=agreement.partnership, to_status="active", changed_by=librarian
    ).exists()


def test_the_agreement_page_shows_what_is_missing_and_the_activate_button_refuses(
    librarian_client, kindergarten_a, librarian
):
    agreement = agreement_make(kindergarten=kindergarten_a, coordinator=librarian, active=False)
    page = librarian_client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("kindergarten_depots:agreement_activate", args=[agreement.pk]) in page
    assert "✘" in page

    response = librarian_client.post(
        reverse("kindergarten_depots:agreement_activate", args=[agreement.pk]), follow=True
    )

    assert "Mangler" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.DRAFT


def test_the_form_prefills_the_gains_from_the_type(librarian_client):
    page = librarian_client.get(
        reverse("kindergarten_depots:agreement_create"), {"type": "library"}
    ).content.decode()

    assert "gratis" in page
    assert 'name="library_gains"' in page


def test_ending_the_partnership_cancels_future_swaps_and_plans_a_final_collection(
    running, librarian
):
    agreement, today = running["agreement"], running["today"]
    partnership_change_status(
        partnership=agreement.partnership,
        to_status=Partnership.Status.ENDED,
        by=librarian,
        note="Børnehaven lukker",
        on=today,
    )

    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.ENDED
    assert agreement.end_date == today
    future = agreement.swaps.filter(kind=Swap.Kind.SWAP, planned_date__gte=today)
    assert set(future.values_list("status", flat=True)) == {Swap.Status.CANCELLED}
    assert all(
        "Børnehaven lukker" in reason for reason in future.values_list("cancel_reason", flat=True)
    )
    assert Item.objects.get(pk=running["packed_book"].pk).status == Item.Status.AVAILABLE
    final = agreement.swaps.get(kind=Swap.Kind.FINAL_COLLECTION)
    assert final.status == Swap.Status.PLANNED
    assert final.planned_date >= today
    assert not final.can_be_packed()
    assert not agreement.is_complete()


def test_checking_in_the_final_collection_completes_the_agreement(running, librarian):
    agreement, today = running["agreement"], running["today"]
    services.agreement_end(agreement=agreement, on=today, reason="Slut", by=librarian)
    final = agreement.swaps.get(kind=Swap.Kind.FINAL_COLLECTION)

    counts = services.swap_check_in(
        swap=final, returned={book.barcode for book in running["books"]}, by=librarian
    )

    assert counts["returned"] == 2
    final.refresh_from_db()
    assert final.status == Swap.Status.COMPLETED
    assert not agreement.swaps.filter(status=Swap.Status.DELIVERED).exists()
    assert agreement.is_complete()
    assert {Item.objects.get(pk=b.pk).status for b in running["books"]} == {Item.Status.AVAILABLE}


def test_the_end_page_confirms_the_consequences_before_ending(librarian_client, running):
    agreement, today = running["agreement"], running["today"]
    url = reverse("kindergarten_depots:agreement_end", args=[agreement.pk])
    assert librarian_client.get(url).status_code == 200
    data = {"on": (today + timedelta(days=7)).isoformat(), "reason": "Flytter"}

    confirm = librarian_client.post(url, data).content.decode()

    assert "3 udskiftninger" in confirm  # the packed one and the two planned ones
    assert "2 bøger" in confirm
    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.ACTIVE

    response = librarian_client.post(url, {**data, "confirmed": "1"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.ENDED
    assert agreement.partnership.status == Partnership.Status.ENDED
    assert agreement.swaps.get(kind=Swap.Kind.FINAL_COLLECTION).original_date == today + timedelta(
        days=7
    )


def test_an_ended_agreement_is_not_regenerated_and_has_no_coming_swaps(running, librarian):
    agreement, today = running["agreement"], running["today"]
    services.agreement_end(agreement=agreement, on=today, reason="Slut", by=librarian)

    with pytest.raises(ValidationError) as refused:
        services.swap_generate(agreement=agreement)

    assert refused.value.code == "agreement_not_running"
    coming = Swap.objects.coming(today=today).filter(agreement=agreement)
    assert list(coming.values_list("kind", flat=True)) == [Swap.Kind.FINAL_COLLECTION]


def test_the_route_sheet_leaves_out_cancelled_swaps_and_shows_the_final_collection(
    librarian_client, running, librarian
):
    agreement, today = running["agreement"], running["today"]
    services.agreement_end(
        agreement=agreement, on=today + timedelta(days=3), reason="Slut", by=librarian
    )
    final = agreement.swaps.get(kind=Swap.Kind.FINAL_COLLECTION)
    packed_day = running["packed"].planned_date
    route = reverse("kindergarten_depots:route_sheet")

    on_final_day = librarian_client.get(route, {"date": final.planned_date.isoformat()})
    on_packed_day = librarian_client.get(route, {"date": packed_day.isoformat()})

    assert agreement.kindergarten.name in on_final_day.content.decode()
    if packed_day != final.planned_date:
        assert agreement.kindergarten.name not in on_packed_day.content.decode()


def test_pausing_holds_future_planned_swaps_and_resuming_plans_anew_from_today(running, librarian):
    agreement, today = running["agreement"], running["today"]

    services.agreement_pause(agreement=agreement, by=librarian, note="Ombygning")

    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.PAUSED
    assert agreement.partnership.status == Partnership.Status.PAUSED
    for swap in running["planned"]:
        swap.refresh_from_db()
        assert swap.status == Swap.Status.CANCELLED and swap.held
    assert not DepotAgreement.objects.running().filter(pk=agreement.pk).exists()

    services.agreement_resume(agreement=agreement, by=librarian)

    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.ACTIVE
    assert not agreement.swaps.filter(held=True).exists()
    coming = agreement.swaps.filter(status=Swap.Status.PLANNED, planned_date__gte=today)
    assert coming.exists()
    assert agreement.swaps.filter(planned_date__lt=today, status=Swap.Status.PLANNED).count() == 0


def test_only_a_paused_agreement_can_be_resumed(running, librarian):
    with pytest.raises(ValidationError) as refused:
        services.agreement_resume(agreement=running["agreement"], by=librarian)
    assert refused.value.code == "not_paused"


def test_ending_the_partnership_on_its_page_ends_the_agreement_on_that_day(running, librarian):
    from partnerships.services import partnership_end

    agreement, today = running["agreement"], running["today"]
    day = today + timedelta(days=14)

    partnership_end(
        partnership=agreement.partnership, by=librarian, end_date=day, skip_reason="Lukker"
    )

    agreement.refresh_from_db()
    assert agreement.status == DepotAgreement.Status.ENDED
    assert agreement.end_date == day == agreement.partnership.end_date
    assert agreement.swaps.get(kind=Swap.Kind.FINAL_COLLECTION).original_date == day


def test_the_data_migration_brings_agreement_and_partnership_into_one_status(
    kindergarten_a, kindergarten_b, librarian
):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kindergarten_depots.migrations.0007_agreement_follows_partnership")
    ended = agreement_make(kindergarten=kindergarten_a, coordinator=librarian)
    draft = agreement_make(kindergarten=kindergarten_b, coordinator=librarian)
    # Before: the agreement's own status was edited apart from its active partnership.
    DepotAgreement.objects.filter(pk=ended.pk).update(status="ended")
    DepotAgreement.objects.filter(pk=draft.pk).update(status="draft")

    migration.statuses_in_step(apps, None)

    ended.partnership.refresh_from_db()
    draft.partnership.refresh_from_db()
    assert ended.partnership.status == Partnership.Status.ENDED
    assert draft.partnership.status == Partnership.Status.NEGOTIATING
    assert ended.partnership.status_changes.filter(to_status="ended").exists()


def test_the_partnership_form_leaves_a_depots_period_to_its_agreement(librarian_client, agreement):
    from tests.partnerships.helpers import partnership_form_data

    partnership = agreement.partnership
    url = reverse("partnerships:partnership_update", args=[partnership.pk])
    data = partnership_form_data(partnership, end_date="2040-01-01", title="Nyt navn")

    response = librarian_client.post(url, data)

    assert response.status_code == 302
    partnership.refresh_from_db()
    agreement.refresh_from_db()
    assert partnership.title == "Nyt navn"
    assert partnership.end_date == agreement.end_date != date(2040, 1, 1)
    assert "Ret den på depotaftalen." in librarian_client.get(url).content.decode()
