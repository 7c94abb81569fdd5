import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kindergarten_depots.catalogue import (
    catalogue_import,
    catalogue_preview,
    decode,
    detect_delimiter,
)
from kindergarten_depots.models import ImportBatch, Item, Theme
from tests.kindergarten_depots.factories import ItemFactory, ThemeFactory
from tests.partnerships.factories import BranchFactory

pytestmark = pytest.mark.django_db

DANISH = (
    "Stregkode;Titel;Forfatter;ISBN;Alder;Emner;Opstilling;Filial\n"
    "1001;Ræven og haren;Kim Fupz Aakeson;978-87-1234-567-8;3-4;Dyr|Venskab;Billedbøger;Ebeltoft\n"
    '1002;"Glad; sur og bange";Lotte Salling;;5–6 år;Følelser;Højtlæsning;Ebeltoft Bibliotek\n'
)


def test_utf8_with_and_without_bom_and_windows_1252_are_read():
    assert decode("æøå".encode()) == "æøå"
    assert decode(b"\xef\xbb\xbf" + "æøå".encode()) == "æøå"
    assert decode("æøå".encode("cp1252")) == "æøå"


def test_the_separator_is_detected_from_the_header():
    assert detect_delimiter("a;b;c\n1;2;3") == ";"
    assert detect_delimiter("a,b,c") == ","
    assert detect_delimiter("a\tb\tc") == "\t"


def test_a_danish_semicolon_file_is_imported_with_themes_and_branch():
    branch = BranchFactory(name="Ebeltoft Bibliotek")

    counts = catalogue_import(text=DANISH)

    assert counts == {"created": 2, "updated": 0, "skipped": 0}
    fox = Item.objects.get(barcode="1001")
    assert fox.isbn == "9788712345678"
    assert fox.age_group == "3-4"
    assert fox.home_branch == branch
    assert sorted(fox.themes.values_list("name", flat=True)) == ["Dyr", "Venskab"]
    quoted = Item.objects.get(barcode="1002")
    assert quoted.title == "Glad; sur og bange"
    assert quoted.age_group == "5-6"


def test_an_english_comma_file_in_windows_1252_with_blank_lines_is_imported():
    text = decode(
        (
            "BARCODE,Title,Author,Age_Group,Subjects,Shelf\r\n"
            "\r\n"
            '2001,"Hop, rim og remser",Halfdan Rasmussen,0-2,"Rim og remser, Sprog",Rim\r\n'
            ",,,,,\r\n"
            "2002,Brandbilen,Søren Jessen,,Biler,\r\n"
        ).encode("cp1252")
    )

    counts = catalogue_import(text=text)

    assert counts == {"created": 2, "updated": 0, "skipped": 0}
    item = Item.objects.get(barcode="2001")
    assert item.title == "Hop, rim og remser"
    assert sorted(item.themes.values_list("name", flat=True)) == ["Rim og remser", "Sprog"]
    assert Item.objects.get(barcode="2002").author == "Søren Jessen"


def test_a_tab_separated_file_with_a_bom_is_imported():
    raw = "\ufeffstregkode\ttitel\talder\n3001\tGodnat\t0-2\n".encode()

    assert catalogue_import(text=decode(raw))["created"] == 1


def test_the_preview_reports_errors_per_row_and_saves_nothing():
    BranchFactory(name="Ebeltoft Bibliotek")
    ItemFactory(barcode="1001", title="Gammel titel")
    text = DANISH + (
        ";Uden stregkode;;;3-4;;;\n"
        "1001;Dubleret;;;3-4;;;\n"
        "1003;Forkert alder;;;7-9;;;\n"
        "1004;Forkert filial;;;3-4;;;Aarhus\n"
    )

    preview = catalogue_preview(text=text)

    assert (preview.valid, preview.invalid, preview.new, preview.existing) == (3, 3, 2, 1)
    errors = {row.line: " ".join(row.errors) for row in preview.errors}
    assert "Stregkoden mangler" in errors[4]
    assert "1001 står allerede tidligere i filen" in errors[5]
    assert "Ukendt filial" in errors[7]
    # An unknown age group is a warning: the book comes in without an age group.
    assert preview.warnings == 1
    assert "Ukendt aldersgruppe" in " ".join(preview.warned[0].warnings)
    assert Item.objects.get(barcode="1001").title == "Gammel titel"


def test_importing_again_updates_by_barcode_and_keeps_the_status():
    BranchFactory(name="Ebeltoft Bibliotek")
    ItemFactory(barcode="1001", title="Gammel titel", status=Item.Status.IN_DEPOT)

    counts = catalogue_import(text=DANISH + "\n;mangler;;;;;;\n")

    assert counts == {"created": 1, "updated": 1, "skipped": 1}
    item = Item.objects.get(barcode="1001")
    assert item.title == "Ræven og haren"
    assert item.status == Item.Status.IN_DEPOT
    assert Theme.objects.filter(name="Dyr").count() == 1


def test_a_file_without_the_required_columns_is_refused():
    preview = catalogue_preview(text="navn;pris\nx;1\n")

    assert preview.header_errors
    assert catalogue_import(text="navn;pris\nx;1\n") == {"created": 0, "updated": 0, "skipped": 0}


def test_upload_preview_and_confirm_through_the_pages(librarian_client, librarian):
    BranchFactory(name="Ebeltoft Bibliotek")
    upload = SimpleUploadedFile("katalog.csv", DANISH.encode("cp1252"), content_type="text/csv")

    response = librarian_client.post(reverse("kindergarten_depots:item_import"), {"file": upload})

    batch = ImportBatch.objects.get()
    assert response.url == reverse("kindergarten_depots:item_import_preview", args=[batch.token])
    preview = librarian_client.get(response.url)
    assert "Ræven og haren" in preview.content.decode()
    assert not Item.objects.exists()

    done = librarian_client.post(response.url, follow=True)

    # The import runs as a background task (at once in the tests) and its page shows the result.
    assert done.redirect_chain[-1][0] == reverse(
        "kindergarten_depots:item_import_progress", args=[batch.token]
    )
    assert Item.objects.count() == 2
    assert "2 bøger oprettet" in done.content.decode()
    assert 'aria-valuenow="100"' in done.content.decode()
    # The preview cannot be imported twice.
    assert librarian_client.post(response.url).status_code == 404


def test_another_librarians_preview_is_not_reachable(librarian_client, admin_client_):
    upload = SimpleUploadedFile("katalog.csv", DANISH.encode(), content_type="text/csv")
    response = librarian_client.post(reverse("kindergarten_depots:item_import"), {"file": upload})

    assert admin_client_.get(response.url).status_code == 404


def test_an_empty_upload_is_rejected(librarian_client):
    upload = SimpleUploadedFile("tom.csv", b"", content_type="text/csv")

    response = librarian_client.post(reverse("kindergarten_depots:item_import"), {"file": upload})

    assert response.status_code == 200
    assert not ImportBatch.objects.exists()


def test_unconfirmed_uploads_are_purged_after_a_day(librarian):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from kindergarten_depots.catalogue import import_batches_purge

    old = ImportBatch(uploaded_by=librarian, filename="gammel.csv")
    old.file.save("gammel.csv", ContentFile(b"x"), save=False)
    old.save()
    ImportBatch.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    fresh = ImportBatch.objects.create(uploaded_by=librarian, filename="ny.csv", file="x.csv")

    assert import_batches_purge() == 1
    assert list(ImportBatch.objects.all()) == [fresh]


def test_an_unknown_age_group_is_imported_empty_with_a_warning_in_the_preview(
    librarian_client,
):
    text = "stregkode;titel;alder\n7001;Ukendt alder;7-9\n"

    counts = catalogue_import(text=text)

    assert counts["created"] == 1
    assert Item.objects.get(barcode="7001").age_group == ""


@pytest.mark.parametrize(
    "existing,incoming",
    [("Årstider", "årstider"), ("İstanbul", "i̇stanbul"), ("ØKOLOGI", "økologi")],
)
def test_themes_match_case_insensitively_also_for_danish_letters(existing, incoming):
    ThemeFactory(name=existing)
    text = f"stregkode;titel;emner\n8001;Bog;{incoming}\n8002;Bog 2;{existing}\n"

    catalogue_import(text=text)

    assert Theme.objects.count() == 1
    assert Item.objects.get(barcode="8001").themes.get().name == existing


def test_an_import_with_a_new_danish_theme_twice_in_different_case_makes_one_theme():
    text = "stregkode;titel;emner\n8101;Bog;Årstider\n8102;Bog 2;ÅRSTIDER\n"

    catalogue_import(text=text)

    assert Theme.objects.count() == 1
    assert Item.objects.get(barcode="8102").themes.get() == Theme.objects.get()
