from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.sso import provider as sso_provider
from config.health import healthz
from config.legal import privacy_notice
from partnerships import views as partnership_views

admin.site.site_header = _("Bibliotekets Partnerskaber – administration")
admin.site.site_title = _("Bibliotekets Partnerskaber")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("overblik/", partnership_views.dashboard, name="dashboard"),
    path("konto/", include("accounts.urls")),
    # Single sign-on: allauth reverses these names without a namespace.
    path(
        "konto/sso/<str:provider_id>/login/",
        sso_provider.login,
        name="openid_connect_login",
    ),
    path(
        "konto/sso/<str:provider_id>/callback/",
        sso_provider.callback,
        name="openid_connect_callback",
    ),
    path("", include("partnerships.urls")),
    path("", include("kindergarten_depots.urls")),
    path("oplaesning/", include("readaloud.urls")),
    path("statistik/", include("reporting.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("privatliv/", privacy_notice, name="privacy_notice"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
