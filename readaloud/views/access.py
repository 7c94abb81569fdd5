"""The access log: recording reads of children's data, and "who looked at this reader"."""

from django.conf import settings
from django.shortcuts import render

from readaloud import permissions, services
from readaloud.permissions import organiser_required


def log_read(request, *, championship=None, contestants=None, heat=None, detail: str = "") -> None:
    """Record that the user of ``request`` read these readers' data on this page.

    ``contestants`` are Contestant objects or ids; without them, the readers of ``heat``.
    ``championship`` defaults to the heat's.
    The page's URL name is the why-context.
    """
    ids = None
    if contestants is not None:
        ids = [c if isinstance(c, int) else c.pk for c in contestants]
    services.access_log_record(
        user=request.user,
        view=request.resolver_match.view_name,
        championship_id=championship.pk if championship else heat.round.championship_id,
        contestant_ids=ids,
        heat=heat,
        detail=detail,
    )


@organiser_required
def contestant_access_log(request, pk):
    """Printable: who read this reader's data, when, on which page."""
    contestant = permissions.contestant_for_organiser(request.user, pk)
    entries = list(services.access_log_for(contestant=contestant))
    log_read(request, championship=contestant.championship, contestants=[contestant])
    return render(
        request,
        "readaloud/contestant_access_log.html",
        {
            "contestant": contestant,
            "championship": contestant.championship,
            "entries": entries,
            "retention_months": settings.ACCESS_LOG_RETENTION_MONTHS,
        },
    )
