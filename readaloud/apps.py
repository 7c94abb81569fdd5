from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadaloudConfig(AppConfig):
    name = "readaloud"
    verbose_name = _("Reading-aloud championship")
