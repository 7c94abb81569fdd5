"""The Django admin behind a second factor.

Local accounts must confirm a TOTP code (django-otp) when they log in to the admin;
a session opened through single sign-on relies on the provider's own second factor.
"""

from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminSite

from accounts.sso.session import sso_provider_of


class SecondFactorAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        if super().has_permission(request):
            return True
        return AdminSite.has_permission(self, request) and sso_provider_of(request) is not None
