"""The hostile inputs that once gave a server error, each answered with a clear Danish message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kindergarten_depots.models import DepotAgreement, ImportBatch
from partnerships.models import Attachment, Partnership, PartnershipMember
from tests.kindergarten_depots.factories import agreement_make
from tests.partnerships.factories import PartnershipFactory
from tests.partnerships.helpers import PDF

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["kindergarten_depots:swap_calendar", "kindergarten_depots:route_sheet"]
)
@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2026-02-30"])
def test_out_of_range_dates_in_the_address_show_today_with_a_message(librarian_client, name, value):
    response = librarian_client.get(reverse(name), {"date": value, "branch": "9" * 20})

    assert response.status_code == 200
    assert "Datoen i adressen" in response.content.decode()


def test_a_superscript_digit_as_book_id_in_the_portal_is_ignored(staff_a_client):
    response = staff_a_client.get(reverse("kindergarten_depots:portal_loss_report"), {"bog": "²"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "partnerships:partner_list",
        "partnerships:partnership_list",
        "kindergarten_depots:item_list",
        "kindergarten_depots:agreement_list",
    ],
)
def test_a_100000_character_search_is_refused_with_a_message(librarian_client, name):
    response = librarian_client.get(reverse(name), {"q": "x" * 100_000})

    assert response.status_code == 200
    assert "højst have 200 tegn" in response.content.decode()


def test_a_huge_partner_id_in_the_partnership_list_filter_matches_nothing(librarian_client):
    response = librarian_client.get(reverse("partnerships:partnership_list"), {"partner": "9" * 30})

    assert response.status_code == 200


def test_a_huge_id_in_a_multi_select_is_refused(librarian_client, librarian):
    response = librarian_client.post(
        reverse("partnerships:partnership_create"),
        {"title": "Ny", "kind": "event", "partners": ["9" * 30], "coordinator": librarian.pk},
    )

    assert response.status_code == 200
    assert not Partnership.objects.filter(title="Ny").exists()


def test_an_agreement_until_9999_is_refused_at_the_form(
    librarian_client, librarian, kindergarten_a
):
    agreement = agreement_make(kindergarten=kindergarten_a, coordinator=librarian)
    response = librarian_client.post(
        reverse("kindergarten_depots:agreement_update", args=[agreement.pk]),
        {"start_date": "2026-01-01", "end_date": "9999-12-31"},
    )

    assert response.status_code == 200
    assert "Angiv en dato mellem" in response.content.decode()
    assert DepotAgreement.objects.get(pk=agreement.pk).end_date != "9999-12-31"


def test_an_agreement_of_fifty_years_is_refused(librarian_client, librarian, kindergarten_a):
    agreement = agreement_make(kindergarten=kindergarten_a, coordinator=librarian)
    response = librarian_client.post(
        reverse("kindergarten_depots:agreement_update", args=[agreement.pk]),
        {"start_date": "2026-01-01", "end_date": "2076-01-01"},
    )

    assert "højst 10 år" in response.content.decode()


def test_an_attachment_with_a_250_character_name_is_kept_with_a_shortened_title(
    librarian_client, librarian, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    partnership = PartnershipFactory()
    PartnershipMember.objects.create(partnership=partnership, user=librarian)
    upload = SimpleUploadedFile("a" * 250 + ".pdf", PDF, content_type="application/pdf")
    response = librarian_client.post(
        reverse("partnerships:partnership_journal", args=[partnership.pk]),
        {"kind": "note", "entry_date": "2026-01-15", "text": "Aftale", "attachment_file": upload},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert len(attachment.title) == 200


@pytest.mark.parametrize(
    ("content", "danish"),
    [
        (b"stregkode;titel\n1;Bog\x00\n", "NUL-tegn"),
        (b"stregkode;titel\n1;" + b"x" * 140_000 + b"\n", "131.072"),
    ],
)
def test_a_catalogue_file_with_nul_bytes_or_huge_cells_is_refused(
    librarian_client, content, danish
):
    upload = SimpleUploadedFile("katalog.csv", content, content_type="text/csv")

    response = librarian_client.post(reverse("kindergarten_depots:item_import"), {"file": upload})

    assert response.status_code == 200
    assert danish in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_utf16_catalogue_is_read_without_mojibake(librarian_client):
    text = "stregkode;titel\n1001;Ræven og haren\n"
    upload = SimpleUploadedFile("katalog.csv", text.encode("utf-16"), content_type="text/csv")

    response = librarian_client.post(
        reverse("kindergarten_depots:item_import"), {"file": upload}, follow=True
    )

    assert "Ræven og haren" in response.content.decode()
