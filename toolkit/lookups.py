"""A database lookup that makes huge integers in ``__in`` match nothing instead of failing."""

from django.db.models import IntegerField
from django.db.models.lookups import In

# Django already drops out-of-range values for exact/gt/lt on integer columns
# (IntegerFieldOverflow); ``__in`` still passes them on, and SQLite then raises
# OverflowError. A value no column can hold cannot match a row, so drop it.
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1


class IntegerFieldIn(In):
    def get_prep_lookup(self):
        values = super().get_prep_lookup()
        if self.rhs_is_direct_value() and isinstance(values, list | tuple | set):
            values = [
                value
                for value in values
                if not isinstance(value, int) or MIN_INTEGER <= value <= MAX_INTEGER
            ]
        return values


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
