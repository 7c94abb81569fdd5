"""Depot reminders, sent by ``manage.py send_reminders``.

* The kindergarten's contact and its active staff users get a note ``DEPOT_REMINDER_DAYS`` days (default 5)
  before each swap: have the books ready.
* Each branch gets its packing list for the swaps of the coming days.
"""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from kindergarten_depots.models import Swap
from partnerships.notifications import reminder_send_once


def _days() -> int:
    return int(getattr(settings, "DEPOT_REMINDER_DAYS", 5))


def _staff_addresses(kindergarten_ids) -> dict[int, list[str]]:
    """Return the e-mail addresses of the active staff users of each kindergarten."""
    addresses = {}
    users = (
        User.objects.with_roles(Role.KINDERGARTEN_STAFF)
        .filter(partner_id__in=kindergarten_ids, is_active=True)
        .values_list("partner_id", "email")
    )
    for partner_id, email in users:
        addresses.setdefault(partner_id, []).append(email)
    return addresses


def send_due_reminders(*, today, stdout=None) -> int:
    """Send the swap reminders due ``today``; return how many e-mails were sent."""
    days = _days()
    horizon = today + timedelta(days=days)
    swaps = list(
        Swap.objects.filter(
            planned_date__gt=today,
            planned_date__lte=horizon,
            status__in=[Swap.Status.PLANNED, Swap.Status.PACKED],
        )
        .select_related("agreement__kindergarten", "agreement__contact", "agreement__branch")
        .order_by("planned_date", "agreement__kindergarten__name")
    )
    staff_addresses = _staff_addresses({swap.agreement.kindergarten_id for swap in swaps})
    sent = 0
    for swap in swaps:
        agreement = swap.agreement
        contact = (agreement.contact.email if agreement.contact else "") or (
            agreement.kindergarten.email
        )
        recipients = {
            address.lower(): address
            for address in [contact, *staff_addresses.get(agreement.kindergarten_id, [])]
            if address
        }
        # One key per swap and date; reminder_send_once records it per recipient,
        # so each person gets the reminder once, however often the command runs.
        for address in sorted(recipients.values(), key=str.lower):
            sent += reminder_send_once(
                key=f"depot-swap:{swap.pk}:{swap.planned_date.isoformat()}",
                to=address,
                subject=_("New books on %(date)s: have the depot books ready")
                % {"date": swap.planned_date.strftime("%d.%m.%Y")},
                template="kindergarten_depots/email/swap_reminder.txt",
                context={"swap": swap, "agreement": agreement},
            )
    by_branch = {}
    for swap in swaps:
        by_branch.setdefault(swap.agreement.branch, []).append(swap)
    for branch, branch_swaps in by_branch.items():
        sent += reminder_send_once(
            key=f"depot-packing:{branch.pk}:{today.isoformat()}",
            to=branch.email,
            subject=_("Depot swaps to pack at %(branch)s, %(date)s")
            % {"branch": branch.name, "date": today.strftime("%d.%m.%Y")},
            template="kindergarten_depots/email/packing_list.txt",
            context={"branch": branch, "swaps": branch_swaps, "days": days},
        )
    if stdout is not None and sent:
        stdout.write(f"Depots: {sent} reminder(s).")
    return sent
