"""Running a service from a view: the refusal becomes a message or a form error."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError

from toolkit.forms import validation_error_message


def action_run(request, run: Callable[[], Any], *, success: str | Callable[[Any], str]) -> bool:
    """Run a one-click action; show its refusal as an error, else ``success`` as a message.

    ``success`` may be a function of what ``run`` returned. Return whether it succeeded.
    """
    try:
        result = run()
    except ValidationError as error:
        validation_error_message(request, error)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def form_action_run(form, run: Callable[[], Any], *, field: str | None = None) -> bool:
    """Run the action of a valid ``form``; put its refusal on the form (on ``field``, or
    above the fields). Return whether it succeeded."""
    try:
        run()
    except ValidationError as error:
        form.add_error(field, error)
        return False
    return True
