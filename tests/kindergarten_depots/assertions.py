"""Read what a response or form refused, by code and level rather than by wording."""

from django.contrib.messages import constants


def error_messages(response) -> list[str]:
    """Return the error messages a (followed) response shows."""
    return [str(m) for m in response.context["messages"] if m.level == constants.ERROR]


def error_codes(form) -> list[str]:
    """Return the codes of every error on ``form``, field by field in order."""
    return [error.code for errors in form.errors.as_data().values() for error in errors]
