"""Work on user accounts that spans several models or sends e-mail: invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Invitation, PasswordResetRequest, User
from accounts.outbox import mail_queue


@transaction.atomic
def user_invite(*, partner, email: str, full_name: str, invited_by, role: roles.Role) -> User:
    """Create an inactive user with ``role``, linked to ``partner``, and e-mail a one-time link.

    Raises ValidationError when the address already belongs to an account.
    """
    email = User.objects.normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s already has an account. Re-send its invitation from the list instead.")
            % {"email": email}
        )
    user = User.objects.create_user(email, None, full_name=full_name, partner=partner)
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    invitation_send(user=user, invited_by=invited_by)
    return user


@transaction.atomic
def invitation_send(*, user: User, invited_by) -> Invitation:
    """Queue a fresh invitation link for ``user``; earlier unused links stop working.

    The mail is written to the outbox in this transaction: it exists exactly when
    the invitation does, and the worker delivers it.
    """
    if user.has_usable_password() and user.is_active:
        raise ValidationError(_("%(name)s already has an active login.") % {"name": user})
    now = timezone.now()
    user.invitations.filter(used_at=None, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=Invitation.hash_token(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + Invitation.VALID_FOR,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "link": link, "invitation": invitation, "invited_by": invited_by}
        subject = _("Your login for Bibliotekets Partnerskaber")
        body = render_to_string("accounts/email/invitation.txt", context)
    mail_queue(to=[user.email], subject=str(subject), body=body)
    return invitation


def invitation_get(token: str) -> Invitation | None:
    """Return the invitation for ``token`` (usable or not), or None if there is none."""
    return (
        Invitation.objects.select_related("user")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the password, activate the user and use up the invitation (once).

    Like a password reset, it lifts a login pause (django-axes) the user may have.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError(_("This invitation link is no longer valid."))
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    login_lock_lift(user=user)
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool) -> User:
    """Activate or deactivate a login. A deactivated user is logged out everywhere.

    Authentication backends refuse inactive users, so their existing sessions stop
    working on the next request; the login itself (and its history) is kept.
    Deactivating also revokes the user's pending invitations, so an invitation
    link cannot make the login active again (re-sending one after reactivating can).
    """
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        user.invitations.filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())
    roles.clear_cache(user)
    return user


def _digest(kind: str, value: str) -> str:
    return salted_hmac(f"accounts.password_reset.{kind}", value, algorithm="sha256").hexdigest()


@transaction.atomic
def password_reset_throttle(*, email: str, ip: str) -> None:
    """Count a password reset request, or refuse it when the address or IP asked too often.

    At most ``PASSWORD_RESET_LIMIT_PER_EMAIL`` requests per e-mail address and
    ``PASSWORD_RESET_LIMIT_PER_IP`` per client IP within
    ``PASSWORD_RESET_LIMIT_MINUTES``, whether the address has an account or not (so
    the answer reveals nothing). A refused request is not counted, so waiting helps.
    Raises ValidationError with code ``too_many_resets``.
    """
    now = timezone.now()
    since = now - timedelta(minutes=settings.PASSWORD_RESET_LIMIT_MINUTES)
    PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    email_digest = _digest("email", User.objects.normalize_email(email))
    ip_digest = _digest("ip", ip or "")
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    if (
        recent.filter(email_digest=email_digest).count() >= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        or recent.filter(ip_digest=ip_digest).count() >= settings.PASSWORD_RESET_LIMIT_PER_IP
    ):
        raise ValidationError(
            _(
                "Too many requests for a new password. Wait %(minutes)s minutes and "
                "try again, or contact the library."
            )
            % {"minutes": settings.PASSWORD_RESET_LIMIT_MINUTES},
            code="too_many_resets",
        )
    PasswordResetRequest.objects.create(
        email_digest=email_digest, ip_digest=ip_digest, created_at=now
    )


def login_lock_lift(*, user: User) -> int:
    """Lift the login throttling (django-axes) of ``user`` from every network.

    Called when the user has proved who they are by a password reset link (or an
    invitation), so the new password works at once. Returns the attempts removed.
    """
    from axes.utils import reset

    return reset(username=User.objects.normalize_email(user.email))
