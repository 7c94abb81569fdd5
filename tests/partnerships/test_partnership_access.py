"""Who may open which partnership page: roles get 403, outsiders 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from partnerships import permissions
from partnerships.models import Attachment
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import JournalEntryFactory, TaskFactory
from tests.partnerships.helpers import PDF, partnership_urls

# --- Access ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona_client",
    ["anonymous", "librarian", "partner_member", "staff_a", "judge", "admin"],
    indirect=True,
)
def test_access_matrix_for_every_partnership_url(persona_client, full_partnership, request):
    persona = request.node.callspec.params["persona_client"]
    urls = partnership_urls(*full_partnership)
    for name, (method, url, member_may) in urls.items():
        response = getattr(persona_client, method)(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/konto/login/" in response.url, name
        elif persona in ("librarian", "admin"):
            assert response.status_code in (200, 302, 400), name
        elif persona == "partner_member":
            expected = (200, 302, 400) if member_may else (403,)
            assert response.status_code in expected, (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)
            assert "SKOFO" not in response.content.decode()


@pytest.mark.django_db
def test_a_partner_member_gets_404_for_partnerships_they_are_not_in(
    partner_member_client, other_partnership, media_root
):
    task = TaskFactory(partnership=other_partnership)
    entry = JournalEntryFactory(partnership=other_partnership)
    attachment = Attachment.objects.create(
        partnership=other_partnership,
        title="Hemmelig",
        file=SimpleUploadedFile("x.pdf", PDF),
        size=len(PDF),
        uploaded_by=other_partnership.coordinator,
    )
    urls = partnership_urls(other_partnership, task, entry, attachment)
    for name, (method, url, member_may) in urls.items():
        if not member_may or name in ("list", "my_tasks"):
            continue
        response = getattr(partner_member_client, method)(url)
        assert response.status_code == 404, name
    listing = partner_member_client.get(reverse("partnerships:partnership_list")).content.decode()
    assert "Hemmeligt partnerskab" not in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["status", "member_add", "task_done", "upload"],
)
def test_post_only_actions_reject_get(librarian_client, full_partnership, name):
    _method, url, _who = partnership_urls(*full_partnership)[name]

    assert librarian_client.get(url).status_code == 405


# --- The getters and predicates in partnerships.permissions ----------------------


@pytest.mark.django_db
def test_only_the_author_or_a_librarian_may_edit_a_journal_entry(
    librarian, partner_member, partnership
):
    colleague = UserFactory(roles=["Partner member"])
    entry = JournalEntryFactory(partnership=partnership, author=partner_member)

    assert permissions.may_edit_journal_entry(partner_member, entry)
    assert permissions.may_edit_journal_entry(librarian, entry)
    assert not permissions.may_edit_journal_entry(colleague, entry)


@pytest.mark.django_db
def test_the_journal_offers_editing_only_of_ones_own_entries(
    partner_member_client, partner_member, librarian, partnership
):
    own = JournalEntryFactory(partnership=partnership, author=partner_member)
    JournalEntryFactory(partnership=partnership, author=librarian)

    response = partner_member_client.get(
        reverse("partnerships:partnership_journal", args=[partnership.pk])
    )

    content = response.content.decode()
    assert reverse("partnerships:journal_entry_edit", args=[partnership.pk, own.pk]) in content
    assert content.count("/rediger/") == 1


@pytest.mark.django_db
def test_getters_return_objects_of_visible_partnerships_only(
    partner_member, partnership, other_partnership, media_root
):
    mine = TaskFactory(partnership=partnership)
    hidden = TaskFactory(partnership=other_partnership)

    assert permissions.task_for(partner_member, partnership.pk, mine.pk) == mine
    with pytest.raises(Http404):
        permissions.task_for(partner_member, other_partnership.pk, hidden.pk)
    with pytest.raises(Http404):
        # The right task under the wrong partnership is not found either.
        permissions.task_for(partner_member, partnership.pk, hidden.pk)
    entry = JournalEntryFactory(partnership=other_partnership)
    with pytest.raises(Http404):
        permissions.journal_entry_for(partner_member, other_partnership.pk, entry.pk)
    membership = partnership.memberships.get(user=partner_member)
    assert permissions.membership_for(partner_member, partnership.pk, membership.pk) == membership


@pytest.mark.django_db
def test_only_librarians_reach_partners_and_their_logins(librarian, partner_member, school):
    assert permissions.partner_for(librarian, school.pk) == school
    assert permissions.partner_user_for(librarian, school.pk, partner_member.pk) == partner_member
    with pytest.raises(Http404):
        permissions.partner_for(partner_member, school.pk)
    with pytest.raises(Http404):
        permissions.partner_user_for(librarian, school.pk, librarian.pk)


@pytest.mark.django_db
def test_kindergarten_staff_belong_on_the_portal(staff_a, librarian, partner_member):
    assert permissions.belongs_on_portal(staff_a)
    assert not permissions.belongs_on_portal(librarian)
    assert not permissions.belongs_on_portal(partner_member)
