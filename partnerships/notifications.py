"""E-mails the app sends, and the once-only guard that reminders go through."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from partnerships.models import SentReminder


def absolute_url(path: str) -> str:
    """Return ``path`` as a full URL on this installation (for links in e-mails)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def mail_send(
    *, to: list[str], subject, template: str, context: dict, subject_params: dict | None = None
) -> int:
    """Render ``template`` (a plain-text e-mail) in Danish and send it to ``to``.

    ``subject`` is a lazy translatable string, formatted with ``subject_params``
    in Danish whatever language the triggering user's page was in. Returns the
    number of messages sent (0 when there is nobody to send to).
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        subject = " ".join((str(subject) % (subject_params or {})).split())
    return send_mail(subject, body, None, recipients)


def reminder_send_once(
    *, key: str, to: str, subject, template: str, context: dict, subject_params=None
) -> bool:
    """Send a reminder unless the same ``key`` has been sent to ``to`` before.

    The record and the e-mail share one transaction: if sending fails, nothing is
    recorded and the next run tries again. Returns whether the e-mail was sent.
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
