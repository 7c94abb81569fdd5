"""System check: every role a provider's claim mapping names must be a role of this app."""

from django.conf import settings
from django.core.checks import Error

from accounts.roles import Role


def check_role_maps(app_configs=None, **kwargs):
    errors = []
    for provider_id, config in settings.SSO_PROVIDERS.items():
        for value, names in config["role_map"].items():
            for name in names:
                if name not in Role.values:
                    errors.append(
                        Error(
                            f"OIDC_{provider_id.upper()}_ROLE_MAP maps {value!r} to {name!r}, "
                            "which is not a role.",
                            hint="Use one of: " + ", ".join(Role.values),
                            id="accounts.E001",
                        )
                    )
    return errors
