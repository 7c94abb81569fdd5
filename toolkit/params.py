"""Reading query parameters that anyone can type: bounded, never an error page."""

from datetime import date

from toolkit.forms import EARLIEST_DATE, LATEST_DATE

# The largest id a database column holds (signed 64-bit); larger numbers match nothing.
MAX_ID = 2**63 - 1


def date_param(value: str | None, default: date) -> tuple[date, bool]:
    """Return the ISO date ``value`` (or ``default``) and whether ``value`` was refused.

    A date that is not a date, or lies outside the years the app accepts, is refused.
    """
    if not value:
        return default, False
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return default, True
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return default, True
    return day, False


def id_param(value: str | None) -> int | None:
    """Return ``value`` as a database id, or None when it is not a plausible one."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
