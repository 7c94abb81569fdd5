"""The book search: matches on title, author, barcode and ISBN, sorted by title, indexed."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.kindergarten_depots.factories import ItemFactory

pytestmark = pytest.mark.django_db

URL = reverse("kindergarten_depots:item_list")


def _titles(client, q):
    return [item.title for item in client.get(URL, {"q": q}).context["object_list"]]


def test_search_matches_title_author_barcode_and_isbn_sorted_by_title(librarian_client):
    ItemFactory(title="Snemanden", author="Ida Jessen")
    ItemFactory(title="bjørnen i sneen", author="Ole Lund")
    ItemFactory(title="Aben", author="Snedker Hansen", isbn="9788700000001")
    ItemFactory(title="Ræven", barcode="5000000001")

    assert _titles(librarian_client, "SNE") == ["Aben", "bjørnen i sneen", "Snemanden"]
    assert _titles(librarian_client, "978-87-00000-001") == ["Aben"]
    assert _titles(librarian_client, "5000000001") == ["Ræven"]
    assert _titles(librarian_client, "sne lund") == ["bjørnen i sneen"]


def test_an_explicit_sort_still_wins_over_the_search_order(librarian_client):
    ItemFactory(title="A sne", author="Zeta")
    ItemFactory(title="B sne", author="Alfa")

    response = librarian_client.get(URL, {"q": "sne", "o": "author"})

    assert [item.title for item in response.context["object_list"]] == ["B sne", "A sne"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_title_and_author_have_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'kindergarten_depots_item'"
        )
        indexes = dict(cursor.fetchall())

    assert "gin_trgm_ops" in indexes["kindergarten_depots_item_title_trgm"]
    assert "gin_trgm_ops" in indexes["kindergarten_depots_item_author_trgm"]
    assert "kindergarten_depots_item_isbn" in indexes
