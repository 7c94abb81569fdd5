"""Plug our rules into django-allauth: who a provider's user is, where they land, what refusals say."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.db import transaction
from django.shortcuts import render

from accounts.sso import services
from accounts.sso.provider import VerifyingOIDCProvider

LOGIN_BACKEND = "accounts.backends.EmailBackend"


def refusal_response(request, code: str, provider_name: str = "", status: int = 403, **params):
    """Render the page that tells a refused user why, and whom to ask."""
    context = {"reason": code, "provider_name": provider_name, **params}
    return render(request, "accounts/sso_refused.html", context, status=status)


def claims_of(extra_data: dict) -> dict:
    """Return the claims of a provider login (user info merged with the ID token)."""
    return extra_data.get("userinfo") or extra_data.get("id_token") or {}


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider) and not isinstance(
            found, VerifyingOIDCProvider
        ):
            return VerifyingOIDCProvider(request, app=found.app)
        return found

    def is_open_for_signup(self, request, sociallogin):
        # New users are created by pre_social_login; allauth's signup form is never used.
        return False

    def pre_social_login(self, request, sociallogin):
        """Match by the provider's subject, refuse or create the user, and re-read its roles."""
        account = sociallogin.account
        provider = account.get_provider()
        existing = sociallogin.user if sociallogin.is_existing else None
        try:
            with transaction.atomic():
                user = services.sso_user_sync(
                    provider_id=account.provider,
                    uid=account.uid,
                    claims=claims_of(account.extra_data),
                    user=existing,
                )
                sociallogin.user = user
                if existing is None:
                    sociallogin.save(request, connect=True)
        except services.SSORefused as refusal:
            if existing is not None and refusal.code in services.ROLE_REFUSALS:
                services.sso_roles_revoke(provider_id=account.provider, user=existing)
            raise ImmediateHttpResponse(
                refusal_response(request, refusal.code, provider.name, **refusal.params)
            ) from refusal
        user.backend = LOGIN_BACKEND

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        """Answer a failed or cancelled provider login with our own page, never allauth's."""
        code = "cancelled" if error == AuthError.CANCELLED else "failed"
        name = getattr(provider, "name", "")
        raise ImmediateHttpResponse(refusal_response(request, code, name, status=401))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def login(self, request, user):
        if not hasattr(user, "backend"):
            user.backend = LOGIN_BACKEND
        super().login(request, user)

    def add_message(self, *args, **kwargs):
        # Our login page says nothing after a password login either; allauth's texts
        # ("Loggede succesfuldt ind …") would be the only ones not in our own Danish.
        return

    def get_login_redirect_url(self, request):
        return request.user.get_home_url()
