"""Who may do what: the one place that answers "is this user a …?".

Roles are Django groups created by a data migration. Views, templates and
querysets ask these functions, never ``user.groups`` directly, so that the
meaning of a role is defined here once.

    from accounts import roles

    roles.is_librarian(user)                    # staff pages
    roles.is_kindergarten_staff(user, partner)  # portal of that kindergarten
    roles.is_partner_member(user)
    roles.is_judge(user)
    roles.is_administrator(user)
    roles.is_library_manager(user)              # decides on backing requests

Administrators (and superusers) count as librarians too: they run the library.
Library managers are librarians with one more right: approving or declining the
management backing of partnerships (administrators are not managers by default).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles, as stored in ``Group.name``."""

    LIBRARIAN = "Librarian", _("Librarian")
    PARTNER_MEMBER = "Partner member", _("Partner member")
    KINDERGARTEN_STAFF = "Kindergarten staff", _("Kindergarten staff")
    JUDGE = "Judge", _("Judge")
    ADMINISTRATOR = "Administrator", _("Administrator")
    LIBRARY_MANAGER = "Library manager", _("Library manager")


_CACHE_ATTR = "_role_names_cache"


def _role_names(user) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def clear_cache(user) -> None:
    """Forget the cached roles of ``user`` (after changing its groups)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, role: Role) -> bool:
    """Return whether ``user`` is active and holds ``role``."""
    return role in _role_names(user)


def roles_of(user) -> list[Role]:
    """Return the roles ``user`` holds, in the order of ``Role``."""
    names = _role_names(user)
    return [role for role in Role if role in names]


def is_administrator(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, Role.ADMINISTRATOR)


def is_librarian(user) -> bool:
    """Return whether ``user`` may use the library staff pages."""
    return (
        has_role(user, Role.LIBRARIAN)
        or has_role(user, Role.LIBRARY_MANAGER)
        or is_administrator(user)
    )


def is_library_manager(user) -> bool:
    """Return whether ``user`` may approve or decline the backing of partnerships."""
    return has_role(user, Role.LIBRARY_MANAGER)


def is_partner_member(user) -> bool:
    return has_role(user, Role.PARTNER_MEMBER)


def is_judge(user) -> bool:
    return has_role(user, Role.JUDGE)


def is_kindergarten_staff(user, partner=None) -> bool:
    """Return whether ``user`` is kindergarten staff (of ``partner``, when given).

    Staff without a linked institution are staff of nothing.
    """
    if not has_role(user, Role.KINDERGARTEN_STAFF) or user.partner_id is None:
        return False
    if partner is None:
        return True
    partner_id = partner if isinstance(partner, int) else partner.pk
    return user.partner_id == partner_id


def home_url_name(user) -> str:
    """Return the URL name of the page ``user`` lands on after logging in."""
    if is_librarian(user) or is_partner_member(user):
        return "dashboard"
    if is_judge(user):
        return "readaloud:judge_home"
    if is_kindergarten_staff(user):
        return "kindergarten_depots:portal_home"
    return "dashboard"
