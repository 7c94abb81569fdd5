from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KindergartenDepotsConfig(AppConfig):
    name = "kindergarten_depots"
    verbose_name = _("Kindergarten depots")

    def ready(self):
        from auditlog.registry import auditlog

        from kindergarten_depots import models
        from kindergarten_depots.services.lifecycle import partnership_status_changed
        from partnerships.signals import status_changed

        status_changed.connect(
            partnership_status_changed, dispatch_uid="kindergarten_depots_follow_partnership"
        )

        auditlog.register(models.DepotAgreement, m2m_fields={"themes"})
        auditlog.register(models.ClosurePeriod)
        auditlog.register(models.Swap)
        auditlog.register(models.Item)
        auditlog.register(models.Loan)
        auditlog.register(models.Wish)
        auditlog.register(models.LossReport)
        auditlog.register(models.CalendarFeed, exclude_fields=["token"])
