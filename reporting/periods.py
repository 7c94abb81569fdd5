"""The period a report covers: a calendar year by default, or any date range."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from toolkit.forms import DateInput

FIRST_YEAR = 2000
LAST_YEAR = 2100
# A longer range makes no sense for a report and would only cost the database.
MAX_DAYS = 366 * 10


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    year: int | None = None

    @classmethod
    def of_year(cls, year: int) -> "Period":
        return cls(start=date(year, 1, 1), end=date(year, 12, 31), year=year)

    @property
    def label(self) -> str:
        if self.year is not None:
            return str(self.year)
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": date_format(self.end, "SHORT_DATE_FORMAT"),
        }

    @property
    def query(self) -> str:
        """Return the query string that selects this period again (for export links)."""
        if self.year is not None:
            return urlencode({"year": self.year})
        return urlencode({"start": self.start.isoformat(), "end": self.end.isoformat()})

    @property
    def slug(self) -> str:
        """Return the period as part of a file name."""
        if self.year is not None:
            return str(self.year)
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


class PeriodForm(forms.Form):
    """Pick a year, or a range of dates (which wins when both are given)."""

    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"invalid": gettext_lazy("Enter a year, e.g. 2026.")},
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if bool(start) != bool(end) and not self.errors:
            raise ValidationError(
                _("Give both the first and the last day of the period, or choose a year."),
                code="period_incomplete",
            )
        if start and end:
            if end < start:
                self.add_error(
                    "end",
                    ValidationError(
                        _("The last day cannot be before the first day."), code="end_before_start"
                    ),
                )
            elif end - start > timedelta(days=MAX_DAYS):
                self.add_error(
                    "end",
                    ValidationError(
                        _("Choose a period of at most ten years."), code="period_too_long"
                    ),
                )
        return cleaned

    @property
    def year_fields(self) -> list:
        """Return only the year field (the annual report is chosen by year)."""
        return [self["year"]]

    def period(self, *, today: date) -> Period:
        """Return the chosen period; this year when nothing (valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return Period.of_year(today.year)
        if self.cleaned_data.get("start") and self.cleaned_data.get("end"):
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return Period.of_year(self.cleaned_data.get("year") or today.year)


def period_form(data) -> PeriodForm:
    """Return the period form, bound only when the query string chooses something."""
    chosen = {key: data[key] for key in ("year", "start", "end") if data.get(key)}
    return PeriodForm(chosen or None)
