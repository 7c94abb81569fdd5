"""allauth's OpenID Connect flow, hardened: a nonce, and the ID token's signature always checked.

allauth already checks state (one use, bound to the session), PKCE, and the ID
token's issuer, audience and expiry; it skips the signature when the token came
straight from the token endpoint and sends no nonce. Both are added here.
"""

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from django.utils.crypto import constant_time_compare, get_random_string
from django.views.decorators.http import require_POST

NONCE_KEY = "oidc_nonce"


class VerifyingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """Check the ID token's signature and nonce; hand on the ID token's claims too."""

    expected_nonce: str | None = None

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token.")
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        nonce = claims.get("nonce")
        if (
            not self.expected_nonce
            or not nonce
            or not constant_time_compare(nonce, self.expected_nonce)
        ):
            raise OAuth2Error("The ID token's nonce does not match this login.")
        data = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(claims.get("sub")):
                raise OAuth2Error("The user info belongs to another subject.")
            # Group and institution claims may be in either; the ID token's are signed.
            data["userinfo"] = {**userinfo, **claims}
        return self.get_provider().sociallogin_from_response(request, data)


class VerifyingOIDCProvider(OpenIDConnectProvider):
    """Send a fresh nonce with each login and keep it in the login's state."""

    oauth2_adapter_class = VerifyingOIDCAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        kwargs["auth_params"] = {**auth_params, "nonce": nonce}
        return super().redirect(request, process, next_url, data, **{NONCE_KEY: nonce}, **kwargs)


class NonceCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get(NONCE_KEY)
        return state, response


@require_POST
def login(request, provider_id):
    """Send the user to the provider (POST only, so no page can start a login unasked)."""
    try:
        return OAuth2LoginView.adapter_view(VerifyingOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


def callback(request, provider_id):
    """Take the provider's answer and log the user in (or say why not)."""
    try:
        return NonceCallbackView.adapter_view(VerifyingOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
