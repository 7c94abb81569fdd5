from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # The depots' own statistics page counts its books from the monthly figures kept
        # here, kept in the shared figures cache for ten minutes like the statistics area's
        # (the depot app never imports reporting).
        from kindergarten_depots import statistics
        from reporting import monthly

        statistics.period_loans = monthly.agreement_figures_cached
