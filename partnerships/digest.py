"""Reminder digests: all the reminders due for one person go out in one e-mail.

Each app's ``reminders.py`` yields ``Reminder`` items from ``due_reminders(today=,
days=)``; ``digest_send`` groups them per recipient, leaves out what was sent before
(``SentReminder``, per key and recipient) and queues one mail per person listing
everything new. A person with a single new reminder gets that reminder's own subject.
Running it twice on the same day therefore sends nothing twice.

``REMINDER_DIGEST`` chooses a daily digest (the default) or a weekly one, sent on
``REMINDER_DIGEST_WEEKDAY`` and looking a week ahead.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from accounts.outbox import mail_queue
from partnerships.models import SentReminder

# How many keys are looked up in SentReminder with one query.
LOOKUP_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing one person is reminded of, as a line of their digest."""

    to: str
    key: str  # what and which occasion, e.g. "task-overdue:12:2027-03-01:0"; once per recipient
    section: str  # the heading it is listed under
    text: str
    url: str = ""
    subject: str = ""  # the subject when it is the only (kind of) reminder in the mail
    note: str = ""  # a paragraph under the section, the same for each item of the section
    name: str = ""  # the recipient's name, for the greeting
    order: int = 50  # sections are listed by this number


def digest_days(today: datetime.date) -> int | None:
    """Return how many days the digest sent on ``today`` covers, or None if none is due.

    Daily: 1. Weekly: 7 on ``REMINDER_DIGEST_WEEKDAY`` (1 = Monday … 7 = Sunday), else None.
    """
    if settings.REMINDER_DIGEST == "weekly":
        return 7 if today.isoweekday() == settings.REMINDER_DIGEST_WEEKDAY else None
    return 1


def digest_send(*, items: Iterable[Reminder], today: datetime.date) -> int:
    """Queue one digest per recipient of the new ``items``; return how many mails.

    The items are rendered in Danish (the installation's language) whatever the
    language of the caller. Only the items due today are held in memory, grouped
    by recipient; the apps iterate their querysets in chunks.
    """
    with translation.override(settings.LANGUAGE_CODE):
        by_recipient: dict[str, list[Reminder]] = {}
        for item in items:
            address = (item.to or "").strip().lower()
            if address:
                by_recipient.setdefault(address, []).append(item)
        sent = 0
        for chunk in _chunks(by_recipient):
            keys = {item.key for address in chunk for item in by_recipient[address]}
            done = set(
                SentReminder.objects.filter(recipient__in=chunk, key__in=keys).values_list(
                    "recipient", "key"
                )
            )
            for address in chunk:
                new, seen = [], set()
                for item in by_recipient.pop(address):
                    if item.key not in seen and (address, item.key) not in done:
                        seen.add(item.key)
                        new.append(item)
                if new:
                    sent += _digest_queue(address=address, items=new, today=today)
    return sent


def _chunks(by_recipient: dict[str, list[Reminder]]) -> Iterator[list[str]]:
    """Yield the recipients in groups whose keys fit one lookup."""
    chunk, size = [], 0
    for address in sorted(by_recipient):
        chunk.append(address)
        size += len(by_recipient[address])
        if size >= LOOKUP_CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _digest_queue(*, address: str, items: list[Reminder], today: datetime.date) -> int:
    """Record ``items`` as sent to ``address`` and queue their digest, in one transaction.

    Returns 1, or 0 when a run at the same moment recorded them first.
    """
    items.sort(key=lambda item: (item.order, item.section, item.text))
    sections = []
    for item in items:
        if not sections or sections[-1]["heading"] != item.section:
            sections.append({"heading": item.section, "note": item.note, "items": []})
        sections[-1]["items"].append(item)
    subjects = {item.subject for item in items}
    if len(subjects) == 1 and items[0].subject:
        subject = items[0].subject
    else:
        subject = ngettext(
            "%(count)s reminder from Bibliotekets Partnerskaber, %(date)s",
            "%(count)s reminders from Bibliotekets Partnerskaber, %(date)s",
            len(items),
        ) % {"count": len(items), "date": date_format(today, "SHORT_DATE_FORMAT")}
    body = render_to_string(
        "partnerships/email/reminder_digest.txt",
        {
            "name": next((item.name for item in items if item.name), ""),
            "sections": sections,
            "count": len(items),
            "today": today,
        },
    )
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(
                [SentReminder(key=item.key, recipient=address) for item in items]
            )
            mail_queue(to=[items[0].to.strip()], subject=" ".join(subject.split()), body=body)
    except IntegrityError:
        return 0
    return 1


def reminders_digest_send(*, modules, today: datetime.date, stdout=None) -> int:
    """Send one digest per person with the reminders of every app in ``modules``."""
    days = digest_days(today)
    if days is None:
        if stdout is not None:
            stdout.write("No digest is due today (REMINDER_DIGEST is weekly).")
        return 0

    def items():
        for module in modules:
            yield from module.due_reminders(today=today, days=days)

    return digest_send(items=items(), today=today)
