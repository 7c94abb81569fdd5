"""The one shape of ``visible_to(user)``: every scoped queryset starts here."""

from django.db import models

from accounts import roles


class VisibleToQuerySet(models.QuerySet):
    """Librarians see every row; anybody else sees what ``scoped_to(user)`` returns.

    Subclasses override ``scoped_to`` with the rows a non-librarian may reach (their
    own partnerships, their own kindergarten's agreements, …); by default nothing.
    """

    def visible_to(self, user):
        if roles.is_librarian(user):
            return self
        return self.scoped_to(user)

    def scoped_to(self, user):
        return self.none()
