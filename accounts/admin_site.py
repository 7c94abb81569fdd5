"""The Django admin behind a second factor.

Local accounts must type a code from a confirmed TOTP device (django-otp) in the
admin's login form; a session opened through single sign-on relies on the
provider's own second factor.
"""

from django import forms
from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from accounts.sso.session import sso_provider_of


class SecondFactorLoginForm(OTPAdminAuthenticationForm):
    otp_token = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "one-time-code"})
    )
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Type the code from your authenticator app."),
        "invalid_token": _("The code is wrong or too old. Type the code your app shows now."),
        "n_failed_attempts": ngettext_lazy(
            "Too many wrong codes (%(failure_count)d); wait a little and try again.",
            "Too many wrong codes (%(failure_count)d); wait a little and try again.",
            "failure_count",
        ),
        "verification_not_allowed": _("Codes cannot be checked right now; try again soon."),
        "device_required": _(
            "Choose your device. If there is none to choose, you have no confirmed "
            "device: ask another administrator to add one for you."
        ),
    }

    def _chosen_device(self, user):
        # With a single confirmed device (the usual case) there is nothing to choose.
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                return devices[0]
        return device


class SecondFactorAdminSite(OTPAdminSite):
    login_form = SecondFactorLoginForm
    login_template = "admin/login_second_factor.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        if super().has_permission(request):
            return True
        return AdminSite.has_permission(self, request) and sso_provider_of(request) is not None
