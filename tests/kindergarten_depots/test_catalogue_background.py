"""Confirming a catalogue import: it runs once, in the background, with progress."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kindergarten_depots import catalogue
from kindergarten_depots.models import ImportBatch, Item
from tests.threads import at_once

CSV = "stregkode;titel\n" + "".join(f"{n};Bog {n}\n" for n in range(1, 4501))


def upload(user, text=CSV) -> ImportBatch:
    return catalogue.import_batch_create(filename="katalog.csv", content=text.encode(), by=user)


# The worker manages its own database connections, so these tests really commit.
@pytest.mark.django_db(transaction=True)
def test_confirming_queues_the_import_and_the_worker_runs_it_with_progress(
    role_groups, librarian_client, librarian, database_tasks
):
    batch = upload(librarian)

    response = librarian_client.post(
        reverse("kindergarten_depots:item_import_preview", args=[batch.token])
    )

    progress_url = reverse("kindergarten_depots:item_import_progress", args=[batch.token])
    assert response.url == progress_url
    assert not Item.objects.exists()
    waiting = librarian_client.get(progress_url)
    assert "Venter på at starte" in waiting.content.decode()
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert DBTaskResult.objects.count() == 1

    call_command("run_worker", "--once", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_done, batch.rows_total, batch.created_count) == (4500, 4500, 4500)
    assert Item.objects.count() == 4500
    finished = librarian_client.get(progress_url, headers={"HX-Request": "true"})
    page = finished.content.decode()
    assert "4500 af 4500 rækker" in page
    assert "4500 bøger oprettet" in page
    assert "hx-trigger" not in page  # polling stops when the import is done
    assert not batch.file


@pytest.mark.django_db
def test_the_progress_is_recorded_while_the_rows_are_written(librarian):
    batch = upload(librarian)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    seen = []
    original = catalogue.catalogue_import

    def spying_import(*, text, progress):
        def record(done):
            progress(done)
            seen.append(ImportBatch.objects.get(pk=batch.pk).rows_done)

        return original(text=text, progress=record)

    catalogue.catalogue_import = spying_import
    try:
        catalogue.import_batch_run(batch_id=batch.pk)
    finally:
        catalogue.catalogue_import = original

    assert seen == [0, 2000, 4000]


@pytest.mark.django_db(transaction=True)
def test_confirming_twice_runs_the_import_once(
    role_groups, librarian_client, librarian, database_tasks
):
    batch = upload(librarian)
    url = reverse("kindergarten_depots:item_import_preview", args=[batch.token])

    assert catalogue.import_batch_confirm(batch=batch, by=librarian) is True
    assert catalogue.import_batch_confirm(batch=batch, by=librarian) is False
    assert librarian_client.post(url).status_code == 404
    assert DBTaskResult.objects.count() == 1

    # Even a task that was queued twice imports once: the batch is no longer waiting.
    call_command("run_worker", "--once", verbosity=0)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE)
    assert catalogue.import_batch_run(batch_id=batch.pk).status == ImportBatch.Status.DONE


@pytest.mark.django_db
def test_a_failing_import_is_shown_as_failed(librarian_client, librarian):
    batch = upload(librarian)
    batch.file.delete(save=False)  # the worker finds no file
    batch.file.save("weg.csv", ContentFile(b""), save=True)
    batch.file.storage.delete(batch.file.name)

    librarian_client.post(reverse("kindergarten_depots:item_import_preview", args=[batch.token]))

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    page = librarian_client.get(
        reverse("kindergarten_depots:item_import_progress", args=[batch.token])
    )
    assert "Importen mislykkedes" in page.content.decode()


@pytest.mark.django_db
def test_only_the_uploader_sees_the_progress(admin_client_, librarian):
    batch = upload(librarian)
    catalogue.import_batch_confirm(batch=batch, by=librarian)

    url = reverse("kindergarten_depots:item_import_progress", args=[batch.token])
    assert admin_client_.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks (SELECT … FOR UPDATE)"
)
def test_ten_simultaneous_confirmations_queue_one_import(role_groups, librarian, database_tasks):
    batch = upload(librarian)
    results = at_once(lambda: catalogue.import_batch_confirm(batch=batch, by=librarian))

    assert sorted(results) == [False] * 9 + [True]
    assert DBTaskResult.objects.count() == 1
