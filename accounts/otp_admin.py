"""django-otp's device admins with translated labels.

The library's model fields have no translatable verbose names, and changing them
would mean migrations in a third-party app. So the admins are registered again:
form fields get translated ``labels``/``help_texts``, the read-only timestamps and
list columns are admin methods with a translated description, the list filters
and fieldsets carry translated titles.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin, StaticTokenInline
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_LABELS = {
    "user": _("User"),
    "name": _("Name"),
    "confirmed": _("Confirmed"),
    "throttling_failure_timestamp": _("Last failed code"),
    "throttling_failure_count": _("Failed codes in a row"),
}
DEVICE_HELP_TEXTS = {
    "user": _("The person this device belongs to."),
    "name": _("A name the person recognises, such as “phone”."),
    "confirmed": _("Whether the device is ready for use."),
    "throttling_failure_timestamp": _("When the last wrong code was typed."),
    "throttling_failure_count": _("How many wrong codes were typed in a row."),
}
TOTP_LABELS = {
    **DEVICE_LABELS,
    "key": _("Secret key"),
    "step": _("Time step"),
    "t0": _("Start time (t0)"),
    "digits": _("Digits"),
    "tolerance": _("Tolerance"),
    "drift": _("Clock drift"),
}
TOTP_HELP_TEXTS = {
    **DEVICE_HELP_TEXTS,
    "key": _("A hex-encoded secret key of up to 40 bytes."),
    "step": _("The time step in seconds."),
    "t0": _("The Unix time at which to begin counting steps."),
    "digits": _("How many digits a code has."),
    "tolerance": _("How many time steps before or after now a code may be from."),
    "drift": _("How many time steps the device's clock is known to be off."),
}


def titled(filter_class, title):
    """``filter_class`` with a translated title instead of the field's verbose name."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


class TranslatedDeviceAdminMixin:
    list_display = ["owner", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = [
        ("created_at", titled(admin.DateFieldListFilter, _("created"))),
        ("last_used_at", titled(admin.DateFieldListFilter, _("last used"))),
        ("confirmed", titled(admin.BooleanFieldListFilter, _("confirmed"))),
    ]
    search_help_text = _("Search by the person's e-mail address.")
    readonly_fields = ["created", "last_used"]

    def get_fieldsets(self, request, obj=None):
        titles = {
            "Identity": _("Identity"),
            "Timestamps": _("Times"),
            "Configuration": _("Configuration"),
            "State": _("State"),
            "Throttling": _("Wrong codes"),
        }
        renamed = {"created_at": "created", "last_used_at": "last_used"}
        return [
            (
                titles.get(title, title),
                {**options, "fields": [renamed.get(f, f) for f in options["fields"]]},
            )
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("User"), ordering="user__full_name")
    def owner(self, device):
        return device.user

    @admin.display(description=_("Name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=pgettext_lazy("device", "Created"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("Last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    @admin.display(description=_("Confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device):
        return device.confirmed


class TOTPDeviceForm(forms.ModelForm):
    class Meta:
        model = TOTPDevice
        fields = list(TOTP_LABELS)  # the admin's fieldsets decide what is shown
        labels = TOTP_LABELS
        help_texts = TOTP_HELP_TEXTS


class StaticDeviceForm(forms.ModelForm):
    class Meta:
        model = StaticDevice
        fields = list(DEVICE_LABELS)
        labels = DEVICE_LABELS
        help_texts = DEVICE_HELP_TEXTS


class StaticTokenForm(forms.ModelForm):
    class Meta:
        model = StaticToken
        fields = ["token"]
        labels = {"token": _("Code")}


class TranslatedTOTPDeviceAdmin(TranslatedDeviceAdminMixin, TOTPDeviceAdmin):
    form = TOTPDeviceForm
    readonly_fields = ["created", "last_used", "qrcode_link"]

    @admin.display(description=_("QR code"))
    def qrcode_link(self, device):
        return super().qrcode_link(device)


class TranslatedStaticTokenInline(StaticTokenInline):
    form = StaticTokenForm


class TranslatedStaticDeviceAdmin(TranslatedDeviceAdminMixin, StaticDeviceAdmin):
    form = StaticDeviceForm
    inlines = [TranslatedStaticTokenInline]


for model, model_admin in (
    (TOTPDevice, TranslatedTOTPDeviceAdmin),
    (StaticDevice, TranslatedStaticDeviceAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
