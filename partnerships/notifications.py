"""E-mails the app sends, and the once-only guard that reminders go through."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.outbox import mail_queue
from partnerships.models import SentReminder


def absolute_url(path: str) -> str:
    """Return ``path`` as a full URL on this installation (for links in e-mails)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def mail_send(
    *, to: list[str], subject, template: str, context: dict, subject_params: dict | None = None
) -> int:
    """Render ``template`` (a plain-text e-mail) in Danish and queue it for each of ``to``.

    ``subject`` is a lazy translatable string, formatted with ``subject_params``
    in Danish whatever language the triggering user's page was in. Each recipient
    gets a mail of their own through the outbox (``accounts.outbox``), written in
    the caller's transaction. Returns the number of mails queued.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        subject = " ".join((str(subject) % (subject_params or {})).split())
    return mail_queue(to=recipients, subject=subject, body=body)


def reminder_send_once(
    *, key: str, to: str, subject, template: str, context: dict, subject_params=None
) -> bool:
    """Send a reminder unless the same ``key`` has been sent to ``to`` before.

    For a one-off mail outside the daily run; ``send_reminders`` sends its
    reminders as digests (``partnerships.digest``), recorded in the same table.

    The record and the queued e-mail share one transaction, so a reminder is
    queued exactly once. Returns whether the e-mail was queued.
    """
    if not to:
        return False
    with transaction.atomic():
        _record, created = SentReminder.objects.get_or_create(key=key, recipient=to.lower())
        if not created:
            return False
        mail_send(
            to=[to],
            subject=subject,
            subject_params=subject_params,
            template=template,
            context=context,
        )
    return True
