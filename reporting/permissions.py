"""Who may see which figures: the one place that decides for the statistics area.

Management (librarians and administrators today; a library manager role joins in
``is_management`` when it exists) sees every figure and the annual report. Partner
members see the statistics of their own partnerships and of the championships those
partnerships organise, and nothing about the depots.
"""

from accounts import roles


def is_management(user) -> bool:
    """Return whether ``user`` sees the whole organisation's figures."""
    return roles.is_librarian(user)


def may_see_statistics(user) -> bool:
    """The statistics area: management, and partner members for their own partnerships."""
    return is_management(user) or roles.is_partner_member(user)


def may_see_all_figures(user) -> bool:
    """Depot figures and every partnership's figures are for management."""
    return is_management(user)


def may_see_annual_report(user) -> bool:
    """The annual report for the library board is for management."""
    return is_management(user)
