"""The mail outbox: every e-mail the app sends is queued here, one per recipient.

``mail_queue`` writes a row (django-post-office's ``Email``) in the caller's
transaction, so the mail exists exactly when the change that causes it is
committed; the worker (``manage.py run_worker``) delivers it with retries. A
failing SMTP server therefore never fails a request and never loses a mail.
Local development (``EMAIL_DELIVER_AT_ONCE``) delivers at once instead.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from post_office import mail
from post_office.models import STATUS, Email


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


def retry_delay(retries: int) -> timedelta:
    """How long a mail waits after its ``retries``-th failed delivery: RETRY_INTERVAL,
    then twice that, four times, … but never longer than EMAIL_RETRY_MAX_MINUTES."""
    interval = settings.POST_OFFICE["RETRY_INTERVAL"]
    cap = timedelta(minutes=settings.EMAIL_RETRY_MAX_MINUTES)
    exponent = min(max(retries - 1, 0), 30)  # 2**30 intervals is beyond any cap
    return min(interval * 2**exponent, max(cap, interval))


def outbox_deliver() -> tuple[int, int, int]:
    """Deliver the mails that are due; return (sent, failed for good, queued for a retry).

    A mail that fails is retried ``POST_OFFICE["MAX_RETRIES"]`` times with a growing
    pause (``retry_delay``) before it is marked failed (the admin can re-send it).
    django-post-office requeues a failed mail RETRY_INTERVAL ahead; the mails it
    requeued in this run are then pushed back according to their retry count.
    """
    now = timezone.now()
    due = list(
        Email.objects.filter(
            Q(scheduled_time__lte=now) | Q(scheduled_time=None),
            status__in=[STATUS.queued, STATUS.requeued],
        ).values_list("pk", flat=True)
    )
    result = mail.send_queued()
    if result[2]:
        requeued = Email.objects.filter(pk__in=due, status=STATUS.requeued)
        for email in requeued.only("pk", "number_of_retries"):
            Email.objects.filter(pk=email.pk, status=STATUS.requeued).update(
                scheduled_time=now + retry_delay(email.number_of_retries or 1)
            )
    return result
