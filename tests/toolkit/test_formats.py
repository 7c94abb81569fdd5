"""Dates and numbers go through Django's localisation: Danish as Danes write them,
English in one day-month-year style, thousands grouped."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from toolkit.templatetags.ui import grouped, short_weekday_date, weekday_date

DAY = date(2027, 2, 17)


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("da", "onsdag 17. februar 2027", "ons 17.02.2027"),
        ("en", "Wednesday 17 February 2027", "Wed 17 Feb 2027"),
    ],
)
def test_weekday_dates_follow_the_language(language, long, short):
    with translation.override(language):
        assert weekday_date(DAY) == long
        assert short_weekday_date(DAY) == short


def test_english_uses_one_day_month_year_style():
    with translation.override("en"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "17 Feb 2027"
        assert date_format(DAY, "DATE_FORMAT") == "17 February 2027"
        assert date_format(DAY, "YEAR_MONTH_FORMAT") == "February 2027"


def test_danish_month_names_are_lowercase():
    with translation.override("da"):
        rendered = Template('{{ d|date:"DATE_FORMAT" }} {{ d|date:"YEAR_MONTH_FORMAT" }}').render(
            Context({"d": date(2026, 10, 1)})
        )
    assert rendered == "1. oktober 2026 oktober 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", ["1.720", "12.345,5", "2027", "7"]), ("en", ["1,720", "12,345.5", "2027", "7"])],
)
def test_numbers_are_grouped_but_text_is_left_alone(language, expected):
    with translation.override(language):
        assert [grouped(v) for v in (1720, Decimal("12345.5"), "2027", 7)] == expected
