from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnere/", views.PartnerListView.as_view(), name="partner_list"),
    path("partnere/ny/", views.partner_create, name="partner_create"),
    path("partnere/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("partnere/<int:pk>/rediger/", views.partner_update, name="partner_update"),
    path("partnere/<int:pk>/aktiv/", views.partner_set_active, name="partner_set_active"),
    path("partnere/<int:pk>/slet/", views.partner_delete, name="partner_delete"),
]
