"""A school librarian imports readers from a class list (CSV or XLSX) after a preview."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from partnerships.models import PartnershipMember
from readaloud.models import Championship, Contestant
from tests.partnerships.factories import SchoolFactory
from tests.readaloud.factories import ContestantFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Fornavn;Efternavn;Klassetrin;Klasse\n"
    "Ida;Holm;5;5.a\n"
    "Noah;Berg;;6.b\n"
    ";Uden;5;5.a\n"
    "Lille;Bror;2;2.c\n"
    "Ida;Holm;5;5.a\n"
    "Eksisterende;Elev;5;5.b\n"
)


@pytest.fixture
def open_edition(championship, partner_member, school):
    championship.status = Championship.Status.REGISTRATION_OPEN
    championship.save()
    PartnershipMember.objects.create(partnership=championship.organiser, user=partner_member)
    ContestantFactory(
        championship=championship, school=school, first_name="Eksisterende", last_name="Elev"
    )
    return championship


def upload(client, championship, name, content):
    return client.post(
        reverse("readaloud:contestant_import", args=[championship.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_the_preview_flags_errors_and_duplicates_and_saves_nothing(
    partner_member_client, open_edition
):
    response = upload(partner_member_client, open_edition, "5a.csv", CSV.encode("utf-8"))

    rows = {row.line: row for row in response.context["rows"]}
    assert rows[2].importable
    assert rows[3].importable and rows[3].grade == 6  # read from the class "6.b"
    assert "Fornavnet mangler." in rows[4].errors
    assert rows[5].errors  # grade 2 is not eligible
    assert rows[6].duplicate  # twice in the list
    assert rows[7].duplicate  # already registered
    assert response.context["importable"] == 2
    assert Contestant.objects.count() == 1


def test_confirming_the_preview_registers_the_readers_for_the_own_school(
    partner_member_client, open_edition, school
):
    preview = upload(partner_member_client, open_edition, "5a.csv", CSV.encode("utf-8"))

    partner_member_client.post(
        reverse("readaloud:contestant_import", args=[open_edition.pk]),
        {"payload": preview.context["payload"]},
    )

    imported = Contestant.objects.exclude(first_name="Eksisterende")
    assert sorted(imported.values_list("first_name", flat=True)) == ["Ida", "Noah"]
    assert {c.school for c in imported} == {school}
    assert not any(c.has_consent() for c in imported)


def test_an_xlsx_class_list_is_read_too(partner_member_client, open_edition):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Fornavn", "Efternavn", "Klasse"])
    sheet.append(["Asta", "Lund", "4.a"])
    content = io.BytesIO()
    workbook.save(content)

    response = upload(partner_member_client, open_edition, "4a.xlsx", content.getvalue())

    (row,) = response.context["rows"]
    assert (row.first_name, row.last_name, row.grade, row.importable) == ("Asta", "Lund", 4, True)


def test_a_file_that_is_not_a_class_list_is_refused(partner_member_client, open_edition):
    response = upload(partner_member_client, open_edition, "billede.png", b"\x89PNG")

    assert response.status_code == 200
    assert "Upload en CSV- eller XLSX-fil." in response.content.decode()


def test_a_forged_payload_is_refused(partner_member_client, open_edition):
    response = partner_member_client.post(
        reverse("readaloud:contestant_import", args=[open_edition.pk]),
        {"payload": "forfalsket"},
        follow=True,
    )

    assert Contestant.objects.count() == 1
    assert "Forhåndsvisningen er udløbet" in response.content.decode()


def test_a_librarian_chooses_the_school(librarian_client, open_edition):
    other = SchoolFactory(name="Anden Skole")

    response = librarian_client.post(
        reverse("readaloud:contestant_import", args=[open_edition.pk]),
        {"school": other.pk, "file": SimpleUploadedFile("l.csv", b"Fornavn;Klasse\nBo;5.a\n")},
    )

    assert response.context["import_school"] == other
