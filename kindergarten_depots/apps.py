from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KindergartenDepotsConfig(AppConfig):
    name = "kindergarten_depots"
    verbose_name = _("Kindergarten depots")
