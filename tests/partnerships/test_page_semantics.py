"""Each page says what it is: a unique title per tab, sort order exposed to screen
readers, today in the calendar in words, one main action per page."""

import re

import pytest
from django.urls import reverse

from tests.kindergarten_depots.conftest import depot_world
from tests.partnerships.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_each_partnership_tab_and_edit_page_has_its_own_title(librarian_client, partnership):
    names = [
        "partnership_detail",
        "partnership_journal",
        "partnership_tasks",
        "partnership_time",
        "partnership_evaluation",
        "partnership_history",
        "partnership_update",
        "partnership_end",
    ]
    titles = [
        _title(librarian_client.get(reverse(f"partnerships:{name}", args=[partnership.pk])))
        for name in names
    ]

    assert len(set(titles)) == len(titles), titles
    assert all("SKOFO" in title for title in titles), titles
    assert titles[1].startswith("Journal · SKOFO")


def test_a_partner_and_its_depot_agreement_have_different_titles(
    librarian_client, kindergarten_a, librarian
):
    world = depot_world(kindergarten=kindergarten_a, coordinator=librarian, label="A")
    agreement = world["agreement"]

    partner = _title(librarian_client.get(kindergarten_a.get_absolute_url()))
    detail = _title(librarian_client.get(agreement.get_absolute_url()))
    edit = _title(
        librarian_client.get(reverse("kindergarten_depots:agreement_update", args=[agreement.pk]))
    )

    assert len({partner, detail, edit}) == 3
    assert all(kindergarten_a.name in title for title in (partner, detail, edit))


def test_the_sorted_column_tells_its_order(librarian_client):
    PartnerFactory(name="Asken")
    url = reverse("partnerships:partner_list")

    ascending = librarian_client.get(url, {"o": "name"}).content.decode()
    descending = librarian_client.get(url, {"o": "-name"}).content.decode()

    assert re.search(r'<th scope="col" aria-sort="ascending"><a [^>]*>Navn', ascending)
    assert re.search(r'<th scope="col" aria-sort="descending"><a [^>]*>Navn', descending)
    assert ascending.count("aria-sort") == 1


def test_today_is_marked_in_words_in_the_calendar(librarian_client):
    html = librarian_client.get(reverse("kindergarten_depots:swap_calendar")).content.decode()

    today = re.search(
        r'<td class="[^"]*calendar-today[^"]*" aria-current="date">(.*?)</td>', html, re.S
    )
    assert today and "I dag" in today.group(1)


def test_changing_the_status_preselects_nothing_and_is_not_the_main_button(
    librarian_client, partnership
):
    html = librarian_client.get(partnership.get_absolute_url()).content.decode()

    status_select = re.search(r'<select name="to_status".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="" selected>Vælg den nye status</option>', status_select)
    assert 'class="btn btn-outline-primary">Skift status' in html
