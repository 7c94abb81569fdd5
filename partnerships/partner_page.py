"""The 360° partner page: what each app has done with one partner organisation.

Every app may offer a ``partner_page`` module (found by ``toolkit.discovery``) with

    sections(*, partner, user) -> list[dict]   # {"template": ..., plus its context}
    timeline(*, partner, user) -> list[TimelineEvent]

so the partner page shows depots and championships without ``partnerships``
importing the apps built on it. Each function scopes its rows to ``user`` and runs a
fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerships.models import JournalEntry, Partnership, StatusChange
from toolkit.discovery import app_modules

# How many events each app contributes to the timeline, and how many it shows.
TIMELINE_LENGTH = 30


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    kind: str
    title: str
    text: str
    url: str


def _partnerships(*, partner, user):
    return Partnership.objects.visible_to(user).filter(partner_links__partner=partner)


def sections(*, partner, user) -> list[dict]:
    partnerships = list(
        _partnerships(partner=partner, user=user)
        .select_related("coordinator")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("status", "title", "pk")
    )
    return [
        {
            "template": "partnerships/includes/partner_partnerships.html",
            "partnerships": partnerships,
        }
    ]


def timeline(*, partner, user) -> list[TimelineEvent]:
    partnerships = _partnerships(partner=partner, user=user).values("pk")
    entries = (
        JournalEntry.objects.filter(partnership__in=partnerships)
        .select_related("partnership", "author")
        .order_by("-entry_date", "-pk")[:TIMELINE_LENGTH]
    )
    changes = (
        StatusChange.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .order_by("-changed_at", "-pk")[:TIMELINE_LENGTH]
    )
    events = [
        TimelineEvent(
            day=entry.entry_date,
            kind=entry.get_kind_display(),
            title=entry.partnership.title,
            text=entry.text,
            url=reverse("partnerships:partnership_journal", args=[entry.partnership_id]),
        )
        for entry in entries
    ]
    events += [
        TimelineEvent(
            day=change.changed_at.date(),
            kind=_("Status"),
            title=change.partnership.title,
            text=_("Status changed to %(status)s.") % {"status": change.get_to_status_display()},
            url=change.partnership.get_absolute_url(),
        )
        for change in changes
    ]
    return events


def partner_overview(*, partner, user) -> dict:
    """Return every app's sections and one timeline, newest first, for the partner page."""
    found_sections, events = [], []
    for module in app_modules("partner_page"):
        found_sections += module.sections(partner=partner, user=user)
        events += module.timeline(partner=partner, user=user)
    events.sort(key=lambda event: event.day, reverse=True)
    return {"partner_sections": found_sections, "timeline": events[:TIMELINE_LENGTH]}
