"""Personas and shared fixtures for the whole test suite.

Each persona fixture builds one logged-in test client. The persona users are
built lazily, so a test pays only for the ones it asks for.
"""

import pytest
from django.test import Client

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.oidc import configure, running_provider
from tests.partnerships.factories import KindergartenFactory, SchoolFactory


@pytest.fixture
def database_tasks(settings):
    """Queue tasks in the database, as in production, for the worker to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def role_groups(transactional_db):
    """Recreate the role groups: an earlier transactional test flushed the migration's rows.

    Tests that run the worker (``run_worker``) need this: the worker manages its own
    database connections, so those tests really commit (``transaction=True``).
    """
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role)


@pytest.fixture(scope="session")
def oidc_server():
    """A local OpenID Connect provider on 127.0.0.1, for the whole test session."""
    with running_provider() as provider:
        yield provider


@pytest.fixture
def oidc_provider(oidc_server, settings):
    """The local provider, configured as the municipality's (staff) and as Unilogin."""
    configure(settings, oidc_server)
    return oidc_server


@pytest.fixture
def kindergarten_a(db):
    return KindergartenFactory(name="Børnehaven A")


@pytest.fixture
def kindergarten_b(db):
    return KindergartenFactory(name="Børnehaven B")


@pytest.fixture
def school(db):
    return SchoolFactory(name="Skolen ved Skoven")


@pytest.fixture
def librarian(db):
    return UserFactory(full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN])


@pytest.fixture
def partner_member(db, school):
    return UserFactory(
        full_name="Per Skolebibliotekar", partner=school, roles=[Role.PARTNER_MEMBER]
    )


@pytest.fixture
def staff_a(db, kindergarten_a):
    return UserFactory(
        full_name="Anna Pædagog", partner=kindergarten_a, roles=[Role.KINDERGARTEN_STAFF]
    )


@pytest.fixture
def staff_b(db, kindergarten_b):
    return UserFactory(
        full_name="Bo Pædagog", partner=kindergarten_b, roles=[Role.KINDERGARTEN_STAFF]
    )


@pytest.fixture
def judge(db):
    return UserFactory(full_name="Dorte Dommer", roles=[Role.JUDGE])


@pytest.fixture
def admin_user(db):
    return UserFactory(
        full_name="Ada Admin", is_staff=True, is_superuser=True, roles=[Role.ADMINISTRATOR]
    )


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def librarian_client(librarian):
    return _client_for(librarian)


@pytest.fixture
def partner_member_client(partner_member):
    return _client_for(partner_member)


@pytest.fixture
def staff_a_client(staff_a):
    return _client_for(staff_a)


@pytest.fixture
def staff_b_client(staff_b):
    return _client_for(staff_b)


@pytest.fixture
def judge_client(judge):
    return _client_for(judge)


@pytest.fixture
def admin_client_(admin_user):
    """The administrator, logged in with a confirmed second factor (the admin requires one)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = _client_for(admin_user)
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


PERSONAS = [
    "anonymous",
    "librarian",
    "partner_member",
    "staff_a",
    "staff_b",
    "judge",
    "admin",
]


@pytest.fixture
def persona_client(request):
    """Return the client of the persona named by indirect parametrisation."""
    name = request.param
    fixture = {"anonymous": "anonymous_client", "admin": "admin_client_"}.get(
        name, f"{name}_client"
    )
    return request.getfixturevalue(fixture)
