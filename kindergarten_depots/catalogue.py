"""Reading the catalogue files that library systems export (CSV), and importing them.

Files come in many shapes: separated by ``;``, ``,`` or tab; UTF-8 with or
without BOM or Windows-1252; Danish or English headers in any case. Rows are
read one at a time and written in batches, so a 100,000-row file never sits in
memory as model objects. Confirming an upload queues a background task
(django-tasks) that imports it and reports its progress on the batch row.
"""

import csv
import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User
from kindergarten_depots.models import AgeGroup, ImportBatch, Item, Theme
from partnerships.models import Branch

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
MAX_LENGTHS = {"barcode": 40, "title": 300, "author": 200, "isbn": 20, "shelf": 100}

HEADER_ALIASES = {
    "stregkode": "barcode",
    "barcode": "barcode",
    "titel": "title",
    "title": "title",
    "forfatter": "author",
    "author": "author",
    "isbn": "isbn",
    "alder": "age_group",
    "aldersgruppe": "age_group",
    "age_group": "age_group",
    "age group": "age_group",
    "emner": "subjects",
    "emne": "subjects",
    "subjects": "subjects",
    "themes": "subjects",
    "temaer": "subjects",
    "opstilling": "shelf",
    "shelf": "shelf",
    "filial": "branch",
    "branch": "branch",
}
REQUIRED_COLUMNS = ("barcode", "title")


def decode(raw: bytes) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without BOM), UTF-16 with a
    BOM (Excel's "Unicode text"), or Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def detect_delimiter(text: str) -> str:
    """Return the separator of the header line: the most frequent of ``;``, tab and ``,``."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first_line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def parse_age_group(value: str) -> str | None:
    """Return the age-group code for values like ``3-4``, ``3–4 år`` or ``0 - 2``; None if unknown."""
    cleaned = value.lower().replace("–", "-").replace("år", "").replace("years", "")
    cleaned = cleaned.replace(" ", "")
    if not cleaned:
        return ""
    return cleaned if cleaned in AgeGroup.values else None


def split_subjects(value: str) -> list[str]:
    separator = "|" if "|" in value else ","
    return [part.strip() for part in value.split(separator) if part.strip()]


@dataclass
class Row:
    line: int
    barcode: str
    title: str = ""
    author: str = ""
    isbn: str = ""
    age_group: str = ""
    subjects: list[str] = field(default_factory=list)
    shelf: str = ""
    branch_id: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """What the importer found in a file, before anything is saved."""

    header_errors: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    sample: list[Row] = field(default_factory=list)
    errors: list[Row] = field(default_factory=list)
    warned: list[Row] = field(default_factory=list)
    warnings: int = 0
    valid: int = 0
    invalid: int = 0
    new: int = 0
    existing: int = 0

    @property
    def total(self) -> int:
        return self.valid + self.invalid


class CatalogueReader:
    """Read the rows of a catalogue file, validating each one."""

    def __init__(self, text: str):
        self.text = text
        self.delimiter = detect_delimiter(text)
        self.header_errors: list[str] = []
        self.columns: list[str] = []
        self._branches = {name.lower(): pk for pk, name in Branch.objects.values_list("pk", "name")}

    def _branch_id(self, value: str) -> int | bool | None:
        key = value.strip().lower()
        if not key:
            return None
        if key in self._branches:
            return self._branches[key]
        prefixed = [pk for name, pk in self._branches.items() if name.startswith(key + " ")]
        return prefixed[0] if len(prefixed) == 1 else False

    def rows(self) -> Iterator[Row]:
        """Yield each non-blank data row with its errors (none when it can be imported)."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        header = None
        for record in reader:
            if any(cell.strip() for cell in record):
                header = record
                break
        if header is None:
            self.header_errors.append(_("The file is empty."))
            return
        mapping = {}
        for index, name in enumerate(header):
            key = HEADER_ALIASES.get(name.strip().lower().lstrip("\ufeff"))
            if key and key not in mapping:
                mapping[key] = index
        self.columns = list(mapping)
        missing = [column for column in REQUIRED_COLUMNS if column not in mapping]
        if missing:
            self.header_errors.append(
                _(
                    "The file must have the columns stregkode/barcode and titel/title. "
                    "The first line was: %(header)s"
                )
                % {"header": self.delimiter.join(header)[:200]}
            )
            return
        seen: set[str] = set()
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue

            def cell(key, record=record):
                index = mapping.get(key)
                if index is None or index >= len(record):
                    return ""
                return record[index].strip()

            row = Row(
                line=reader.line_num,
                barcode=cell("barcode"),
                title=cell("title"),
                author=cell("author"),
                isbn=cell("isbn").replace("-", "").replace(" ", ""),
                shelf=cell("shelf"),
                subjects=split_subjects(cell("subjects")),
            )
            if not row.barcode:
                row.errors.append(_("The barcode is missing."))
            elif row.barcode in seen:
                row.errors.append(
                    _("The barcode %(barcode)s appears earlier in the file.")
                    % {"barcode": row.barcode}
                )
            else:
                seen.add(row.barcode)
            if not row.title:
                row.errors.append(_("The title is missing."))
            age = parse_age_group(cell("age_group"))
            if age is None:
                # Imported all the same, without an age group, so the book is not lost.
                row.warnings.append(
                    _(
                        "Unknown age group “%(value)s” (use 0-2, 3-4 or 5-6): imported "
                        "without an age group."
                    )
                    % {"value": cell("age_group")}
                )
            else:
                row.age_group = age
            branch = self._branch_id(cell("branch"))
            if branch is False:
                row.errors.append(_("Unknown branch “%(value)s”.") % {"value": cell("branch")})
            else:
                row.branch_id = branch
            for key, limit in MAX_LENGTHS.items():
                if len(getattr(row, key)) > limit:
                    row.errors.append(
                        _("The %(column)s is longer than %(limit)s characters.")
                        % {"column": key, "limit": limit}
                    )
            yield row


def _batches(rows: Iterator[Row], size: int = BATCH_SIZE) -> Iterator[list[Row]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def catalogue_preview(*, text: str, sample_size: int = 10, max_errors: int = 200) -> Preview:
    """Return what importing ``text`` would do, without saving anything."""
    reader = CatalogueReader(text)
    preview = Preview()
    for batch in _batches(reader.rows()):
        valid = [row for row in batch if not row.errors]
        existing = set(
            Item.objects.filter(barcode__in=[row.barcode for row in valid]).values_list(
                "barcode", flat=True
            )
        )
        preview.existing += len(existing)
        preview.new += len(valid) - len(existing)
        preview.valid += len(valid)
        for row in batch:
            if row.errors:
                preview.invalid += 1
                if len(preview.errors) < max_errors:
                    preview.errors.append(row)
            else:
                if row.warnings:
                    preview.warnings += 1
                    if len(preview.warned) < max_errors:
                        preview.warned.append(row)
                if len(preview.sample) < sample_size:
                    preview.sample.append(row)
    preview.header_errors = reader.header_errors
    preview.columns = reader.columns
    return preview


def catalogue_import(*, text: str, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Upsert the valid rows of ``text`` by barcode, each batch in its own transaction.

    Returns {"created": …, "updated": …, "skipped": …}. Item statuses are kept.
    ``progress`` is called with the number of rows done before each batch. The
    upsert makes importing the same file again safe, also after an interruption.
    """
    reader = CatalogueReader(text)
    counts = {"created": 0, "updated": 0, "skipped": 0}
    through = Item.themes.through
    themes = _theme_ids()
    now = timezone.now()
    done = 0
    for batch in _batches(reader.rows()):
        if progress:
            progress(done)
        done += len(batch)
        with transaction.atomic():
            valid = [row for row in batch if not row.errors]
            counts["skipped"] += len(batch) - len(valid)
            if not valid:
                continue
            barcodes = [row.barcode for row in valid]
            existing = set(
                Item.objects.filter(barcode__in=barcodes).values_list("barcode", flat=True)
            )
            counts["updated"] += len(existing)
            counts["created"] += len(valid) - len(existing)
            Item.objects.bulk_create(
                [
                    Item(
                        barcode=row.barcode,
                        title=row.title,
                        author=row.author,
                        isbn=row.isbn,
                        age_group=row.age_group,
                        shelf=row.shelf,
                        home_branch_id=row.branch_id,
                        created_at=now,
                        updated_at=now,
                    )
                    for row in valid
                ],
                update_conflicts=True,
                unique_fields=["barcode"],
                update_fields=[
                    "title",
                    "author",
                    "isbn",
                    "age_group",
                    "shelf",
                    "home_branch",
                    "updated_at",
                ],
            )
            new_names = {
                Theme.key(subject[:100]): subject[:100]
                for row in valid
                for subject in row.subjects
                if Theme.key(subject[:100]) not in themes
            }
            if new_names:
                Theme.objects.bulk_create(
                    [Theme(name=name) for name in new_names.values()], ignore_conflicts=True
                )
                themes = _theme_ids(missing=new_names)
            ids = dict(Item.objects.filter(barcode__in=barcodes).values_list("barcode", "pk"))
            through.objects.filter(item_id__in=ids.values()).delete()
            links = {
                (ids[row.barcode], themes[Theme.key(subject[:100])])
                for row in valid
                for subject in row.subjects
            }
            through.objects.bulk_create(
                [through(item_id=item_id, theme_id=theme_id) for item_id, theme_id in links]
            )
    return counts


def _theme_ids(missing: dict[str, str] | None = None) -> dict[str, int]:
    """Return the themes' ids by ``Theme.key`` (compared in Python, the same on SQLite
    and PostgreSQL). A name in ``missing`` the database matched to a theme whose
    Python key differs (its ``Lower()`` folds a letter Python does not) maps to that
    theme, so an import never fails on it."""
    themes = {Theme.key(name): pk for pk, name in Theme.objects.values_list("pk", "name")}
    for key, name in (missing or {}).items():
        if key not in themes:
            match = (
                Theme.objects.annotate(lowered=Lower("name"))
                .filter(lowered=Lower(Value(name)))
                .values_list("pk", flat=True)
                .first()
            )
            if match is not None:
                themes[key] = match
    return themes


def import_batches_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete uploaded files of previews never confirmed (or already imported); return how many."""
    stale = ImportBatch.objects.filter(uploaded_at__lt=timezone.now() - older_than).exclude(
        status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
    )
    count = 0
    for batch in stale:
        if batch.file:
            batch.file.delete(save=False)
        batch.delete()
        count += 1
    return count


def import_batch_create(*, filename: str, content: bytes, by: User) -> ImportBatch:
    """Keep an uploaded catalogue file until its uploader confirms the preview.

    Batches older than a day are purged first.
    """
    import_batches_purge()
    batch = ImportBatch(uploaded_by=by, filename=filename[:255])
    batch.file.save(f"{batch.token}.csv", ContentFile(content), save=False)
    batch.save()
    return batch


def import_batch_text(batch: ImportBatch) -> str:
    """Return the uploaded file of ``batch`` as text."""
    with batch.file.open("rb") as handle:
        return decode(handle.read())


def import_batch_confirm(*, batch: ImportBatch, by: User) -> bool:
    """Queue the import of ``batch``; return False if it was already confirmed.

    The row lock makes a double click (or ten) import once: only the first
    confirmation finds the batch waiting. The task is written in the same
    transaction, so a confirmed batch always has its task.
    """
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk, uploaded_by=by)
        if locked.status != ImportBatch.Status.UPLOADED:
            return False
        locked.status = ImportBatch.Status.QUEUED
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_at"])
        import_batch_task.enqueue(batch_id=locked.pk)
    return True


def _rows_in(text: str) -> int:
    """Return how many non-blank lines follow the header (the total the progress bar shows)."""
    records = csv.reader(io.StringIO(text), delimiter=detect_delimiter(text))
    return max(0, sum(1 for record in records if any(cell.strip() for cell in record)) - 1)


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """Import the confirmed batch, recording progress and the counts; delete its file.

    Runs once: a batch that is not waiting to start is left alone.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatch.Status.QUEUED:
            return batch
        batch.status = ImportBatch.Status.RUNNING
        batch.save(update_fields=["status"])
    rows = ImportBatch.objects.filter(pk=batch.pk)
    try:
        text = import_batch_text(batch)
        batch.rows_total = _rows_in(text)
        rows.update(rows_total=batch.rows_total)
        counts = catalogue_import(text=text, progress=lambda done: rows.update(rows_done=done))
    except Exception:
        logger.exception("Catalogue import %s failed", batch.pk)
        rows.update(status=ImportBatch.Status.FAILED)
        batch.refresh_from_db()
        return batch
    batch.status = ImportBatch.Status.DONE
    batch.rows_done = batch.rows_total
    batch.created_count = counts["created"]
    batch.updated_count = counts["updated"]
    batch.skipped_count = counts["skipped"]
    batch.imported_at = timezone.now()
    batch.file.delete(save=False)
    batch.save()
    return batch


@task()
def import_batch_task(batch_id: int) -> None:
    """Run a confirmed catalogue import in the background worker."""
    import_batch_run(batch_id=batch_id)
