"""Consent on paper: letters to send home per reader, and which consents are still missing."""

from itertools import groupby

from django.shortcuts import render

from readaloud import permissions
from readaloud.models import Contestant
from readaloud.permissions import edition_viewer_required
from readaloud.views.access import log_read


def _readers(user, championship):
    return (
        Contestant.objects.visible_to(user)
        .filter(championship=championship, anonymised_at=None, withdrawn_at=None)
        .select_related("school")
        .order_by("school__name", "last_name", "first_name", "pk")
    )


@edition_viewer_required
def consent_overview(request, pk):
    """Per school: the readers whose consent, or consent to publish, is still missing."""
    championship = permissions.championship_for(request.user, pk)
    schools = []
    everyone = list(_readers(request.user, championship))
    log_read(request, championship=championship, contestants=everyone)
    for school, readers in groupby(everyone, key=lambda c: c.school):
        readers = list(readers)
        schools.append(
            {
                "school": school,
                "registered": len(readers),
                "missing_consent": [c for c in readers if not c.has_consent()],
                "missing_publish": [
                    c for c in readers if c.has_consent() and not c.publish_consent
                ],
            }
        )
    return render(
        request,
        "readaloud/consent_overview.html",
        {"championship": championship, "schools": schools},
    )


@edition_viewer_required
def consent_letters(request, pk):
    """Printable letters per reader (participation and, separately, publication)."""
    championship = permissions.championship_for(request.user, pk)
    readers = list(_readers(request.user, championship))
    if request.GET.get("missing"):
        readers = [c for c in readers if not c.has_consent() or not c.publish_consent]
    log_read(request, championship=championship, contestants=readers)
    return render(
        request,
        "readaloud/consent_letters.html",
        {"championship": championship, "readers": readers},
    )
