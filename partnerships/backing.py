"""Management backing as an approval: requesting it and deciding on it (services).

A coordinator or librarian asks for backing; every active library manager is
e-mailed; a manager approves or declines with a comment. Any decline declines the
request, otherwise one approval approves it. The win-win gate
(``Partnership.has_backing``) checks the newest request's approval.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.models import User
from partnerships.models import BackingDecision, BackingRequest, Partnership
from partnerships.notifications import mail_send


def backing_request(*, partnership: Partnership, by: User, comment: str = "") -> BackingRequest:
    """Ask the library managers to back ``partnership``; each active manager is e-mailed.

    Raises ValidationError with code ``partnership_ended``, ``backing_pending`` (a
    request already waits) or ``backing_approved`` (it is backed already).
    """
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if partnership.is_ended():
            raise ValidationError(
                _("The partnership has ended; it needs no backing."), code="partnership_ended"
            )
        latest = partnership.latest_backing_request()
        if latest is not None and latest.state() == BackingRequest.State.PENDING:
            raise ValidationError(
                _("Backing has been asked for already; the library managers have not decided yet."),
                code="backing_pending",
            )
        if latest is not None and latest.state() == BackingRequest.State.APPROVED:
            raise ValidationError(
                _("A library manager has approved the backing already."), code="backing_approved"
            )
        request = BackingRequest.objects.create(
            partnership=partnership, requested_by=by, comment=comment.strip()
        )
        managers = User.objects.with_roles(roles.Role.LIBRARY_MANAGER)
        mail_send(
            to=[manager.email for manager in managers],
            subject=gettext_lazy("Backing requested: %(title)s"),
            subject_params={"title": partnership.title},
            template="partnerships/email/backing_requested.txt",
            context={"request": request, "partnership": partnership},
        )
    return request


def backing_decide(
    *, request: BackingRequest, by: User, approve: bool, comment: str = ""
) -> BackingDecision:
    """Record a library manager's approval or refusal; the requester and coordinator are told.

    Raises ValidationError with code ``not_a_manager``, ``comment_missing`` (a
    refusal must say why), ``request_superseded`` (a newer request exists),
    ``partnership_ended`` or ``already_decided``.
    """
    if not roles.is_library_manager(by):
        raise ValidationError(
            _("Only a library manager can decide on backing."), code="not_a_manager"
        )
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(
            _("Write why you decline, so the coordinator knows what to change."),
            code="comment_missing",
        )
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=request.partnership_id)
        if partnership.is_ended():
            raise ValidationError(
                _("The partnership has ended; it needs no backing."), code="partnership_ended"
            )
        if partnership.latest_backing_request().pk != request.pk:
            raise ValidationError(
                _("A newer request for backing has been made; decide on that one."),
                code="request_superseded",
            )
        if request.decisions.filter(decided_by=by).exists():
            raise ValidationError(
                _("You have decided on this request already."), code="already_decided"
            )
        decision = BackingDecision.objects.create(
            request=request,
            decided_by=by,
            decided_at=timezone.now(),
            approved=approve,
            comment=comment,
        )
        mail_send(
            to=[request.requested_by.email, partnership.coordinator.email],
            subject=(
                gettext_lazy("Backing approved: %(title)s")
                if approve
                else gettext_lazy("Backing declined: %(title)s")
            ),
            subject_params={"title": partnership.title},
            template="partnerships/email/backing_decided.txt",
            context={"decision": decision, "partnership": partnership},
        )
    return decision
