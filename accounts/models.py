import hashlib
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Return the address lower-cased, so that log-in ignores case."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def with_roles(self, *role_names):
        """Return the active users holding any of ``role_names`` (superusers count as administrators)."""
        query = models.Q(groups__name__in=role_names)
        if roles.Role.LIBRARIAN in role_names:
            query |= models.Q(groups__name=roles.Role.LIBRARY_MANAGER)
        if roles.Role.ADMINISTRATOR in role_names or roles.Role.LIBRARIAN in role_names:
            query |= models.Q(is_superuser=True) | models.Q(groups__name=roles.Role.ADMINISTRATOR)
        return self.filter(query, is_active=True).distinct().order_by("full_name", "email")

    def librarians(self):
        """Return the active users who may use the staff pages."""
        return self.with_roles(roles.Role.LIBRARIAN)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Users must have an e-mail address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: identified by e-mail address, not by a username."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    partner = models.ForeignKey(
        "partnerships.Partner",
        verbose_name=_("organisation"),
        help_text=_(
            "The partner organisation the user belongs to (kindergarten staff and partner members)."
        ),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_("May log in to the Django admin."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting the user."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_home_url(self):
        return reverse(roles.home_url_name(self))

    @property
    def role_labels(self):
        """The names of the user's roles, to show beside the name (not to decide with)."""
        return [role.label for role in roles.roles_of(self)]


class Invitation(models.Model):
    """A one-time link by which an invited user chooses a password and becomes active.

    Only a hash of the token is stored; the token itself exists only in the e-mail.
    """

    VALID_FOR = timedelta(days=7)

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced or revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class PasswordResetRequest(models.Model):
    """One password reset that was asked for, counted by ``password_reset_throttle``.

    Only keyed digests of the e-mail address and the IP are stored (enough to
    count, not to read), and rows older than the window are deleted as new ones come.
    The database, not a per-process cache, holds them: every web process counts alike.
    """

    email_digest = models.CharField(max_length=64, db_index=True)
    ip_digest = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}"
