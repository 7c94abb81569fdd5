from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_administrator_permissions(sender, using="default", **kwargs):
    """Give the Administrator role every model permission after each migrate.

    Permissions are created by ``post_migrate`` itself, so a data migration cannot
    assign them on a fresh database; doing it here also covers models added later.
    """
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import Role

    group = Group.objects.using(using).filter(name=Role.ADMINISTRATOR).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from django.core import checks

        from accounts.sso.checks import check_role_maps

        checks.register(check_role_maps)
        # Sent once per app; the last call sees the permissions of every app.
        post_migrate.connect(grant_administrator_permissions)


class SecondFactorAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with ``admin.site`` requiring a second factor."""

    default = False
    default_site = "accounts.admin_site.SecondFactorAdminSite"
