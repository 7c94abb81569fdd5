"""Several reminder runs at the same moment still queue each digest once (PostgreSQL)."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from post_office.models import Email

from accounts.roles import Role
from partnerships.models import SentReminder
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory, TaskFactory
from tests.threads import at_once
from toolkit.jobs import reminders_send

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """Recreate the role groups: an earlier transactional test flushed the migration's rows."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def test_ten_runs_at_once_queue_one_digest_per_person(settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    people = [UserFactory(roles=[Role.LIBRARIAN]) for _ in range(4)]
    partnership = PartnershipFactory(coordinator=people[0])
    for person in people:
        for days in (1, 2, 9):
            TaskFactory(
                partnership=partnership,
                assignee=person,
                due_date=TODAY - datetime.timedelta(days=days),
            )

    results = at_once(lambda: reminders_send(today=TODAY), times=10)

    assert sum(results) == 4
    per_person = Counter(address for email in Email.objects.all() for address in email.to)
    assert per_person == Counter({person.email: 1 for person in people})
    assert SentReminder.objects.count() == 12
