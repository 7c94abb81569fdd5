import pytest

from tests.access.world import build_world


@pytest.fixture
def world(librarian, partner_member, judge, staff_a, staff_b, school):
    return build_world(
        librarian=librarian,
        partner_member=partner_member,
        judge=judge,
        staff_a=staff_a,
        staff_b=staff_b,
        school=school,
    )
