"""The championship part of the 360° partner page: how many readers a school sent.

Counts only: the children's names stay on the contestant lists, which check who may
see them.
"""

from readaloud import permissions, statistics
from readaloud.models import Championship


def sections(*, partner, user) -> list[dict]:
    editions = statistics.readers_by_edition_for_school(
        Championship.objects.visible_to(user), school=partner
    )
    if not editions:
        return []
    return [
        {
            "template": "readaloud/includes/partner_participation.html",
            "editions": editions,
            "may_see_readers": permissions.may_manage(user),
        }
    ]


def timeline(*, partner, user) -> list:
    return []
