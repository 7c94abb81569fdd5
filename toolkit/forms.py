"""Form pieces every app uses: the date widget, the crispy set-up and the messages
shown when a form or a service refuses input."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DateInput(forms.DateInput):
    """A native date picker; the value is ISO formatted, as the browser expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CrispyFormMixin:
    """Set up crispy-forms for a form rendered inside the page's own ``<form>`` tag.

    The template writes the ``<form>``, the CSRF token and the buttons; crispy renders
    only the fields.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def form_errors_message(request) -> None:
    """Tell the user that the submitted form was not saved and why to look at it."""
    messages.error(request, _("The form has errors. Correct the fields marked in red."))


def error_text(error: ValidationError) -> str:
    """Return a service's ``ValidationError`` as one sentence for a message."""
    return " ".join(error.messages)


def validation_error_message(request, error: ValidationError) -> None:
    """Show a service's refusal (``ValidationError``) as an error message."""
    messages.error(request, error_text(error))
