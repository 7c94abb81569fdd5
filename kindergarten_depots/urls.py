from django.urls import path

from kindergarten_depots import views

app_name = "kindergarten_depots"

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
]
