"""The partnership journal: decisions are e-mailed, edits keep the earlier text."""

import pytest
from django.core import mail
from django.urls import reverse

from partnerships.models import JournalEntry, PartnershipMember
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import JournalEntryFactory

# --- Journal -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_decision_is_emailed_to_every_member_but_the_author_one_mail_each(
    partner_member_client, partner_member, librarian, partnership
):
    colleague = UserFactory(email="kollega@example.com", roles=["Librarian"])
    PartnershipMember.objects.create(partnership=partnership, user=colleague)

    response = partner_member_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "decision", "entry_date": "2027-01-15", "text": "Finalen holdes i Rønde."},
    )

    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.author == partner_member
    # One mail per member, so nobody sees the other members' addresses.
    assert sorted(m.to for m in mail.outbox) == sorted([[librarian.email], [colleague.email]])
    message = mail.outbox[0]
    assert "Beslutning i SKOFO" in message.subject
    assert "Finalen holdes i Rønde." in message.body
    assert reverse("partnerships:partnership_journal", args=[partnership.pk]) in message.body


@pytest.mark.django_db
def test_a_note_sends_no_mail(librarian_client, partnership):
    librarian_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "note", "entry_date": "2027-01-15", "text": "Bare en note."},
    )

    assert JournalEntry.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_editing_an_entry_keeps_the_earlier_text_visible(librarian_client, librarian, partnership):
    entry = JournalEntryFactory(partnership=partnership, author=librarian, text="Første udgave")

    librarian_client.post(
        reverse("partnerships:journal_entry_edit", args=[partnership.pk, entry.pk]),
        {"kind": "note", "text": "Rettet udgave"},
    )

    entry.refresh_from_db()
    assert entry.text == "Rettet udgave"
    assert entry.edited_at is not None
    assert entry.revisions.get().text == "Første udgave"
    page = librarian_client.get(
        reverse("partnerships:partnership_journal", args=[partnership.pk])
    ).content.decode()
    assert "Rettet udgave" in page
    assert "Første udgave" in page


@pytest.mark.django_db
def test_a_member_cannot_edit_somebody_elses_entry(partner_member_client, librarian, partnership):
    entry = JournalEntryFactory(partnership=partnership, author=librarian)

    response = partner_member_client.post(
        reverse("partnerships:journal_entry_edit", args=[partnership.pk, entry.pk]),
        {"kind": "note", "text": "Overskrevet"},
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.text != "Overskrevet"


@pytest.mark.django_db
def test_an_empty_entry_is_refused(librarian_client, partnership):
    response = librarian_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "decision", "entry_date": "2027-01-15", "text": ""},
    )

    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not JournalEntry.objects.exists()
