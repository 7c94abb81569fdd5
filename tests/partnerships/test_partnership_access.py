"""Who may open which partnership page: roles get 403, outsiders 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Attachment
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
