"""Who may do what with depots and the kindergarten portal: the one place that decides.

Getters return an object only if the user may reach it (404 otherwise); ``may_*``
predicates answer yes/no; templates receive their answers as flags.
"""

from accounts import roles


def may_use_depots(user) -> bool:
    """The depot pages (agreements, schedule, packing, catalogue, …) are for librarians."""
    return roles.is_librarian(user)


def may_use_portal(user) -> bool:
    """The portal is for kindergarten staff linked to their kindergarten."""
    return roles.is_kindergarten_staff(user)
