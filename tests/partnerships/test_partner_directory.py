import pytest
from django.urls import reverse

from partnerships.models import ContactPerson, Partner
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import (
    ContactPersonFactory,
    KindergartenFactory,
    PartnerFactory,
    SchoolFactory,
)

ALLOWED = {"librarian", "admin"}
FORBIDDEN = {"partner_member", "staff_a", "staff_b", "judge"}


@pytest.fixture
def partner(db):
    partner = KindergartenFactory(name="Børnehuset Mælkebøtten", town="Rønde", area="Rønde")
    ContactPersonFactory(partner=partner, name="Hanne Leder", is_primary=True)
    return partner


def directory_urls(partner):
    return [
        ("get", reverse("partnerships:partner_list")),
        ("get", reverse("partnerships:partner_create")),
        ("get", reverse("partnerships:partner_detail", args=[partner.pk])),
        ("get", reverse("partnerships:partner_update", args=[partner.pk])),
        ("get", reverse("partnerships:partner_delete", args=[partner.pk])),
        ("post", reverse("partnerships:partner_set_active", args=[partner.pk])),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona_client",
    ["anonymous", "librarian", "partner_member", "staff_a", "staff_b", "judge", "admin"],
    indirect=True,
)
def test_only_librarians_and_admins_reach_the_partner_directory(persona_client, partner, request):
    persona = request.node.callspec.params["persona_client"]
    for method, url in directory_urls(partner):
        response = getattr(persona_client, method)(url)
        content = response.content.decode()
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("accounts:login"))
        elif persona in FORBIDDEN:
            assert response.status_code == 403, url
            assert "Mælkebøtten" not in content
        else:
            assert response.status_code in (200, 302), url
    partner.refresh_from_db()
    if persona not in ALLOWED:
        assert partner.active, "a refused POST must change nothing"


@pytest.mark.django_db
def test_list_shows_the_partner_with_its_primary_contact(librarian_client, partner):
    response = librarian_client.get(reverse("partnerships:partner_list"))

    content = response.content.decode()
    assert "Børnehuset Mælkebøtten" in content
    assert "Hanne Leder" in content


@pytest.mark.django_db
def test_filter_by_kind_area_and_search(librarian_client):
    school = SchoolFactory(name="Rønde Skole", town="Rønde", area="Rønde")
    kindergarten = KindergartenFactory(name="Troldehøjen", town="Rønde", area="Rønde")
    far_away = KindergartenFactory(name="Havblik", town="Ebeltoft", area="Ebeltoft")
    ContactPersonFactory(partner=far_away, name="Søren Særligsen")
    url = reverse("partnerships:partner_list")

    by_kind = librarian_client.get(url, {"kind": "kindergarten"}).context["object_list"]
    by_area = librarian_client.get(url, {"area": "Ebeltoft"}).context["object_list"]
    by_contact = librarian_client.get(url, {"q": "særligsen"}).context["object_list"]
    by_town = librarian_client.get(url, {"q": "rønde"}).context["object_list"]

    assert set(by_kind) == {kindergarten, far_away}
    assert list(by_area) == [far_away]
    assert list(by_contact) == [far_away]
    assert set(by_town) == {school, kindergarten}


@pytest.mark.django_db
def test_search_matching_several_contacts_lists_the_partner_once(librarian_client):
    partner = PartnerFactory(name="Læseforeningen")
    ContactPersonFactory(partner=partner, name="Jens Hansen")
    ContactPersonFactory(partner=partner, name="Jens Jensen")

    found = librarian_client.get(reverse("partnerships:partner_list"), {"q": "jens"})

    assert list(found.context["object_list"]) == [partner]


@pytest.mark.django_db
def test_deactivated_partners_are_hidden_unless_asked_for(librarian_client):
    active = PartnerFactory(name="Aktiv forening")
    inactive = PartnerFactory(name="Nedlagt forening", active=False)
    url = reverse("partnerships:partner_list")

    assert list(librarian_client.get(url).context["object_list"]) == [active]
    assert list(librarian_client.get(url, {"active": "no"}).context["object_list"]) == [inactive]
    assert set(librarian_client.get(url, {"active": "all"}).context["object_list"]) == {
        active,
        inactive,
    }


@pytest.mark.django_db
def test_list_sorts_by_column(librarian_client):
    PartnerFactory(name="Anemonen", town="Ebeltoft")
    PartnerFactory(name="Birkely", town="Aarhus")
    url = reverse("partnerships:partner_list")

    by_name_desc = librarian_client.get(url, {"o": "-name"}).context["object_list"]
    by_town = librarian_client.get(url, {"o": "town"}).context["object_list"]

    assert [p.name for p in by_name_desc] == ["Birkely", "Anemonen"]
    assert [p.name for p in by_town] == ["Birkely", "Anemonen"]


@pytest.mark.django_db
def test_list_is_paginated(librarian_client):
    PartnerFactory.create_batch(30)

    first = librarian_client.get(reverse("partnerships:partner_list"))
    second = librarian_client.get(reverse("partnerships:partner_list"), {"page": 2})

    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 5
    assert "Side 1 af 2" in first.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 60])
def test_list_query_count_does_not_grow_with_the_data(
    librarian_client, django_assert_max_num_queries, size
):
    for partner in KindergartenFactory.create_batch(size):
        ContactPersonFactory.create_batch(2, partner=partner)

    with django_assert_max_num_queries(10):
        response = librarian_client.get(reverse("partnerships:partner_list"), {"q": "Børne"})

    assert response.status_code == 200


def valid_post(**overrides):
    data = {
        "name": "Børnehaven Humlebien",
        "kind": "kindergarten",
        "address": "Blomstervej 1",
        "postcode": "8400",
        "town": "Ebeltoft",
        "area": "Ebeltoft",
        "phone": "86 12 34 56",
        "email": "humlebien@example.com",
        "website": "",
        "number_of_children": "45",
        "notes": "",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Mette Leder",
        "contacts-0-role": "Leder",
        "contacts-0-email": "mette@example.com",
        "contacts-0-phone": "20 20 20 20",
        "contacts-0-is_primary": "on",
        "contacts-1-name": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_librarian_creates_a_partner_with_a_contact(librarian_client):
    response = librarian_client.post(reverse("partnerships:partner_create"), valid_post())

    partner = Partner.objects.get(name="Børnehaven Humlebien")
    assert response.status_code == 302
    assert response.url == partner.get_absolute_url()
    contact = partner.contacts.get()
    assert (contact.name, contact.is_primary) == ("Mette Leder", True)
    detail = librarian_client.get(response.url).content.decode()
    assert "Mette Leder" in detail
    assert "Børnehaven Humlebien blev oprettet" in detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "danish_error"),
    [
        ({"name": ""}, "Dette felt er påkrævet"),
        ({"postcode": "84"}, "Indtast et dansk postnummer på fire cifre"),
        ({"email": "ikke-en-adresse"}, "Indtast en gyldig e-mail-adresse"),
        ({"number_of_children": "-3"}, "større end eller lig 0"),
        ({"kind": "spaceship"}, "Marker en gyldig valgmulighed"),
        (
            {"contacts-1-name": "Anden Leder", "contacts-1-is_primary": "on"},
            "Kun én kontaktperson kan være primær kontakt",
        ),
        ({"contacts-0-email": "forkert@"}, "Indtast en gyldig e-mail-adresse"),
    ],
)
def test_bad_input_is_refused_in_danish_and_nothing_is_saved(
    librarian_client, overrides, danish_error
):
    response = librarian_client.post(
        reverse("partnerships:partner_create"), valid_post(**overrides)
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert danish_error in content
    assert "Formularen indeholder fejl" in content
    # What the user typed is still there.
    assert "Blomstervej 1" in content
    assert Partner.objects.count() == 0
    assert ContactPerson.objects.count() == 0


@pytest.mark.django_db
def test_editing_can_move_the_primary_flag_to_another_contact(librarian_client, partner):
    first = partner.contacts.get()
    second = ContactPersonFactory(partner=partner, name="Ny Leder", is_primary=False)
    data = valid_post(
        name=partner.name,
        **{
            "contacts-TOTAL_FORMS": "3",
            "contacts-INITIAL_FORMS": "2",
            "contacts-0-id": str(first.pk),
            "contacts-0-name": first.name,
            "contacts-0-is_primary": "",
            "contacts-1-id": str(second.pk),
            "contacts-1-name": second.name,
            "contacts-1-is_primary": "on",
            "contacts-2-name": "",
        },
    )

    response = librarian_client.post(
        reverse("partnerships:partner_update", args=[partner.pk]), data
    )

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)


@pytest.mark.django_db
def test_a_contact_can_be_removed_from_the_partner_page(librarian_client, partner):
    contact = partner.contacts.get()
    data = valid_post(
        name=partner.name,
        **{
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": str(contact.pk),
            "contacts-0-name": contact.name,
            "contacts-0-DELETE": "on",
        },
    )

    librarian_client.post(reverse("partnerships:partner_update", args=[partner.pk]), data)

    assert not partner.contacts.exists()


@pytest.mark.django_db
def test_deactivate_and_activate_by_post_only(librarian_client, partner):
    url = reverse("partnerships:partner_set_active", args=[partner.pk])

    assert librarian_client.get(url).status_code == 405
    librarian_client.post(url, {"active": "0"})
    partner.refresh_from_db()
    assert partner.active is False
    librarian_client.post(url, {"active": "1"})
    partner.refresh_from_db()
    assert partner.active is True


@pytest.mark.django_db
def test_partner_without_references_can_be_deleted_with_its_contacts(librarian_client, partner):
    url = reverse("partnerships:partner_delete", args=[partner.pk])

    confirm = librarian_client.get(url)
    response = librarian_client.post(url)

    assert "Vil du virkelig slette" in confirm.content.decode()
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert not ContactPerson.objects.exists()


@pytest.mark.django_db
def test_partner_with_user_accounts_cannot_be_deleted_only_deactivated(librarian_client, partner):
    UserFactory(partner=partner)
    url = reverse("partnerships:partner_delete", args=[partner.pk])

    confirm = librarian_client.get(url).content.decode()
    response = librarian_client.post(url, follow=True)

    assert "kan ikke slettes" in confirm
    assert "brugere" in confirm
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert "kan ikke slettes" in response.content.decode()


@pytest.mark.django_db
def test_unknown_partner_is_404(librarian_client):
    assert (
        librarian_client.get(reverse("partnerships:partner_detail", args=[999])).status_code == 404
    )


@pytest.mark.django_db
def test_admin_partner_list_filters_and_searches(admin_client_, partner):
    url = reverse("admin:partnerships_partner_changelist")

    response = admin_client_.get(url, {"q": "Hanne", "kind__exact": "kindergarten"})

    assert response.status_code == 200
    assert "Mælkebøtten" in response.content.decode()
    change = admin_client_.get(reverse("admin:partnerships_partner_change", args=[partner.pk]))
    assert "Hanne Leder" in change.content.decode()
