import pytest

from tests.kindergarten_depots.factories import SwapFactory, agreement_make


@pytest.fixture
def agreement(db, kindergarten_a, librarian):
    return agreement_make(kindergarten=kindergarten_a, coordinator=librarian, books_per_delivery=5)


@pytest.fixture
def swap(agreement):
    return SwapFactory(agreement=agreement)
