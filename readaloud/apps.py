from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadaloudConfig(AppConfig):
    name = "readaloud"
    verbose_name = _("Reading-aloud championship")

    def ready(self):
        from auditlog.registry import auditlog

        from readaloud import models

        for model in (
            models.Championship,
            models.Round,
            models.Heat,
            models.Criterion,
            models.Contestant,
            models.Performance,
            models.JudgeAssignment,
            models.Score,
            models.TieDecision,
            models.Advancement,
        ):
            auditlog.register(model)
