from django.urls import path, register_converter

from reporting import views


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "export_format")

app_name = "reporting"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("eksport/<slug:slug>.<export_format:fmt>", views.export, name="export"),
    path("aarsrapport/", views.annual_report, name="annual_report"),
]
