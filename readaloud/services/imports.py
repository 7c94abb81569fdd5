"""Importing a school's class list (CSV or XLSX) as readers, with a preview first."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from partnerships.models import Partner
from readaloud.models import Championship, Contestant

# Column headings understood in the first row (lower-cased), Danish and English.
COLUMNS = {
    "first_name": ("fornavn", "first name", "first_name"),
    "last_name": ("efternavn", "last name", "last_name"),
    "grade": ("klassetrin", "grade", "årgang"),
    "class_name": ("klasse", "class", "class_name"),
}
MAX_ROWS = 500


@dataclass
class ImportRow:
    line: int
    first_name: str
    last_name: str
    grade: int | None
    class_name: str
    errors: list[str] = field(default_factory=list)
    duplicate: bool = False

    @property
    def importable(self) -> bool:
        return not self.errors and not self.duplicate

    def as_dict(self) -> dict:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "grade": self.grade,
            "class_name": self.class_name,
        }


def _table(upload) -> list[list[str]]:
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(upload, read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValidationError(
                _("The file is not a readable XLSX workbook."), code="bad_xlsx"
            ) from error
        return [
            ["" if value is None else str(value).strip() for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if name.endswith(".csv"):
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t") if text.strip() else None
        reader = csv.reader(io.StringIO(text), dialect or csv.excel)
        return [[cell.strip() for cell in row] for row in reader]
    raise ValidationError(_("Upload a CSV or XLSX file."), code="bad_file_type")


def _grade(value: str, class_name: str) -> int | None:
    match = re.match(r"\s*(\d{1,2})", value or class_name or "")
    return int(match.group(1)) if match else None


def class_list_parse(*, upload, championship: Championship, school: Partner) -> list[ImportRow]:
    """Read a class list and return its rows with their errors and duplicates flagged.

    The first row names the columns: first name, last name, grade (or a class such as
    "5.b", from which the grade is read) and class.
    """
    table = [row for row in _table(upload) if any(row)]
    if not table:
        raise ValidationError(_("The file is empty."), code="empty_file")
    headings = [cell.lower() for cell in table[0]]
    index = {}
    for key, names in COLUMNS.items():
        index[key] = next((i for i, h in enumerate(headings) if h in names), None)
    if index["first_name"] is None:
        raise ValidationError(
            _("The first row must name the columns, at least “Fornavn”."), code="no_headings"
        )
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(
            _("At most %(max)s readers can be imported at a time.") % {"max": MAX_ROWS},
            code="too_many_rows",
        )
    existing = {
        (first.lower(), last.lower())
        for first, last in Contestant.objects.filter(
            championship=championship, school=school
        ).values_list("first_name", "last_name")
    }
    seen = set()
    rows = []
    for line, cells in enumerate(table[1:], start=2):

        def cell(key, cells=cells):
            position = index[key]
            return cells[position] if position is not None and position < len(cells) else ""

        row = ImportRow(
            line=line,
            first_name=cell("first_name")[:100],
            last_name=cell("last_name")[:100],
            grade=_grade(cell("grade"), cell("class_name")),
            class_name=cell("class_name")[:20],
        )
        if not row.first_name:
            row.errors.append(_("The first name is missing."))
        if row.grade is None:
            row.errors.append(_("The grade is missing."))
        elif not championship.grade_from <= row.grade <= championship.grade_to:
            row.errors.append(
                _("The championship is for grades %(first)s to %(last)s.")
                % {"first": championship.grade_from, "last": championship.grade_to}
            )
        key = (row.first_name.lower(), row.last_name.lower())
        row.duplicate = key in existing or key in seen
        seen.add(key)
        rows.append(row)
    return rows


def class_list_import(
    *, championship: Championship, school: Partner, rows: list[dict], by: User
) -> list[Contestant]:
    """Register the previewed rows as readers of ``school`` (consent is recorded later)."""
    with transaction.atomic():
        existing = {
            (first.lower(), last.lower())
            for first, last in Contestant.objects.select_for_update()
            .filter(championship=championship, school=school)
            .values_list("first_name", "last_name")
        }
        created = []
        for data in rows:
            key = (data["first_name"].lower(), data["last_name"].lower())
            if key in existing or not data["first_name"] or data["grade"] is None:
                continue
            existing.add(key)
            created.append(
                Contestant.objects.create(
                    championship=championship,
                    school=school,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    grade=data["grade"],
                    class_name=data["class_name"],
                )
            )
    return created
