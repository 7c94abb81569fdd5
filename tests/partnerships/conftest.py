"""Fixtures of the partnership tests: a win-win partnership with a member, files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Attachment
from tests.partnerships.factories import (
    JournalEntryFactory,
    PartnershipFactory,
    TaskFactory,
    WinWinPartnershipFactory,
)
from tests.partnerships.helpers import PDF


@pytest.fixture
def partnership(librarian, partner_member, school):
    return WinWinPartnershipFactory(
        title="SKOFO", coordinator=librarian, members=[partner_member], partners=[school]
    )


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(title="Hemmeligt partnerskab")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def full_partnership(partnership, partner_member, media_root):
    task = TaskFactory(partnership=partnership)
    entry = JournalEntryFactory(partnership=partnership, author=partner_member)
    attachment = Attachment.objects.create(
        partnership=partnership,
        title="Aftale",
        file=SimpleUploadedFile("aftale.pdf", PDF),
        size=len(PDF),
        uploaded_by=partner_member,
    )
    return partnership, task, entry, attachment
