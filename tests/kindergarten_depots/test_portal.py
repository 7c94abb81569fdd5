"""The kindergarten portal: what staff see and do, and what librarians then see."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from kindergarten_depots import services
from kindergarten_depots.models import CalendarFeed, LossReport, Swap, Wish
from partnerships.models import JournalEntry
from tests.accounts.factories import UserFactory
from tests.kindergarten_depots.assertions import error_codes, error_messages
from tests.kindergarten_depots.conftest import depot_world
from tests.kindergarten_depots.factories import ItemFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOME = reverse("kindergarten_depots:portal_home")
WISHES = reverse("kindergarten_depots:portal_wishes")
REPORT = reverse("kindergarten_depots:portal_loss_report")
MESSAGE = reverse("kindergarten_depots:portal_message")
CALENDAR = reverse("kindergarten_depots:portal_calendar")
PORTAL_PAGES = [HOME, WISHES, REPORT, MESSAGE, CALENDAR]


# --- who gets in ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona_client, expected",
    [
        ("anonymous", 302),
        ("librarian", 403),
        ("partner_member", 403),
        ("staff_a", 200),
        ("staff_b", 200),
        ("judge", 403),
        ("admin", 403),
    ],
    indirect=["persona_client"],
)
@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_only_kindergarten_staff_open_the_portal(persona_client, expected, url):
    assert persona_client.get(url).status_code == expected


@pytest.mark.parametrize(
    "name",
    ["kindergarten_depots:portal_wish_withdraw", "kindergarten_depots:portal_swap_receipt_confirm"],
)
def test_portal_actions_reject_get(staff_a_client, world_a, name):
    obj = world_a["wish"] if "wish" in name else world_a["delivered"]
    assert staff_a_client.get(reverse(name, args=[obj.pk])).status_code == 405


def test_deactivated_staff_cannot_open_the_portal(staff_a, staff_a_client):
    staff_a.is_active = False
    staff_a.save()
    assert staff_a_client.get(HOME).status_code == 302


# --- home -----------------------------------------------------------------------------------


def test_home_shows_current_books_next_swap_agreement_and_history(staff_a_client, world_a):
    response = staff_a_client.get(HOME)
    page = response.content.decode()
    for item in world_a["items"]:
        assert item.title in page
    assert item.author in page
    assert "3–4 år" in page
    assert response.context["next_swap"] == world_a["next_swap"]
    assert response.context["days_left"] == 10
    assert "Om 10 dage" in page
    assert "læg bøgerne i kassen" in page.lower() or "i kassen" in page
    assert "Børnehavedepot" in page
    assert world_a["agreement"].partnership.coordinator.email in page
    assert response.context["past_swaps"] == [world_a["delivered"]]
    assert response.context["to_confirm"] == [world_a["delivered"]]
    assert "Alfa ønske om dinosaurer" in page
    assert "Beta" not in page


def test_home_for_a_kindergarten_without_an_agreement_says_so(staff_a_client):
    response = staff_a_client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ingen aftale om børnehavedepot" in page
    assert response.context["agreement"] is None
    assert response.context["next_swap"] is None


def test_home_ignores_draft_agreements(staff_a_client, world_a):
    world_a["agreement"].status = "draft"
    world_a["agreement"].save()
    assert staff_a_client.get(HOME).context["agreement"] is None


@pytest.mark.parametrize("books", [2, 12])
def test_home_query_count_does_not_grow_with_the_books(
    staff_a_client, kindergarten_a, librarian, django_assert_max_num_queries, books
):
    world = depot_world(
        kindergarten=kindergarten_a, coordinator=librarian, label="Alfa", books=books
    )
    for _ in range(books):
        Swap.objects.create(
            agreement=world["agreement"],
            planned_date=timezone.localdate() - timedelta(days=400),
            original_date=timezone.localdate() - timedelta(days=400),
            status=Swap.Status.COMPLETED,
        )
    with django_assert_max_num_queries(17):
        response = staff_a_client.get(HOME)
    assert response.status_code == 200
    assert len(response.context["loans"]) == books


# --- wishes ---------------------------------------------------------------------------------


def test_staff_add_a_wish_that_shows_on_the_librarians_packing_screen(
    staff_a, staff_a_client, librarian_client, world_a
):
    theme = ThemeFactory(name="Følelser")
    response = staff_a_client.post(
        WISHES, {"theme": theme.pk, "age_group": "0-2", "text": "Flere pegebøger"}
    )
    assert response.status_code == 302
    wish = Wish.objects.get(text="Flere pegebøger")
    assert wish.agreement == world_a["agreement"]
    assert wish.created_by == staff_a
    packing = librarian_client.get(
        reverse("kindergarten_depots:swap_detail", args=[world_a["next_swap"].pk])
    )
    assert "Flere pegebøger" in packing.content.decode()
    assert wish in packing.context["wishes"]


def test_an_empty_wish_is_refused_and_nothing_is_saved(staff_a_client, world_a):
    before = Wish.objects.count()
    response = staff_a_client.post(WISHES, {"theme": "", "age_group": "", "text": "   "})
    assert response.status_code == 200
    assert error_codes(response.context["form"]) == ["wish_empty"]
    assert Wish.objects.count() == before


def test_a_forged_theme_is_refused_and_the_text_is_kept(staff_a_client, world_a):
    before = Wish.objects.count()
    response = staff_a_client.post(WISHES, {"theme": "999999", "text": "Bøger om rummet"})
    assert response.status_code == 200
    assert "Bøger om rummet" in response.content.decode()
    assert response.context["form"].errors["theme"]
    assert Wish.objects.count() == before


def test_without_an_agreement_a_wish_cannot_be_posted(staff_a_client):
    assert staff_a_client.post(WISHES, {"text": "Noget"}).status_code == 404
    assert not Wish.objects.exists()


def test_no_wishes_for_an_ended_agreement(staff_a_client, world_a):
    world_a["agreement"].status = "ended"
    world_a["agreement"].save()
    before = Wish.objects.count()
    assert staff_a_client.get(WISHES).context["agreement"] is None
    assert staff_a_client.post(WISHES, {"text": "Noget"}).status_code == 404
    assert Wish.objects.count() == before


def test_staff_withdraw_an_open_wish(staff_a, staff_a_client, world_a):
    wish = world_a["wish"]
    url = reverse("kindergarten_depots:portal_wish_withdraw", args=[wish.pk])
    assert staff_a_client.post(url).status_code == 302
    wish.refresh_from_db()
    assert wish.status == Wish.Status.WITHDRAWN
    assert wish.withdrawn_by == staff_a
    assert wish.withdrawn_at is not None
    again = staff_a_client.post(url, follow=True)
    assert len(error_messages(again)) == 1
    wish.refresh_from_db()
    assert wish.status == Wish.Status.WITHDRAWN


def test_staff_cannot_withdraw_another_kindergartens_wish(staff_a_client, world_a, world_b):
    url = reverse("kindergarten_depots:portal_wish_withdraw", args=[world_b["wish"].pk])
    assert staff_a_client.post(url).status_code == 404
    world_b["wish"].refresh_from_db()
    assert world_b["wish"].status == Wish.Status.OPEN


# --- loss reports ---------------------------------------------------------------------------


def test_the_report_page_says_it_never_costs_anything(staff_a_client, world_a):
    page = staff_a_client.get(REPORT).content.decode()
    assert "Det koster jer aldrig noget" in page


def test_staff_report_a_damaged_book_and_the_librarian_sees_it_on_check_in(
    staff_a, staff_a_client, librarian, librarian_client, world_a
):
    loan = world_a["loans"][1]
    response = staff_a_client.post(
        REPORT, {"loan": loan.pk, "kind": "damaged", "description": "Spildt saft på"}
    )
    assert response.status_code == 302
    report = LossReport.objects.get(loan=loan)
    assert report.kind == "damaged"
    assert report.reported_by == staff_a
    # The next swap arrives; the librarian checks in the books that came back with it.
    next_swap = world_a["next_swap"]
    services.swap_pack(swap=next_swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=next_swap, by=librarian)
    check_in = librarian_client.get(
        reverse("kindergarten_depots:swap_check_in", args=[world_a["next_swap"].pk])
    )
    page = check_in.content.decode()
    assert "Spildt saft på" in page
    assert loan.item.barcode in check_in.context["form"].initial["damaged"]


def test_reporting_a_book_of_another_kindergarten_is_refused(staff_a_client, world_a, world_b):
    before = LossReport.objects.count()
    response = staff_a_client.post(
        REPORT, {"loan": world_b["loans"][1].pk, "kind": "lost", "description": "Væk"}
    )
    assert response.status_code == 200
    assert "Vælg en af de bøger, jeres børnehave har nu." in response.content.decode()
    assert "Væk" in response.content.decode()
    assert LossReport.objects.count() == before


def test_reporting_a_book_that_has_come_back_is_refused(staff_a_client, world_a):
    loan = world_a["loans"][1]
    loan.returned_on = timezone.localdate()
    loan.return_state = "returned"
    loan.save()
    before = LossReport.objects.count()
    response = staff_a_client.post(REPORT, {"loan": loan.pk, "kind": "lost"})
    assert response.status_code == 200
    assert LossReport.objects.count() == before


def test_a_report_without_what_happened_is_refused(staff_a_client, world_a):
    before = LossReport.objects.count()
    response = staff_a_client.post(REPORT, {"loan": world_a["loans"][1].pk, "kind": ""})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert LossReport.objects.count() == before


# --- receipt --------------------------------------------------------------------------------


def test_staff_confirm_receipt_and_the_librarian_sees_who_and_when(
    staff_a, staff_a_client, librarian_client, world_a
):
    swap = world_a["delivered"]
    url = reverse("kindergarten_depots:portal_swap_receipt_confirm", args=[swap.pk])
    assert staff_a_client.post(url).status_code == 302
    swap.refresh_from_db()
    assert swap.received_by == staff_a
    assert swap.received_at is not None
    page = librarian_client.get(swap.get_absolute_url()).content.decode()
    assert "Modtagelse bekræftet" in page
    assert staff_a.full_name in page
    again = staff_a_client.post(url, follow=True)
    assert len(error_messages(again)) == 1


def test_a_planned_swap_cannot_be_confirmed_received(staff_a_client, world_a):
    swap = world_a["next_swap"]
    url = reverse("kindergarten_depots:portal_swap_receipt_confirm", args=[swap.pk])
    response = staff_a_client.post(url, follow=True)
    assert len(error_messages(response)) == 1
    swap.refresh_from_db()
    assert swap.received_at is None


def test_staff_cannot_confirm_another_kindergartens_delivery(staff_a_client, world_a, world_b):
    swap = world_b["delivered"]
    url = reverse("kindergarten_depots:portal_swap_receipt_confirm", args=[swap.pk])
    assert staff_a_client.post(url).status_code == 404
    swap.refresh_from_db()
    assert swap.received_at is None


# --- message the library --------------------------------------------------------------------


def test_a_message_lands_in_the_journal_and_emails_the_contact_librarian(
    staff_a, staff_a_client, librarian, world_a
):
    mail.outbox.clear()
    response = staff_a_client.post(MESSAGE, {"text": "Kan I komme en time senere på tirsdag?"})
    assert response.status_code == 302
    entry = JournalEntry.objects.get(partnership=world_a["partnership"])
    assert entry.kind == JournalEntry.Kind.NOTE
    assert entry.author == staff_a
    assert entry.text == "Kan I komme en time senere på tirsdag?"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [librarian.email]
    assert "Børnehaven A" in message.subject
    assert "Kan I komme en time senere på tirsdag?" in message.body
    assert staff_a.email in message.body


def test_an_empty_message_is_refused_and_nothing_is_sent(staff_a_client, world_a):
    mail.outbox.clear()
    response = staff_a_client.post(MESSAGE, {"text": "  "})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not JournalEntry.objects.exists()
    assert not mail.outbox


def test_without_an_agreement_the_message_page_shows_the_library_contact(staff_a_client):
    response = staff_a_client.get(MESSAGE)
    assert response.status_code == 200
    assert response.context["agreement"] is None
    assert staff_a_client.post(MESSAGE, {"text": "Hej"}).status_code == 404


# --- calendar -------------------------------------------------------------------------------


def test_the_calendar_page_gives_the_kindergartens_own_feed(
    staff_a_client, kindergarten_a, world_a
):
    response = staff_a_client.get(CALENDAR)
    feed = CalendarFeed.objects.get(kindergarten=kindergarten_a)
    assert feed.token in response.context["feed_url"]
    assert response.context["webcal_url"].startswith("webcal://")
    assert "iPhone" in response.content.decode()
    assert staff_a_client.get(CALENDAR).context["feed_url"] == response.context["feed_url"]
    ics = staff_a_client.get(feed.get_absolute_url()).content.decode()
    assert "BEGIN:VEVENT" in ics


# --- reminders ------------------------------------------------------------------------------


def test_the_swap_reminder_goes_to_the_contact_and_each_active_staff_user_once(
    staff_a, kindergarten_a, world_a
):
    from kindergarten_depots.reminders import send_due_reminders

    colleague = UserFactory(partner=kindergarten_a, roles=[Role.KINDERGARTEN_STAFF])
    UserFactory(partner=kindergarten_a, roles=[Role.KINDERGARTEN_STAFF], is_active=False)
    kindergarten_a.email = "kontor@boernehaven-a.dk"
    kindergarten_a.save()
    mail.outbox.clear()
    day = world_a["next_swap"].planned_date - timedelta(days=3)
    send_due_reminders(today=day)
    reminded = sorted(
        message.to[0]
        for message in mail.outbox
        if "have the depot" in message.subject or "nye bøger" in message.subject.lower()
    )
    assert reminded == sorted(["kontor@boernehaven-a.dk", staff_a.email, colleague.email])
    mail.outbox.clear()
    send_due_reminders(today=day + timedelta(days=1))
    assert not [m for m in mail.outbox if m.to[0] in reminded]


# --- scoped querysets -----------------------------------------------------------------------


@pytest.mark.parametrize("model", ["DepotAgreement", "Swap", "Loan", "Wish"])
def test_visible_to_gives_staff_only_their_own_kindergarten(
    model, staff_a, librarian, partner_member, judge, world_a, world_b
):
    from kindergarten_depots import models

    manager = getattr(models, model).objects
    own = manager.visible_to(staff_a)
    assert own.exists()
    kindergartens = {
        obj.kindergarten_id if model == "DepotAgreement" else obj.agreement.kindergarten_id
        for obj in own
    }
    assert kindergartens == {world_a["kindergarten"].pk}
    assert manager.visible_to(librarian).count() == manager.count()
    assert not manager.visible_to(partner_member).exists()
    assert not manager.visible_to(judge).exists()
