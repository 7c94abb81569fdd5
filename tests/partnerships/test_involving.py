"""``Partnership.objects.involving``: what a person coordinates or belongs to, each once."""

import pytest

from accounts.roles import Role
from partnerships.models import Partnership
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_involving_lists_coordinated_and_member_partnerships_once_each():
    person = UserFactory(roles=[Role.LIBRARIAN])
    other = UserFactory(roles=[Role.LIBRARIAN])
    coordinated = PartnershipFactory(title="Koordinerer", coordinator=person)
    member = PartnershipFactory(title="Medlem", members=[person, other])
    both = PartnershipFactory(title="Begge", coordinator=person, members=[person, other])
    PartnershipFactory(title="Fremmed", members=[other])

    involving = Partnership.objects.involving(person)

    assert sorted(p.pk for p in involving) == sorted([coordinated.pk, member.pk, both.pk])
    assert involving.count() == 3
    assert involving.filter(title="Begge").get() == both
