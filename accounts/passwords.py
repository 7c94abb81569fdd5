"""Password rules beyond Django's validators (configured in AUTH_PASSWORD_VALIDATORS).

The Danish list of common passwords, ``accounts/common-passwords-da.txt.gz``, holds
Danish words people choose (kodeord, sommer, velkommen, place names, first names,
months, seasons, …) with the endings people add (1, 123, !, years 1950–2045, two
digits): kodeord1, sommer2027, Velkommen123! It is checked next to Django's own
list, case-insensitively. Add a line to the (gzipped, one per line) file to refuse
another password.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DANISH_COMMON_PASSWORDS = Path(__file__).resolve().parent / "common-passwords-da.txt.gz"


class NotBlankValidator:
    """Refuse a password that is only spaces, tabs or line breaks."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError(_("The password cannot be only spaces."), code="password_blank")

    def get_help_text(self):
        return _("Your password cannot be only spaces.")
