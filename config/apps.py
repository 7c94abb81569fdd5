"""Third-party apps under names of our own, so the admin speaks Danish everywhere.

Some libraries name their app or models in English only (a plain string, or no
Danish catalogue); INSTALLED_APPS points at these subclasses instead, which give
translated names (in locale/) to the app and its models. Only the display names
change: labels, tables and migrations stay the libraries' own (``_meta.original_attrs``,
which migrations read, is untouched).
"""

from auditlog.apps import AuditlogConfig
from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.plugins.otp_static.apps import DefaultConfig as OtpStaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OtpTotpAppConfig
from django_tasks_db.apps import TasksAppConfig
from post_office.apps import PostOfficeConfig


class DanishNamesMixin:
    """Give the app's models the names in ``model_names``: {model: (singular, plural)}."""

    model_names: dict = {}

    def ready(self):
        super().ready()
        for model_name, (singular, plural) in self.model_names.items():
            options = self.get_model(model_name)._meta
            options.verbose_name = singular
            options.verbose_name_plural = plural


class AuditLog(DanishNamesMixin, AuditlogConfig):
    default = False
    verbose_name = _("Change history")
    model_names = {"LogEntry": (_("change"), _("changes"))}


class Axes(DanishNamesMixin, AxesAppConfig):
    default = False
    verbose_name = _("Login attempts")
    model_names = {
        "AccessAttempt": (_("failed login attempt"), _("failed login attempts")),
        "AccessFailureLog": (_("failed login"), _("failed logins")),
        "AccessLog": (_("login"), _("logins")),
        "AccessAttemptExpiration": (
            _("expiry of a failed login attempt"),
            _("expiries of failed login attempts"),
        ),
    }


class PostOffice(DanishNamesMixin, PostOfficeConfig):
    default = False
    verbose_name = _("Mail outbox")
    model_names = {
        "Attachment": (
            pgettext_lazy("e-mail", "attachment"),
            pgettext_lazy("e-mail", "attachments"),
        ),
        "EmailTemplate": (_("e-mail template"), _("e-mail templates")),
        "Email": (_("e-mail"), _("e-mails")),
        "Log": (_("delivery log entry"), _("delivery log")),
    }


class BackgroundTasks(DanishNamesMixin, TasksAppConfig):
    default = False
    verbose_name = _("Background tasks")
    model_names = {"DBTaskResult": (_("background task"), _("background tasks"))}


class OtpStatic(DanishNamesMixin, OtpStaticAppConfig):
    default = False
    verbose_name = _("Second factor: one-time codes")
    model_names = {
        "StaticDevice": (_("list of one-time codes"), _("lists of one-time codes")),
        "StaticToken": (_("one-time code"), _("one-time codes")),
    }


class OtpTotp(DanishNamesMixin, OtpTotpAppConfig):
    default = False
    verbose_name = _("Second factor: authenticator apps")
    model_names = {"TOTPDevice": (_("authenticator app (TOTP)"), _("authenticator apps (TOTP)"))}
