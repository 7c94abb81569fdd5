"""What kindergarten staff do in the portal: confirm receipt, withdraw wishes, write to the library."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from kindergarten_depots.models import DepotAgreement, Loan, Swap, Wish
from partnerships.models import JournalEntry
from partnerships.notifications import mail_send
from partnerships.services import journal_entry_create

MESSAGE_MAX_LENGTH = 2000


def swap_receipt_confirm(*, swap: Swap, by: User) -> Swap:
    """Record that the kindergarten has received a delivered swap (who and when), once."""
    with transaction.atomic():
        swap = Swap.objects.select_for_update().get(pk=swap.pk)
        if swap.received_at is not None:
            raise ValidationError(
                _("The receipt of this delivery has already been confirmed."),
                code="receipt_already_confirmed",
            )
        if not swap.can_be_confirmed_received():
            raise ValidationError(
                _("Only a delivered swap can be confirmed as received."),
                code="swap_not_delivered",
            )
        swap.received_by = by
        swap.received_at = timezone.now()
        swap.save(update_fields=["received_by", "received_at"])
    return swap


def wish_withdraw(*, wish: Wish, by: User) -> Wish:
    """Withdraw an open wish, recording who did it; fulfilled or already withdrawn wishes
    stay as they are."""
    with transaction.atomic():
        wish = Wish.objects.select_for_update().get(pk=wish.pk)
        if not wish.can_be_withdrawn():
            raise ValidationError(_("Only an open wish can be withdrawn."), code="wish_not_open")
        wish.status = Wish.Status.WITHDRAWN
        wish.withdrawn_by = by
        wish.withdrawn_at = timezone.now()
        wish.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    return wish


def library_message_send(*, agreement: DepotAgreement, text: str, by: User) -> JournalEntry:
    """Put a kindergarten's message in the partnership journal and e-mail the contact librarian."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a message."), code="message_missing")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("Keep the message under %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH},
            code="message_too_long",
        )
    partnership = agreement.partnership
    entry = journal_entry_create(
        partnership=partnership, author=by, kind=JournalEntry.Kind.NOTE, text=text
    )
    coordinator = partnership.coordinator
    mail_send(
        to=[coordinator.email if coordinator and coordinator.is_active else ""],
        subject=gettext_lazy("Message from %(kindergarten)s"),
        subject_params={"kindergarten": agreement.kindergarten.name},
        template="kindergarten_depots/email/portal_message.txt",
        context={"entry": entry, "agreement": agreement, "sender": by},
    )
    return entry


def loan_found_report(*, loan: Loan, by: User) -> Loan:
    """Record that the kindergarten found a book the library wrote off as missing; the
    librarian marks it found again when it is back."""
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if not loan.can_be_reported_found():
            raise ValidationError(
                _("This book is not written off as missing, or you have already said so."),
                code="loan_not_reportable_found",
            )
        loan.found_reported_at = timezone.now()
        loan.found_reported_by = by
        loan.save(update_fields=["found_reported_at", "found_reported_by"])
    return loan
