"""Depot reminders, in the digest of ``manage.py send_reminders``.

* The kindergarten's contact and its active staff users get a note ``DEPOT_REMINDER_DAYS``
  days (default 5) before each swap: have the books ready.
* Each branch gets its packing list for the swaps of the coming days, every day.

Nothing is sent for the agreements of ended or paused partnerships (the partnership's
status is the agreement's), except the final collection of an ended agreement: the
kindergarten is asked to have the last books ready, and the branch sees the trip.
"""

import datetime
from collections.abc import Iterator
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from kindergarten_depots.models import Swap
from partnerships.digest import Reminder, digest_send
from partnerships.models import Partnership
from partnerships.notifications import absolute_url

HELD = [Partnership.Status.ENDED, Partnership.Status.PAUSED]
CHUNK = 500


def _days() -> int:
    return int(getattr(settings, "DEPOT_REMINDER_DAYS", 5))


def _staff_addresses(kindergarten_ids) -> dict[int, list[tuple[str, str]]]:
    """Return the e-mail addresses and names of the active staff users of each kindergarten."""
    addresses = {}
    users = (
        User.objects.with_roles(Role.KINDERGARTEN_STAFF)
        .filter(partner_id__in=kindergarten_ids, is_active=True)
        .values_list("partner_id", "email", "full_name")
    )
    for partner_id, email, name in users:
        addresses.setdefault(partner_id, []).append((email, name))
    return addresses


def send_due_reminders(*, today, stdout=None) -> int:
    """Send the swap reminders due ``today`` as digests; return how many e-mails."""
    sent = digest_send(items=due_reminders(today=today), today=today)
    if stdout is not None and sent:
        stdout.write(f"Depots: {sent} reminder(s).")
    return sent


def due_reminders(*, today: datetime.date, days: int = 1) -> Iterator[Reminder]:
    """Yield the swap reminders and packing lists of a digest covering ``days`` days."""
    notice = _days()
    swaps = (
        Swap.objects.filter(
            planned_date__gt=today,
            planned_date__lte=today + timedelta(days=notice + days - 1),
            status__in=[Swap.Status.PLANNED, Swap.Status.PACKED],
        )
        .filter(
            ~Q(agreement__partnership__status__in=HELD)
            | Q(
                kind=Swap.Kind.FINAL_COLLECTION,
                agreement__partnership__status=Partnership.Status.ENDED,
            )
        )
        .select_related("agreement__kindergarten", "agreement__contact", "agreement__branch")
        .order_by("planned_date", "agreement__kindergarten__name", "pk")
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(swaps, CHUNK)):
        staff = _staff_addresses({swap.agreement.kindergarten_id for swap in chunk})
        for swap in chunk:
            yield from _kindergarten_reminders(swap, staff)
            yield _packing_line(swap, today=today, notice=notice)


def _kindergarten_reminders(swap, staff) -> Iterator[Reminder]:
    agreement = swap.agreement
    contact = (agreement.contact.email if agreement.contact else "") or agreement.kindergarten.email
    people = [(contact, agreement.kindergarten.name), *staff.get(agreement.kindergarten_id, [])]
    date = date_format(swap.planned_date, "SHORT_DATE_FORMAT")
    for address, name in people:
        if not address:
            continue
        # One key per swap and date, recorded per recipient: each person gets the
        # reminder once, however often the command runs.
        if swap.kind == Swap.Kind.FINAL_COLLECTION:
            yield _final_collection_reminder(swap, address, name, date)
            continue
        yield Reminder(
            to=address,
            name=name,
            key=f"depot-swap:{swap.pk}:{swap.planned_date.isoformat()}",
            section=_("Fresh books for your depot"),
            text=_(
                "On %(date)s %(branch)s brings fresh books for your depot and collects "
                "the books you have now."
            )
            % {"date": date, "branch": agreement.branch.name},
            subject=_("New books on %(date)s: have the depot books ready") % {"date": date},
            note=_gather_note(),
            order=60,
        )


def _gather_note() -> str:
    """What every kindergarten is asked before a trip that collects books."""
    return _(
        "Please gather the books in the boxes before we come. If a book is missing "
        "or damaged, that is all right: you are never charged. Just tell us, so we "
        "can count it."
    )


def _final_collection_reminder(swap, address, name, date) -> Reminder:
    """The last trip of an ended agreement: the books go home, nothing new comes."""
    return Reminder(
        to=address,
        name=name,
        key=f"depot-swap:{swap.pk}:{swap.planned_date.isoformat()}",
        section=_("The depot's last books are collected"),
        text=_(
            "The depot agreement has ended. On %(date)s %(branch)s collects the books you "
            "have now; no new books come."
        )
        % {"date": date, "branch": swap.agreement.branch.name},
        subject=_("The depot books are collected on %(date)s") % {"date": date},
        note=_gather_note(),
        order=60,
    )


def _packing_line(swap, *, today, notice) -> Reminder:
    agreement = swap.agreement
    branch = agreement.branch
    return Reminder(
        to=branch.email,
        name="",
        key=f"depot-packing:{branch.pk}:{today.isoformat()}:{swap.pk}",
        section=_("Depot swaps of %(branch)s in the coming days:") % {"branch": branch.name},
        text=_("%(date)s: %(kindergarten)s (depot %(number)s, %(books)s books, %(status)s)")
        % {
            "date": date_format(swap.planned_date, "SHORT_DATE_FORMAT"),
            "kindergarten": agreement.kindergarten.name,
            "number": swap.depot_number,
            "books": agreement.books_per_delivery,
            "status": swap.get_status_display().lower(),
        },
        url=absolute_url(swap.get_absolute_url()),
        subject=_("Depot swaps to pack at %(branch)s, %(date)s")
        % {"branch": branch.name, "date": date_format(today, "SHORT_DATE_FORMAT")},
        order=70,
    )
