"""Whether the current session was opened through a single sign-on provider."""

from allauth.account.authentication import get_authentication_records
from allauth.socialaccount.models import SocialAccount


def sso_provider_of(request) -> str | None:
    """Return the id of the provider the logged-in user came through, or None.

    allauth records each authentication in the session; the record must name one
    of the user's own linked accounts, so a record left in a session by someone
    else's unfinished provider login cannot vouch for a password login.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    for record in reversed(get_authentication_records(request, user)):
        if record.get("method") != "socialaccount":
            continue
        linked = SocialAccount.objects.filter(
            user=user, provider=record.get("provider"), uid=record.get("uid")
        ).exists()
        return record["provider"] if linked else None
    return None
