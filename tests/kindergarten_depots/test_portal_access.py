"""Kindergarten staff see their own kindergarten in the portal, never another one's.

Who may open which URL at all is decided for every URL and persona in
``tests/access/``; this test looks inside the portal pages that take no id.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.access.test_access import url_names

pytestmark = pytest.mark.django_db


def _portal_pages():
    pages = []
    for name in sorted(url_names()):
        if not name.startswith("kindergarten_depots:portal_"):
            continue
        try:
            pages.append(reverse(name))
        except NoReverseMatch:
            continue  # takes an id: covered by tests/access
    return pages


PORTAL_PAGES = _portal_pages()


def test_the_portal_has_pages_without_an_id():
    assert reverse("kindergarten_depots:portal_home") in PORTAL_PAGES
    assert len(PORTAL_PAGES) >= 5


@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_staff_of_kindergarten_a_see_only_their_own_kindergarten(
    url, staff_a_client, world_a, world_b
):
    response = staff_a_client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Beta" not in page
    assert world_b["kindergarten"].name not in page
    if url == reverse("kindergarten_depots:portal_home"):
        assert "Alfa bog 1" in page


@pytest.mark.parametrize("url", PORTAL_PAGES)
def test_posting_to_a_portal_page_changes_nothing_of_another_kindergarten(
    url, staff_a_client, world_a, world_b
):
    staff_a_client.post(url, {"text": "Hej", "pk": world_b["wish"].pk})

    wish = world_b["wish"]
    wish.refresh_from_db()
    delivered = world_b["delivered"]
    delivered.refresh_from_db()
    assert wish.status == "open"
    assert delivered.received_at is None
