from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticate by e-mail address, ignoring its case.

    ``UserManager.get_by_natural_key`` already matches case-insensitively; this
    subclass exists to strip stray white space typed on a phone keyboard.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = username.strip()
        return super().authenticate(request, username=username, password=password, **kwargs)
