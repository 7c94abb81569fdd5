from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import healthz
from partnerships import views as partnership_views

admin.site.site_header = _("Bibliotekets Partnerskaber – administration")
admin.site.site_title = _("Bibliotekets Partnerskaber")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", partnership_views.home, name="home"),
    path("overblik/", partnership_views.dashboard, name="dashboard"),
    path("konto/", include("accounts.urls")),
    path("", include("partnerships.urls")),
    path("", include("kindergarten_depots.urls")),
    path("oplaesning/", include("readaloud.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
