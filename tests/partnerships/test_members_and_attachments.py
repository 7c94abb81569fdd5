"""Members of a partnership and the files on it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Attachment, PartnershipMember
from tests.accounts.factories import UserFactory
from tests.partnerships.helpers import PDF

# --- Members ------------------------------------------------------------------


@pytest.mark.django_db
def test_librarian_adds_and_removes_a_member(librarian_client, partnership):
    newcomer = UserFactory(full_name="Nina Ny", roles=["Librarian"])
    add_url = reverse("partnerships:member_add", args=[partnership.pk])

    librarian_client.post(add_url, {"user": newcomer.pk, "role": "Oplæsningsansvarlig"})
    membership = PartnershipMember.objects.get(partnership=partnership, user=newcomer)
    assert membership.role == "Oplæsningsansvarlig"

    remove_url = reverse("partnerships:member_remove", args=[partnership.pk, membership.pk])
    # The button asks first: a GET or an unconfirmed POST only says what will happen.
    for response in (librarian_client.get(remove_url), librarian_client.post(remove_url)):
        assert response.status_code == 200
        assert "Nina Ny er ikke længere medlem" in response.content.decode()
        assert 'name="confirmed" value="1"' in response.content.decode()
    assert PartnershipMember.objects.filter(pk=membership.pk).exists()

    librarian_client.post(remove_url, {"confirmed": "1"})
    assert not PartnershipMember.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_an_unknown_or_unsuitable_member_is_refused(librarian_client, partnership, staff_a):
    add_url = reverse("partnerships:member_add", args=[partnership.pk])

    unknown = librarian_client.post(add_url, {"user": 999999}, follow=True)
    kindergarten_user = librarian_client.post(add_url, {"user": staff_a.pk}, follow=True)

    for response in (unknown, kindergarten_user):
        assert "Vælg en bibliotekar eller et partnermedlem" in response.content.decode()
    assert partnership.memberships.count() == 1


# --- Attachments -------------------------------------------------------------


@pytest.mark.django_db
def test_an_attachment_is_served_only_to_those_who_may_see_the_partnership(
    librarian_client, partner_member_client, staff_a_client, partnership, media_root, client
):
    upload = SimpleUploadedFile("aftale.pdf", PDF, content_type="application/pdf")
    librarian_client.post(
        reverse("partnerships:attachment_upload", args=[partnership.pk]),
        {"title": "Underskrevet aftale", "file": upload},
    )
    attachment = Attachment.objects.get()
    url = attachment.get_absolute_url()

    member_response = partner_member_client.get(url)
    assert member_response.status_code == 200
    assert b"".join(member_response.streaming_content) == PDF
    assert staff_a_client.get(url).status_code == 403
    assert client.get(url).status_code == 302
    outsider = UserFactory(roles=["Partner member"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    # Not reachable from a public media URL either.
    assert "/media/" not in url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "danish_error"),
    [
        ("virus.exe", b"MZ\x90\x00", "Filer af denne type kan ikke uploades"),
        ("falsk.pdf", b"MZ\x90\x00not a pdf", "Filens indhold passer ikke til navnet"),
        ("stor.pdf", PDF + b"0" * (10 * 1024 * 1024), "Filen er for stor"),
    ],
)
def test_oversized_or_disallowed_attachments_are_refused(
    librarian_client, partnership, media_root, name, content, danish_error
):
    response = librarian_client.post(
        reverse("partnerships:attachment_upload", args=[partnership.pk]),
        {"title": "Fil", "file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 400
    assert danish_error in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(media_root.rglob("*.*"))
