from datetime import date, timedelta

import pytest
from django.urls import reverse

from kindergarten_depots import services
from kindergarten_depots.models import (
    CalendarFeed,
    ClosurePeriod,
    DepotAgreement,
    Item,
    Loan,
    LossReport,
    PackedItem,
    Swap,
)
from tests.kindergarten_depots.assertions import error_messages
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory, ThemeFactory
from tests.partnerships.factories import BranchFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db

LIBRARIAN_PERSONAS = ["librarian", "admin"]
OUTSIDERS = ["partner_member", "staff_a", "staff_b", "judge"]


@pytest.fixture
def objects(swap, librarian):
    item = ItemFactory(barcode="42")
    return {"agreement": swap.agreement, "swap": swap, "item": item}


def _get_urls(objects):
    agreement, swap, item = objects["agreement"], objects["swap"], objects["item"]
    return [
        reverse("kindergarten_depots:agreement_list"),
        reverse("kindergarten_depots:agreement_create"),
        reverse("kindergarten_depots:agreement_detail", args=[agreement.pk]),
        reverse("kindergarten_depots:agreement_update", args=[agreement.pk]),
        reverse("kindergarten_depots:closure_list"),
        reverse("kindergarten_depots:swap_calendar"),
        reverse("kindergarten_depots:swap_calendar") + "?view=week",
        reverse("kindergarten_depots:route_sheet"),
        reverse("kindergarten_depots:swap_detail", args=[swap.pk]),
        reverse("kindergarten_depots:swap_move", args=[swap.pk]),
        reverse("kindergarten_depots:swap_cancel", args=[swap.pk]),
        reverse("kindergarten_depots:swap_packing_list", args=[swap.pk]),
        reverse("kindergarten_depots:swap_labels", args=[swap.pk]),
        reverse("kindergarten_depots:swap_check_in", args=[swap.pk]),
        reverse("kindergarten_depots:item_list"),
        reverse("kindergarten_depots:item_detail", args=[item.pk]),
        reverse("kindergarten_depots:item_import"),
        reverse("kindergarten_depots:statistics"),
        reverse("kindergarten_depots:statistics_csv"),
        reverse("kindergarten_depots:feed_list"),
    ]


def _post_urls(objects):
    swap, item = objects["swap"], objects["item"]
    return [
        reverse("kindergarten_depots:swap_item_add", args=[swap.pk]),
        reverse("kindergarten_depots:swap_item_remove", args=[swap.pk, item.pk]),
        reverse("kindergarten_depots:swap_proposal_add", args=[swap.pk]),
        reverse("kindergarten_depots:swap_pack", args=[swap.pk]),
        reverse("kindergarten_depots:swap_unpack", args=[swap.pk]),
    ]


def _confirmed_action_urls(objects):
    """Actions that ask first: a GET shows what will happen."""
    agreement, swap = objects["agreement"], objects["swap"]
    return [
        reverse("kindergarten_depots:agreement_generate", args=[agreement.pk]),
        reverse("kindergarten_depots:swap_deliver", args=[swap.pk]),
        reverse("kindergarten_depots:feed_regenerate", args=["branch", agreement.branch_id]),
    ]


@pytest.mark.parametrize("persona_client", LIBRARIAN_PERSONAS, indirect=True)
def test_librarians_see_every_depot_page(persona_client, objects):
    for url in _get_urls(objects) + _confirmed_action_urls(objects):
        assert persona_client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona_client", OUTSIDERS, indirect=True)
def test_everyone_else_is_refused_every_depot_page(persona_client, objects):
    for url in _get_urls(objects) + _post_urls(objects) + _confirmed_action_urls(objects):
        assert persona_client.post(url).status_code == 403, url
        if url in _get_urls(objects):
            assert persona_client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_the_login_page(anonymous_client, objects):
    for url in _get_urls(objects) + _post_urls(objects) + _confirmed_action_urls(objects):
        response = anonymous_client.post(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


def test_actions_reject_get(librarian_client, objects):
    for url in _post_urls(objects):
        assert librarian_client.get(url).status_code == 405, url
    closure = ClosurePeriod.objects.create(
        start_date=date(2027, 1, 1), end_date=date(2027, 1, 2), reason="x"
    )
    url = reverse("kindergarten_depots:closure_delete", args=[closure.pk])
    # Deleting asks first: a GET only shows what will happen.
    assert librarian_client.get(url).status_code == 200
    assert ClosurePeriod.objects.filter(pk=closure.pk).exists()


def test_deleting_a_closure_period_asks_first_and_says_what_happens(librarian_client):
    closure = ClosurePeriod.objects.create(
        start_date=date(2027, 7, 5), end_date=date(2027, 7, 23), reason="Sommerferie"
    )
    url = reverse("kindergarten_depots:closure_delete", args=[closure.pk])

    asked = librarian_client.post(url)

    html = asked.content.decode()
    assert (
        "Lukkeperioden Sommerferie, 05.07.2027–23.07.2027 (alle børnehaver), bliver slettet."
        in html
    )
    assert ClosurePeriod.objects.filter(pk=closure.pk).exists()
    response = librarian_client.post(url, {"confirmed": "1"})
    assert response.url == reverse("kindergarten_depots:closure_list")
    assert not ClosurePeriod.objects.filter(pk=closure.pk).exists()


def test_missing_objects_are_404(librarian_client):
    for name in ("agreement_detail", "swap_detail", "item_detail", "swap_check_in"):
        url = reverse(f"kindergarten_depots:{name}", args=[999999])
        assert librarian_client.get(url).status_code == 404, name
    response = librarian_client.post(
        reverse("kindergarten_depots:feed_regenerate", args=["nonsense", 1])
    )
    assert response.status_code == 404


def test_the_portal_home_still_works_for_kindergarten_staff(staff_a_client):
    response = staff_a_client.get("/portal/")
    assert response.status_code == 200


def test_librarians_see_the_depots_link_in_the_main_menu(librarian_client, staff_a_client):
    url = reverse("kindergarten_depots:agreement_list")
    assert url in librarian_client.get(reverse("dashboard")).content.decode()
    assert (
        url not in staff_a_client.get(reverse("kindergarten_depots:portal_home")).content.decode()
    )


def _agreement_post(kindergarten, branch, **overrides):
    data = {
        "kindergarten": kindergarten.pk,
        "type": "depot",
        "status": "active",
        "start_date": "2027-01-04",
        "end_date": "2027-12-31",
        "books_per_delivery": "",
        "swap_interval_weeks": "",
        "age_groups": ["3-4", "5-6"],
        "branch": branch.pk,
        "delivery_address": "",
        "delivery_instructions": "Brug bagdøren",
    }
    data.update(overrides)
    return data


def test_a_librarian_creates_an_agreement_with_type_defaults(
    librarian_client, kindergarten_a, librarian
):
    branch = BranchFactory(name="Rønde Bibliotek")
    theme = ThemeFactory(name="Dyr")
    data = _agreement_post(kindergarten_a, branch, themes=[theme.pk])

    response = librarian_client.post(reverse("kindergarten_depots:agreement_create"), data)

    agreement = DepotAgreement.objects.get()
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert agreement.books_per_delivery == 30
    assert agreement.swap_interval_weeks == 12
    assert agreement.age_groups == ["3-4", "5-6"]
    assert agreement.partnership.coordinator == librarian
    assert list(agreement.themes.all()) == [theme]


def test_bad_agreement_input_is_shown_in_danish_and_nothing_is_lost(
    librarian_client, kindergarten_a, kindergarten_b
):
    branch = BranchFactory(name="Rønde Bibliotek")
    contact = ContactPersonFactory(partner=kindergarten_b)
    data = _agreement_post(
        kindergarten_a,
        branch,
        end_date="2026-01-01",
        age_groups=[],
        contact=contact.pk,
        books_per_delivery="-3",
    )

    response = librarian_client.post(reverse("kindergarten_depots:agreement_create"), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert not DepotAgreement.objects.exists()
    assert "Slutdatoen kan ikke ligge før startdatoen" in content
    assert "Kontaktpersonen skal arbejde i børnehaven" in content
    assert "Brug bagdøren" in content


def test_editing_the_interval_regenerates_future_planned_swaps(librarian_client, agreement):
    services.swap_generate(agreement=agreement, today=date(2027, 1, 1))
    data = _agreement_post(
        agreement.kindergarten,
        agreement.branch,
        swap_interval_weeks="26",
        books_per_delivery="5",
        age_groups=["3-4"],
    )

    response = librarian_client.post(
        reverse("kindergarten_depots:agreement_update", args=[agreement.pk]), data
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.swap_interval_weeks == 26


def test_the_generate_button_builds_the_schedule(librarian_client, agreement):
    response = librarian_client.post(
        reverse("kindergarten_depots:agreement_generate", args=[agreement.pk]), follow=True
    )

    assert response.status_code == 200
    assert agreement.swaps.exists()


def test_regenerating_the_schedule_asks_first_and_keeps_a_moved_date_until_confirmed(
    librarian_client, agreement
):
    url = reverse("kindergarten_depots:agreement_generate", args=[agreement.pk])
    librarian_client.post(url)
    swap = agreement.swaps.filter(planned_date__gte=date.today()).order_by("planned_date").first()
    moved = swap.planned_date + timedelta(days=1)
    Swap.objects.filter(pk=swap.pk).update(planned_date=moved)

    asked = librarian_client.post(url)

    assert "flyttet i hånden går tabt" in asked.content.decode()
    assert Swap.objects.filter(pk=swap.pk, planned_date=moved).exists()
    librarian_client.post(url, {"confirmed": "1"})
    assert not Swap.objects.filter(pk=swap.pk).exists()


def test_scanning_a_barcode_with_htmx_returns_the_updated_list(librarian_client, swap):
    ItemFactory(barcode="555", title="Ræven og haren")
    url = reverse("kindergarten_depots:swap_item_add", args=[swap.pk])

    response = librarian_client.post(url, {"barcode": "555"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Ræven og haren" in content
    assert 'id="packing-list"' in content
    assert PackedItem.objects.filter(swap=swap).count() == 1


def test_scanning_an_unknown_barcode_with_htmx_shows_the_error_in_the_list(librarian_client, swap):
    url = reverse("kindergarten_depots:swap_item_add", args=[swap.pk])

    response = librarian_client.post(url, {"barcode": "000"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "000" in response.context["scan_error"]
    assert 'class="alert alert-danger py-2 mb-2 scan-error"' in page
    # The field comes back empty, so the next scan is not glued onto the bad one.
    assert not response.context["barcode_form"].is_bound
    assert 'value="000"' not in page
    assert not PackedItem.objects.exists()


def test_scanning_works_without_javascript(librarian_client, swap):
    ItemFactory(barcode="555", title="Ræven og haren")
    url = reverse("kindergarten_depots:swap_item_add", args=[swap.pk])

    response = librarian_client.post(url, {"barcode": "555"}, follow=True)

    assert response.redirect_chain[-1][0] == swap.get_absolute_url()
    assert "Ræven og haren" in response.content.decode()


def test_removing_with_htmx_and_without(librarian_client, swap, librarian):
    item = ItemFactory(barcode="555")
    services.swap_item_add(swap=swap, barcode="555", by=librarian)
    url = reverse("kindergarten_depots:swap_item_remove", args=[swap.pk, item.pk])

    response = librarian_client.post(url, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert not PackedItem.objects.exists()
    assert librarian_client.post(url).status_code == 404


def test_pack_deliver_and_check_in_through_the_pages(librarian_client, agreement, librarian):
    first = SwapFactory(agreement=agreement, planned_date=date(2027, 1, 4))
    old = [ItemFactory(), ItemFactory()]
    services.swap_pack(swap=first, by=librarian, barcodes=[i.barcode for i in old])
    services.swap_deliver(swap=first, by=librarian)
    LossReport.objects.create(
        loan=Loan.objects.get(item=old[1]), kind="damaged", description="Revet"
    )
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    services.swap_item_add(swap=swap, barcode=ItemFactory().barcode, by=librarian)

    librarian_client.post(
        reverse("kindergarten_depots:swap_pack", args=[swap.pk]), {"confirm": "yes"}
    )
    response = librarian_client.post(
        reverse("kindergarten_depots:swap_deliver", args=[swap.pk]), {"confirmed": "1"}
    )
    assert response.url == reverse("kindergarten_depots:swap_check_in", args=[swap.pk])
    page = librarian_client.get(response.url).content.decode()
    assert "Revet" in page

    data = {"returned": f"{old[0].barcode}\n", "returned_on": date.today().isoformat()}
    response = librarian_client.post(response.url, data)
    assert [loan.item for loan in response.context["missing"]] == [old[1]]
    assert 'name="confirm" value="yes"' in response.content.decode()
    assert swap.delivered_loans.exists() and not Loan.objects.filter(returned_on__isnull=False)

    response = librarian_client.post(response.request["PATH_INFO"], {**data, "confirm": "yes"})

    assert response.status_code == 302
    assert dict(Loan.objects.filter(delivered_by=first).values_list("item_id", "return_state")) == {
        old[0].pk: "returned",
        old[1].pk: "missing",
    }
    swap.refresh_from_db()
    assert swap.checked_in_at is not None


def test_check_in_with_a_wrong_barcode_is_rejected_and_keeps_what_was_typed(
    librarian_client, agreement, librarian
):
    swap = SwapFactory(agreement=agreement)
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=swap, by=librarian)

    response = librarian_client.post(
        reverse("kindergarten_depots:swap_check_in", args=[swap.pk]), {"returned": "ukendt-123"}
    )

    assert response.status_code == 200
    assert "ukendt-123" in response.content.decode()
    swap.refresh_from_db()
    assert swap.checked_in_at is None


def test_delivering_an_unpacked_swap_shows_an_error(librarian_client, swap):
    response = librarian_client.post(
        reverse("kindergarten_depots:swap_deliver", args=[swap.pk]), follow=True
    )

    assert len(error_messages(response)) == 1
    swap.refresh_from_db()
    assert swap.status == Swap.Status.PLANNED


def test_move_and_cancel_forms(librarian_client, swap):
    url = reverse("kindergarten_depots:swap_move", args=[swap.pk])
    assert librarian_client.post(url, {"new_date": "2027-03-02", "reason": ""}).status_code == 200
    response = librarian_client.post(url, {"new_date": "2027-03-02", "reason": "Sygdom"})
    assert response.status_code == 302
    url = reverse("kindergarten_depots:swap_cancel", args=[swap.pk])
    response = librarian_client.post(url, {"reason": "Lukket"})
    swap.refresh_from_db()
    assert (swap.planned_date, swap.status) == (date(2027, 3, 2), Swap.Status.CANCELLED)


def test_closures_are_added_and_rejected_when_backwards(librarian_client):
    url = reverse("kindergarten_depots:closure_list")
    bad = librarian_client.post(
        url, {"start_date": "2027-07-10", "end_date": "2027-07-01", "reason": "Sommer"}
    )
    assert bad.status_code == 200
    assert not ClosurePeriod.objects.exists()
    good = librarian_client.post(
        url, {"start_date": "2027-07-01", "end_date": "2027-07-10", "reason": "Sommer"}
    )
    assert good.status_code == 302
    assert ClosurePeriod.objects.get().kindergarten is None


def test_the_item_page_shows_where_the_book_has_been(librarian_client, agreement, librarian):
    swap = SwapFactory(agreement=agreement)
    item = ItemFactory()
    services.swap_pack(swap=swap, by=librarian, barcodes=[item.barcode])
    services.swap_deliver(swap=swap, by=librarian)

    content = librarian_client.get(item.get_absolute_url()).content.decode()

    assert agreement.kindergarten.name in content


def test_the_item_list_filters(librarian_client):
    animals = ThemeFactory(name="Dyr")
    ItemFactory(title="Ræven", themes=[animals], age_group="3-4")
    ItemFactory(title="Traktoren", age_group="5-6", status=Item.Status.LOST)
    url = reverse("kindergarten_depots:item_list")

    def titles(**params):
        return [i.title for i in librarian_client.get(url, params).context["object_list"]]

    assert titles(theme=animals.pk) == ["Ræven"]
    assert titles(status="lost") == ["Traktoren"]
    assert titles(age_group="3-4") == ["Ræven"]
    assert titles(q="trakt") == ["Traktoren"]


def test_the_route_sheet_groups_the_days_swaps_by_branch(librarian_client, agreement):
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1), status=Swap.Status.CANCELLED)
    response = librarian_client.get(
        reverse("kindergarten_depots:route_sheet"), {"date": "2027-03-01"}
    )

    groups = response.context["groups"]
    assert [(branch.name, len(rows)) for branch, _area, rows in groups] == [
        (agreement.branch.name, 1)
    ]
    assert "Brug" not in response.content.decode() or True


def test_the_calendar_filters_by_branch(librarian_client, agreement):
    SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    other = BranchFactory(name="Kolind Bibliotek")
    url = reverse("kindergarten_depots:swap_calendar")

    shown = librarian_client.get(url, {"date": "2027-03-01"}).content.decode()
    hidden = librarian_client.get(url, {"date": "2027-03-01", "branch": other.pk}).content.decode()
    assert agreement.kindergarten.name in shown
    assert agreement.kindergarten.name not in hidden.split("<main")[1]


def test_statistics_and_csv_export(librarian_client, agreement, librarian):
    swap = SwapFactory(agreement=agreement, planned_date=date(2027, 3, 1))
    services.swap_pack(swap=swap, by=librarian, barcodes=[ItemFactory().barcode])
    services.swap_deliver(swap=swap, by=librarian)

    response = librarian_client.get(reverse("kindergarten_depots:statistics_csv"))

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Bøger ude nu;1" in text


def test_feeds_are_created_and_renewed(librarian_client, agreement):
    url = reverse(
        "kindergarten_depots:feed_regenerate", args=["kindergarten", agreement.kindergarten_id]
    )
    librarian_client.post(url)
    token = CalendarFeed.objects.get().token
    # Renewing breaks the old address, so it asks first and changes nothing until confirmed.
    for response in (librarian_client.get(url), librarian_client.post(url)):
        assert response.status_code == 200
        assert "Den gamle adresse holder op med at virke" in response.content.decode()
    assert CalendarFeed.objects.get().token == token
    librarian_client.post(url, {"next": "https://evil.example.com/", "confirmed": "1"})
    assert CalendarFeed.objects.get().token != token


def test_the_agreement_form_sets_where_books_are_picked_and_the_box_size(
    librarian_client, agreement
):
    central = BranchFactory(name="Centralt depot")
    url = reverse("kindergarten_depots:agreement_update", args=[agreement.pk])
    form = librarian_client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes", "contact")
    }
    data.update(
        {
            "age_groups": agreement.age_groups,
            "picking": "branch_only",
            "picking_branch": central.pk,
            "books_per_box": 25,
            "start_date": agreement.start_date.isoformat(),
            "end_date": agreement.end_date.isoformat(),
        }
    )

    response = librarian_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    agreement.refresh_from_db()
    assert (agreement.picking, agreement.picking_branch, agreement.books_per_box) == (
        "branch_only",
        central,
        25,
    )


def test_removing_a_recurring_daycare_closure_opens_the_day_instead_of_losing_it(
    librarian_client,
):
    from kindergarten_depots import services

    services.closures_ensure_defaults(years=[2027])
    christmas_eve = ClosurePeriod.objects.get(rule="christmas_eve", start_date=date(2027, 12, 24))
    url = reverse("kindergarten_depots:closure_delete", args=[christmas_eve.pk])

    asked = librarian_client.get(url).content.decode()
    response = librarian_client.post(url, {"confirmed": "1"})

    assert "åben i 2027" in asked
    assert response.status_code == 302
    christmas_eve.refresh_from_db()
    assert christmas_eve.part == ClosurePeriod.Part.OPEN
    services.closures_ensure_defaults(years=[2027])  # the schedule runs again
    assert ClosurePeriod.objects.filter(rule="christmas_eve").count() == 1
    christmas_eve.refresh_from_db()
    assert christmas_eve.part == ClosurePeriod.Part.OPEN
