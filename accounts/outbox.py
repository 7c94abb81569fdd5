"""The mail outbox: every e-mail the app sends is queued here, one per recipient.

``mail_queue`` writes a row (django-post-office's ``Email``) in the caller's
transaction, so the mail exists exactly when the change that causes it is
committed; the worker (``manage.py run_worker``) delivers it with retries. A
failing SMTP server therefore never fails a request and never loses a mail.
Local development (``EMAIL_DELIVER_AT_ONCE``) delivers at once instead.
"""

from django.conf import settings
from post_office import mail


def mail_queue(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    """Queue ``body`` for each address in ``to`` (one mail each); return how many."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    for address in recipients:
        mail.send(
            recipients=[address],
            sender=settings.DEFAULT_FROM_EMAIL,
            subject=subject,
            message=body,
            html_message=html,
        )
    return len(recipients)


def outbox_deliver() -> tuple[int, int, int]:
    """Deliver the mails that are due; return (sent, failed for good, queued for a retry).

    A mail that fails is retried ``POST_OFFICE["MAX_RETRIES"]`` times,
    ``RETRY_INTERVAL`` apart, before it is marked failed (the admin can re-send it).
    """
    return mail.send_queued()
