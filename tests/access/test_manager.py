"""The library manager, an eighth persona checked on its own: a librarian plus the backing pages."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from tests.access.rules import ACTION, MANAGERS, RULES
from tests.access.urls import KWARGS
from tests.accounts.factories import UserFactory

MANAGER_PAGES = {"partnerships:backing_requests", "partnerships:backing_decide"}
# An import batch is its uploader's own (the world's librarian), so others get 404.
UPLOADERS_OWN = {
    "kindergarten_depots:item_import_preview",
    "kindergarten_depots:item_import_progress",
}


@pytest.mark.django_db
def test_a_library_manager_opens_every_librarian_page_and_the_backing_pages(world):
    manager = UserFactory(full_name="Hanne Leder", roles=[Role.LIBRARY_MANAGER])
    client = Client()
    client.force_login(manager)
    wrong = []
    for name, rule in sorted(RULES.items()):
        if rule.kind == ACTION:
            continue
        librarian_may = "librarian" in rule.allowed
        if (not librarian_may and name not in MANAGER_PAGES) or name in UPLOADERS_OWN:
            continue
        expected = rule.status.get("librarian", 200) if librarian_may else 200
        response = client.get(reverse(name, kwargs=KWARGS[name](world)))
        if response.status_code != expected:
            wrong.append((name, expected, response.status_code))
    assert not wrong, wrong
    assert not MANAGERS, "managers are not among the seven personas of the access test"
