"""allauth's OpenID Connect flow, hardened: a nonce, and the whole ID token always checked.

allauth checks the state (one use, bound to the browser session) and PKCE. It
sends no nonce, and skips the ID token's signature when the token came straight
from the token endpoint; here every ID token is checked (signature, issuer,
audience, expiry, nonce) before anyone is logged in.
"""

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404
from django.utils.crypto import constant_time_compare, get_random_string
from django.views.decorators.http import require_POST

NONCE_KEY = "oidc_nonce"
# Our clock and the provider's may differ a little.
CLOCK_SKEW_SECONDS = 60
# Signatures by a key pair only: never "none", never a shared secret.
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]


class VerifyingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """Check the ID token's signature and nonce; hand on the ID token's claims too."""

    expected_nonce: str | None = None

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token.")
        claims = self.id_token_claims(id_token, audience=app.client_id)
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

    def id_token_claims(self, id_token: str, *, audience: str) -> dict:
        """Return the ID token's claims after checking signature, issuer, audience and expiry."""
        try:
            header = jwt.get_unverified_header(id_token)
            with get_adapter().get_requests_session() as session:
                response = session.get(self.openid_config["jwks_uri"])
                response.raise_for_status()
                keys = jwt.PyJWKSet.from_dict(response.json()).keys
            kid = header.get("kid")
            # A provider with a single key may leave out the key id.
            matching = [key for key in keys if kid is None or key.key_id == kid]
            if len(matching) != 1:
                raise OAuth2Error("No single signing key matches the ID token.")
            return jwt.decode(
                id_token,
                key=matching[0],
                algorithms=SIGNING_ALGORITHMS,
                audience=audience,
                issuer=self.openid_config["issuer"],
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
                leeway=CLOCK_SKEW_SECONDS,
            )
        except jwt.PyJWTError as error:
            raise OAuth2Error(f"The ID token is not valid: {error}") from error


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
