"""Partners and people are chosen with search-as-you-type pickers, not huge <select>s."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from partnerships.models import Partnership, PartnershipMember
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory, SchoolFactory
from tests.partnerships.helpers import partnership_form_data
from toolkit import search_select

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:partnership_list")


def _titles(response):
    return {p.title for p in response.context["object_list"]}


def test_the_partnership_list_renders_no_option_per_partner_or_coordinator(librarian_client):
    for n in range(30):
        PartnershipFactory(title=f"P{n}", partners=[SchoolFactory(name=f"Skole {n}")])

    page = librarian_client.get(LIST).content.decode()

    assert "Skole 7" not in page
    assert page.count("<option") < 20  # kind and status only
    assert f'data-search-url="{reverse("partnerships:partner_lookup")}"' in page
    assert f'data-search-url="{reverse("partnerships:coordinator_lookup")}"' in page


@pytest.mark.parametrize("listed", [2000, 1])
def test_the_partner_filter_takes_the_pickers_id_or_a_typed_name(
    librarian_client, monkeypatch, listed
):
    # With more matches than a query lists by id, the filter matches by subquery.
    monkeypatch.setattr(search_select, "MATCHES_LISTED", listed)
    rønde = SchoolFactory(name="Rønde Skole")
    PartnershipFactory(title="Læsebånd", partners=[rønde, SchoolFactory(name="Rønde Friskole")])
    PartnershipFactory(title="Friskolens bogklub", partners=[SchoolFactory(name="Rønde Friskole")])
    PartnershipFactory(title="Ebeltoft", partners=[SchoolFactory(name="Ebeltoft Skole")])

    by_id = librarian_client.get(LIST, {"partner": rønde.pk})
    by_name = librarian_client.get(LIST, {"partner": "rønde"})

    assert _titles(by_id) == {"Læsebånd"}
    assert f'data-search-label="{rønde.name}"' in by_id.content.decode()
    # Without JavaScript a typed text filters by every partner that matches, each listed once.
    assert _titles(by_name) == {"Læsebånd", "Friskolens bogklub"}
    assert by_name.context["paginator"].count == 2


def test_the_coordinator_filter_takes_an_id_or_a_name(librarian_client):
    karen = UserFactory(full_name="Karen Koordinator", roles=[Role.LIBRARIAN])
    PartnershipFactory(title="Karens", coordinator=karen)
    PartnershipFactory(title="Andres")

    assert _titles(librarian_client.get(LIST, {"coordinator": karen.pk})) == {"Karens"}
    assert _titles(librarian_client.get(LIST, {"coordinator": "karen koord"})) == {"Karens"}


def test_the_partner_picker_offers_only_partners_of_visible_partnerships(
    partner_member, partner_member_client, school
):
    PartnershipFactory(title="Mit", partners=[school], members=[partner_member])
    PartnershipFactory(title="Andet", partners=[SchoolFactory(name=f"{school.name} Øst")])

    response = partner_member_client.get(reverse("partnerships:partner_lookup"), {"q": school.name})

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.json()["results"] == [{"id": school.pk, "text": school.name}]


def test_the_coordinator_picker_offers_active_librarians_only(librarian_client, partner_member):
    UserFactory(full_name="Lars Aktiv", roles=[Role.LIBRARIAN])
    UserFactory(full_name="Lars Stoppet", roles=[Role.LIBRARIAN], is_active=False)
    UserFactory(
        full_name="Lars Partner", partner=partner_member.partner, roles=[Role.PARTNER_MEMBER]
    )

    results = librarian_client.get(reverse("partnerships:coordinator_lookup"), {"q": "lars"})

    assert [row["text"] for row in results.json()["results"]] == ["Lars Aktiv"]


def test_the_member_picker_searches_people_not_yet_members(librarian_client, school):
    partnership = PartnershipFactory()
    already = UserFactory(full_name="Mette Medlem", roles=[Role.LIBRARIAN])
    PartnershipMember.objects.create(partnership=partnership, user=already)
    new = UserFactory(full_name="Mette Ny", partner=school, roles=[Role.PARTNER_MEMBER])
    UserFactory(full_name="Mette Dommer", roles=[Role.JUDGE])
    url = reverse("partnerships:member_lookup", args=[partnership.pk])

    results = librarian_client.get(url, {"q": "mette"}).json()["results"]
    by_partner = librarian_client.get(url, {"q": school.name}).json()["results"]

    assert results == [{"id": new.pk, "text": f"Mette Ny ({school.name})"}]
    assert by_partner == results
    assert librarian_client.get(url, {"q": ""}).json()["results"] == []


def test_the_overview_renders_the_member_picker_without_listing_people(librarian_client):
    partnership = PartnershipFactory()
    for n in range(15):
        UserFactory(full_name=f"Kandidat {n}", roles=[Role.LIBRARIAN])

    page = librarian_client.get(partnership.get_absolute_url()).content.decode()

    assert "Kandidat 3" not in page
    assert reverse("partnerships:member_lookup", args=[partnership.pk]) in page


@pytest.mark.parametrize("typed", ["mette.ny@example.com", "Mette Ny", "METTE"])
def test_a_member_is_added_by_a_typed_email_or_unique_name_without_javascript(
    librarian_client, typed
):
    partnership = PartnershipFactory()
    new = UserFactory(full_name="Mette Ny", email="mette.ny@example.com", roles=[Role.LIBRARIAN])

    librarian_client.post(
        reverse("partnerships:member_add", args=[partnership.pk]), {"user": typed}
    )

    assert partnership.memberships.filter(user=new).exists()


def test_an_ambiguous_or_unknown_name_adds_nobody_and_says_why(librarian_client):
    partnership = PartnershipFactory()
    UserFactory(full_name="Mette Ny", roles=[Role.LIBRARIAN])
    UserFactory(full_name="Mette Gammel", roles=[Role.LIBRARIAN])
    url = reverse("partnerships:member_add", args=[partnership.pk])

    ambiguous = librarian_client.post(url, {"user": "mette"}, follow=True).content.decode()
    unknown = librarian_client.post(url, {"user": "zorro"}, follow=True).content.decode()

    assert not partnership.memberships.exists()
    assert "Mette Gammel" in ambiguous and "Mette Ny" in ambiguous
    assert "zorro" in unknown


def test_a_member_cannot_be_added_twice_by_id(librarian_client):
    partnership = PartnershipFactory()
    already = UserFactory(roles=[Role.LIBRARIAN])
    PartnershipMember.objects.create(partnership=partnership, user=already)

    librarian_client.post(
        reverse("partnerships:member_add", args=[partnership.pk]), {"user": already.pk}
    )

    assert partnership.memberships.count() == 1


def test_the_partnership_form_picks_the_coordinator_by_search(librarian_client, librarian, school):
    karen = UserFactory(
        full_name="Karen Koordinator", email="karen@example.com", roles=[Role.LIBRARIAN]
    )
    for n in range(10):
        UserFactory(full_name=f"Bibliotekar {n}", roles=[Role.LIBRARIAN])
    url = reverse("partnerships:partnership_create")

    page = librarian_client.get(url).content.decode()
    librarian_client.post(
        url, partnership_form_data(coordinator="karen@example.com", partners=[school.pk])
    )

    assert "Bibliotekar 3" not in page
    assert f'data-search-label="{librarian.full_name}"' in page
    assert Partnership.objects.get(title="Læsebånd").coordinator == karen


def test_the_partnership_form_picks_partners_by_search_or_typed_names(librarian_client, librarian):
    rønde = SchoolFactory(name="Rønde Skole")
    ebeltoft = SchoolFactory(name="Ebeltoft Skole")
    for n in range(10):
        SchoolFactory(name=f"Friskole {n}")
    url = reverse("partnerships:partnership_create")

    page = librarian_client.get(url).content.decode()
    librarian_client.post(
        url, partnership_form_data(coordinator=librarian.pk, partners="rønde skole, Ebeltoft Skole")
    )
    ambiguous = librarian_client.post(
        url, partnership_form_data(title="Andet", coordinator=librarian.pk, partners="friskole")
    )

    assert "Friskole 3" not in page
    assert reverse("partnerships:partner_choice_lookup") in page
    assert set(Partnership.objects.get(title="Læsebånd").partners.all()) == {rønde, ebeltoft}
    assert not Partnership.objects.filter(title="Andet").exists()
    assert "Friskole 0" in ambiguous.content.decode()


def test_editing_shows_the_chosen_partners_to_the_picker(librarian_client, school):
    partnership = PartnershipFactory(partners=[school])

    page = librarian_client.get(
        reverse("partnerships:partnership_update", args=[partnership.pk])
    ).content.decode()

    assert f'value="{school.pk}"' in page
    assert "data-search-labels=" in page and school.name in page


def test_the_partner_choice_lookup_offers_active_partners(librarian_client):
    SchoolFactory(name="Aktiv Skole")
    SchoolFactory(name="Lukket Skole", active=False)

    results = librarian_client.get(
        reverse("partnerships:partner_choice_lookup"), {"q": "skole"}
    ).json()["results"]

    assert [row["text"] for row in results] == ["Aktiv Skole"]
