"""The shapes every app's views share: a page with a form, and a service run from a view.

``form_page`` shows a form, or saves it and moves on; ``action_run`` runs a one-click
action and shows the service's refusal as an error message; ``form_action_run`` puts
a service's refusal on the form that asked for it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from toolkit.forms import form_errors_message, validation_error_message


def form_page(request, form, template: str, context: dict, *, on_valid):
    """Render ``form`` (a form or formset) in ``template``; on a valid POST return ``on_valid(form)``.

    ``on_valid`` saves and returns the response, normally a redirect. An invalid POST
    re-renders the page with the errors and the form-error message.
    """
    if request.method == "POST":
        if form.is_valid():
            return on_valid(form)
        form_errors_message(request)
    return render(request, template, {"form": form, **context})


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
