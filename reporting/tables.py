"""A report table: the one shape that the page, its chart and both exports are drawn from."""

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from toolkit.csv import FORMULA_STARTS, csv_response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A page shows this many rows of a table; the downloads always have every row.
PAGE_ROWS = 50
# A bar chart draws at most this many bars (the largest); the table has them all.
CHART_BARS = 20
# Excel refuses sheet names over 31 characters and some punctuation.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def month_label(month: date) -> str:
    """Return a month as text ("marts 2026"), which no spreadsheet turns into a date."""
    return date_format(month, "F Y")


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: which column labels the bars and which columns are the bars."""

    kind: str = "bar"  # a Chart.js chart type: "bar" or "line"
    values: tuple[int, ...] = (1,)
    stacked: bool = False
    horizontal: bool = False


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    summary: str
    chart: Chart | None = None
    empty: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def page_rows(self) -> list[list]:
        return self.rows[:PAGE_ROWS]

    @property
    def is_cut(self) -> bool:
        """Return whether the page shows only part of the rows."""
        return len(self.rows) > PAGE_ROWS

    def _chart_rows(self) -> list[list]:
        if self.chart.kind != "bar" or len(self.rows) <= CHART_BARS:
            return self.rows
        first = self.chart.values[0]
        largest = sorted(self.rows, key=lambda row: _number(row[first]), reverse=True)
        return largest[:CHART_BARS]

    @property
    def chart_is_cut(self) -> bool:
        """Return whether the chart draws only the largest rows."""
        return self.chart is not None and len(self._chart_rows()) < len(self.rows)

    def chart_data(self) -> dict | None:
        """Return what the chart script needs (labels and one data set per value column)."""
        if self.chart is None or not self.rows:
            return None
        rows = self._chart_rows()
        return {
            "type": self.chart.kind,
            "stacked": self.chart.stacked,
            "horizontal": self.chart.horizontal,
            "labels": [str(row[0]) for row in rows],
            "datasets": [
                {"label": str(self.columns[index]), "data": [_number(row[index]) for row in rows]}
                for index in self.chart.values
            ],
        }

    def csv_rows(self) -> list[list]:
        """Return the table for the CSV writer: decimals with a comma, as Danish Excel reads them."""
        return [list(map(str, self.columns))] + [
            [_csv_cell(value) for value in row] for row in self.rows
        ]


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) else 0


def _csv_cell(value):
    if isinstance(value, Decimal | float):
        return f"{value:.1f}".replace(".", ",")
    return value


def _xlsx_cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) else str(value)


def table_csv(table: Table, *, filename: str) -> HttpResponse:
    return csv_response(table.csv_rows(), filename=filename)


def _sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def tables_xlsx(tables: list[Table], *, filename: str) -> HttpResponse:
    """Return ``tables`` as an Excel workbook, one sheet per table, as a download."""
    return xlsx_response(xlsx_bytes(tables), filename=filename)


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    """Return an Excel workbook's bytes as a download."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def xlsx_bytes(tables: list[Table]) -> bytes:
    """Return ``tables`` as the bytes of an Excel workbook, one sheet per table."""
    # Write-only mode streams rows out instead of keeping a cell object for each.
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        for index, column in enumerate(table.columns):
            width = max([len(str(column))] + [len(str(row[index])) for row in table.rows])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, 60)
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            # openpyxl stores a text starting with "=" as a formula: quote it, like the CSV.
            sheet.append([_formula_safe(_xlsx_cell(value)) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _formula_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
