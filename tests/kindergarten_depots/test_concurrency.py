"""Two librarians packing the same book at the same moment (needs PostgreSQL's row locks)."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.roles import Role
from kindergarten_depots import services
from kindergarten_depots.models import Item, PackedItem
from tests.kindergarten_depots.factories import ItemFactory, SwapFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SELECT … FOR UPDATE)"
    ),
]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """Recreate the role groups: an earlier transactional test flushed the migration's rows."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def test_two_librarians_packing_the_same_book_at_once_exactly_one_gets_it(librarian):
    item = ItemFactory(barcode="777")
    swaps = [SwapFactory(), SwapFactory()]
    barrier = threading.Barrier(2)
    results = []

    def pack(swap):
        try:
            barrier.wait(timeout=10)
            services.swap_item_add(swap=swap, barcode="777", by=librarian)
            results.append("ok")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pack, args=(swap,)) for swap in swaps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results, key=lambda r: r != "ok")[0] == "ok"
    assert results.count("ok") == 1
    failure = next(r for r in results if r != "ok")
    assert "777" in failure
    assert "pakket til en anden børnehave" in failure
    assert PackedItem.objects.filter(item=item).count() == 1
    assert Item.objects.get(pk=item.pk).status == Item.Status.IN_DEPOT
