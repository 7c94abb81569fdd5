from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from auditlog.registry import auditlog

        from partnerships import models

        auditlog.register(models.Partner)
        auditlog.register(models.ContactPerson)
        auditlog.register(models.Partnership)
        auditlog.register(models.PartnershipPartner)
        auditlog.register(models.PartnershipMember)
        auditlog.register(models.JournalEntry)
        auditlog.register(models.Task)
        auditlog.register(models.TimeEntry)
        auditlog.register(models.Evaluation)
        auditlog.register(models.Attachment, exclude_fields=["file"])
