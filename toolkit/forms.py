"""Form pieces every app uses: the date widget, the crispy set-up and the messages
shown when a form or a service refuses input."""

from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Dates the app accepts anywhere: wide enough for any real plan, narrow enough that
# date arithmetic (schedules, calendars) never leaves Python's date range.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def validate_date_in_range(value) -> None:
    """Refuse a date before 1900 or after 2199 (a typo such as 0001-01-01 or 9999-12-31)."""
    if value and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            gettext_lazy("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
            },
        )


class DateBoundsMixin:
    """Refuse out-of-range dates in every date field of the form, with a clear message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.validators.append(validate_date_in_range)
                field.widget.attrs.setdefault("min", EARLIEST_DATE.isoformat())
                field.widget.attrs.setdefault("max", LATEST_DATE.isoformat())


class DateInput(forms.DateInput):
    """A native date picker; the value is ISO formatted, as the browser expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CrispyFormMixin(DateBoundsMixin):
    """Set up crispy-forms for a form rendered inside the page's own ``<form>`` tag.

    The template writes the ``<form>``, the CSRF token and the buttons; crispy renders
    only the fields. Its date fields refuse out-of-range dates.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def form_errors_message(request) -> None:
    """Tell the user that the submitted form was not saved (the error summary lists why)."""
    messages.error(request, _("The form has errors and was not saved."))


def error_text(error: ValidationError) -> str:
    """Return a service's ``ValidationError`` as one sentence for a message."""
    return " ".join(error.messages)


def validation_error_message(request, error: ValidationError) -> None:
    """Show a service's refusal (``ValidationError``) as an error message."""
    messages.error(request, error_text(error))
