"""The mail outbox: every e-mail the app sends is queued here, one per recipient.

``mail_queue`` writes a row (django-post-office's ``Email``) in the caller's
transaction, so the mail exists exactly when the change that causes it is
committed; the worker (``manage.py run_worker``) delivers it with retries. A
failing SMTP server therefore never fails a request and never loses a mail.
Local development (``EMAIL_DELIVER_AT_ONCE``) delivers at once instead.

``outbox_deliver`` works batch by batch: it claims the due rows in a short
transaction, sends the batch over one SMTP connection with no transaction open,
then records what was sent and what failed (to be retried later).
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office import mail
from post_office.models import STATUS, Email, Log
from post_office.settings import get_backend, get_default_mailer, get_log_level, get_max_retries

logger = logging.getLogger(__name__)

# A claimed mail is pushed this far ahead while it is being sent, so another worker
# skips it; if the worker dies mid-batch, the mail simply becomes due again.
CLAIM_LEASE = timedelta(minutes=10)
# Errors about one message; any other OSError (refused, timed out, disconnected)
# means the server is gone, and the rest of the batch waits for the next try.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def mail_queue(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    """Queue ``body`` for each address in ``to`` (one mail each); return how many.

    With ``EMAIL_DELIVER_AT_ONCE`` a mail is sent straight away; if that fails it is
    left for the worker to retry, like any queued mail, and the caller never sees it.
    """
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    for address in recipients:
        email = mail.send(
            recipients=[address],
            sender=settings.DEFAULT_FROM_EMAIL,
            subject=subject,
            message=body,
            html_message=html,
        )
        if email.status == STATUS.failed:
            Email.objects.filter(pk=email.pk).update(
                status=STATUS.requeued,
                number_of_retries=1,
                scheduled_time=timezone.now() + retry_delay(1),
            )
    return len(recipients)


def retry_delay(retries: int) -> timedelta:
    """How long a mail waits after its ``retries``-th failed delivery: RETRY_INTERVAL,
    then twice that, four times, … but never longer than EMAIL_RETRY_MAX_MINUTES."""
    interval = settings.POST_OFFICE["RETRY_INTERVAL"]
    cap = timedelta(minutes=settings.EMAIL_RETRY_MAX_MINUTES)
    exponent = min(max(retries - 1, 0), 30)  # 2**30 intervals is beyond any cap
    return min(interval * 2**exponent, max(cap, interval))


def outbox_deliver(*, batch_size: int | None = None) -> tuple[int, int, int]:
    """Deliver the mails that are due; return (sent, failed for good, queued for a retry).

    1. Claim up to ``batch_size`` due mails (``EMAIL_BATCH_SIZE``) in a short
       transaction: they are locked (others are skipped, ``SKIP LOCKED``) and pushed
       ``CLAIM_LEASE`` ahead, so no other worker sends them meanwhile.
    2. Send them over one connection (``get_connection()`` opened once per batch),
       outside any transaction, so a slow SMTP server holds no row lock.
    3. Mark the sent ones sent and the failed ones for a retry: a mail that fails is
       retried ``POST_OFFICE["MAX_RETRIES"]`` times with a growing pause
       (``retry_delay``) before it is marked failed (the admin can re-send it).

    Mails queued while this runs wait for the next round, so the loop ends.
    Never raises for a failing server: the failure is recorded on the mails.
    """
    batch_size = batch_size or settings.EMAIL_BATCH_SIZE
    started = timezone.now()
    totals = [0, 0, 0]
    while True:
        claimed = _claim(batch_size=batch_size, started=started)
        if not claimed:
            break
        emails = Email.objects.filter(pk__in=claimed).prefetch_related("attachments").order_by("pk")
        sent, failures = _send(list(emails))
        for index, count in enumerate(_record(claimed=claimed, sent=sent, failures=failures)):
            totals[index] += count
        if len(claimed) < batch_size:
            break
    return tuple(totals)


def _claim(*, batch_size: int, started: datetime) -> dict[int, datetime | None]:
    """Lock and push ahead the next due mails; return their pks and scheduled times."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Email.objects.select_for_update(skip_locked=True)
            .filter(
                Q(scheduled_time__lte=now) | Q(scheduled_time=None),
                Q(expires_at__gt=now) | Q(expires_at=None),
                status__in=[STATUS.queued, STATUS.requeued],
                created__lte=started,
            )
            .order_by("-priority", "pk")
            .values_list("pk", "scheduled_time")[:batch_size]
        )
        Email.objects.filter(pk__in=[pk for pk, _time in rows]).update(
            scheduled_time=now + CLAIM_LEASE
        )
    return dict(rows)


def _send(emails: list[Email]) -> tuple[list[Email], list[tuple[Email, Exception]]]:
    """Send ``emails`` over one connection per backend; return (sent, [(failed, error)])."""
    sent, failures = [], []
    connections = {}
    broken = None  # the error that took the server away; the rest of the batch waits
    try:
        for email in emails:
            if broken is not None:
                failures.append((email, broken))
                continue
            try:
                message = email.prepare_email_message()
                alias = email.backend_alias or get_default_mailer()
                if message.recipients():
                    if alias not in connections:
                        connection = get_connection(get_backend(alias), fail_silently=False)
                        connection.open()
                        connections[alias] = connection
                    connections[alias].send_messages([message])
                sent.append(email)
            except Exception as error:
                logger.warning("Mail #%s not delivered: %r", email.pk, error)
                failures.append((email, error))
                if isinstance(error, OSError) and not isinstance(error, MESSAGE_ERRORS):
                    broken = error
    finally:
        for connection in connections.values():
            try:
                connection.close()
            except Exception:
                logger.warning("Closing the mail connection failed", exc_info=True)
    return sent, failures


def _record(
    *,
    claimed: dict[int, datetime | None],
    sent: list[Email],
    failures: list[tuple[Email, Exception]],
) -> tuple[int, int, int]:
    """Mark ``sent`` as sent and ``failures`` for a retry (or failed); return the counts."""
    now = timezone.now()
    max_retries = get_max_retries()
    failed = requeued = 0
    for email in sent:
        email.status = STATUS.sent
        email.scheduled_time = claimed.get(email.pk)
        email.last_updated = now
    for email, _error in failures:
        retries = email.number_of_retries or 0
        if retries < max_retries:
            email.number_of_retries = retries + 1
            email.status = STATUS.requeued
            email.scheduled_time = now + retry_delay(email.number_of_retries)
            requeued += 1
        else:
            email.status = STATUS.failed
            email.scheduled_time = claimed.get(email.pk)
            failed += 1
        email.last_updated = now
    log_level = get_log_level()
    logs = []
    if log_level >= 1:
        logs += [
            Log(
                email=email,
                status=STATUS.failed,
                message=str(error),
                exception_type=type(error).__name__,
            )
            for email, error in failures
        ]
    if log_level >= 2:
        logs += [Log(email=email, status=STATUS.sent) for email in sent]
    with transaction.atomic():
        Email.objects.bulk_update(
            [*sent, *(email for email, _error in failures)],
            ["status", "scheduled_time", "number_of_retries", "last_updated"],
        )
        Log.objects.bulk_create(logs)
    return len(sent), failed, requeued
