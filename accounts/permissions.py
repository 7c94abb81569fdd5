"""View guards built on ``accounts.roles``.

Anonymous visitors are sent to the login page; a logged-in user without the
role gets 403. Object-level access is not decided here: views fetch objects
from a queryset scoped to the user, so objects they may not see are 404.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts import roles


def _guard(request, test):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not test(request.user):
        raise PermissionDenied
    return None


def role_required(test):
    """Decorate a function view so that only users passing ``test(user)`` get in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _guard(request, test) or view(request, *args, **kwargs)

        return wrapped

    return decorator


librarian_required = role_required(roles.is_librarian)
kindergarten_staff_required = role_required(roles.is_kindergarten_staff)


class RoleRequiredMixin(AccessMixin):
    """Class-based counterpart of ``role_required``; set ``role_test``."""

    role_test = staticmethod(lambda user: False)

    def dispatch(self, request, *args, **kwargs):
        return _guard(request, self.role_test) or super().dispatch(request, *args, **kwargs)


class LibrarianRequiredMixin(RoleRequiredMixin):
    role_test = staticmethod(roles.is_librarian)
