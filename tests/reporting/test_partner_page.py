"""The 360° partner page: everything the library does with one partner."""

import pytest
from django.urls import reverse

from tests.partnerships.factories import JournalEntryFactory
from tests.reporting.conftest import library_make


def test_a_schools_page_shows_its_partnerships_championship_and_timeline(
    librarian_client, library, school
):
    JournalEntryFactory(
        partnership=library["skofo"], kind="decision", text="Finalen holdes i Rønde."
    )
    response = librarian_client.get(school.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert library["skofo"].get_absolute_url() in page
    assert "Syddjursmesterskabet 2026" in page
    assert "Finalen holdes i Rønde." in page
    assert "Beslutning" in page
    # Counts only: no child's name on the partner page.
    assert "Barn" not in page


def test_a_kindergartens_page_shows_its_depot_and_swaps(librarian_client, library):
    kindergarten = library["kindergarten"]
    response = librarian_client.get(kindergarten.get_absolute_url())

    page = response.content.decode()
    assert library["agreement"].get_absolute_url() in page
    assert "Udskiftning" in page
    assert "Rønde Bibliotek" in page


def test_the_partner_page_is_still_for_librarians_only(partner_member_client, library, school):
    assert partner_member_client.get(school.get_absolute_url()).status_code == 403


@pytest.mark.parametrize("extra", [0, 6])
def test_the_partner_page_runs_a_bounded_number_of_queries(
    librarian, librarian_client, partner_member, school, django_assert_max_num_queries, extra
):
    library_make(librarian=librarian, partner_member=partner_member, school=school, extra=extra)
    url = reverse("partnerships:partner_detail", args=[school.pk])
    with django_assert_max_num_queries(13):
        response = librarian_client.get(url)
    assert response.status_code == 200
