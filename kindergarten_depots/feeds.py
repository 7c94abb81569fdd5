"""Private iCalendar feeds of swap dates (RFC 5545, written by hand: it is a small format)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kindergarten_depots.models import CalendarFeed, Swap
from partnerships.models import Branch, Partner

# Control characters RFC 5545 does not allow in TEXT values (tab is allowed).
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def _escape(text: str) -> str:
    """Escape ``text`` as an RFC 5545 TEXT value (section 3.3.11).

    Every line break (CRLF, CR or LF) becomes ``\\n``; a bare CR would otherwise end
    the content line early and let the rest be read as a property of its own.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL | {0x0A: "\n"})
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 asks."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def feed_swaps(feed: CalendarFeed):
    """Return the swaps a feed shows: not cancelled, from a year back on."""
    swaps = (
        Swap.objects.exclude(status=Swap.Status.CANCELLED)
        .filter(planned_date__gte=timezone.localdate() - timedelta(days=365))
        .select_related("agreement__kindergarten", "agreement__branch")
        .order_by("planned_date", "pk")
    )
    if feed.kindergarten_id:
        return swaps.filter(agreement__kindergarten_id=feed.kindergarten_id)
    return swaps.filter(agreement__branch_id=feed.branch_id)


def feed_ics(*, feed: CalendarFeed, host: str) -> str:
    """Return the feed as iCalendar text: one all-day event per swap, with a stable UID.

    Events name the kindergarten and the branch only: no people, no children.
    """
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    domain = host.split(":")[0] or "localhost"
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Book swaps: %(name)s") % {"name": feed}
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Bibliotekets Partnerskaber//Depoter//DA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_escape(name)}",
        ]
        for swap in feed_swaps(feed):
            agreement = swap.agreement
            summary = _("Book swap: %(kindergarten)s") % {"kindergarten": agreement.kindergarten}
            description = _("Depot number %(number)s from %(branch)s. Status: %(status)s.") % {
                "number": swap.depot_number,
                "branch": agreement.branch,
                "status": swap.get_status_display(),
            }
            if swap.was_moved:
                # A neutral note only: the reason is free text that may name people.
                description += " " + _("The date was moved from %(date)s.") % {
                    "date": date_format(swap.original_date, "j. F Y")
                }
            lines += [
                "BEGIN:VEVENT",
                f"UID:depot-swap-{swap.pk}@{domain}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{swap.planned_date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{swap.planned_date + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(summary)}",
                f"DESCRIPTION:{_escape(description)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def calendar_feed_renew(
    *, kindergarten: Partner | None = None, branch: Branch | None = None
) -> bool:
    """Give the kindergarten's or branch's feed a new secret address, creating the feed
    the first time; the old address stops working. Return whether it was created."""
    feed, created = CalendarFeed.objects.get_or_create(kindergarten=kindergarten, branch=branch)
    if not created:
        feed.regenerate()
    return created
