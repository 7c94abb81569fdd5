from django.urls import path

from kindergarten_depots import portal_views, views

app_name = "kindergarten_depots"

# Included at the site root: the kindergarten portal lives under portal/, the
# librarians' depot pages under depoter/.
urlpatterns = [
    path("portal/", portal_views.portal_home, name="portal_home"),
    path("portal/oensker/", portal_views.portal_wishes, name="portal_wishes"),
    path(
        "portal/oensker/<int:pk>/traek-tilbage/",
        portal_views.portal_wish_withdraw,
        name="portal_wish_withdraw",
    ),
    path("portal/meld-bog/", portal_views.portal_loss_report, name="portal_loss_report"),
    path(
        "portal/udskiftninger/<int:pk>/modtaget/",
        portal_views.portal_swap_receipt_confirm,
        name="portal_swap_receipt_confirm",
    ),
    path("portal/skriv/", portal_views.portal_message, name="portal_message"),
    path("portal/kalender/", portal_views.portal_calendar, name="portal_calendar"),
    path("depoter/", views.AgreementListView.as_view(), name="agreement_list"),
    path("depoter/aftaler/ny/", views.agreement_create, name="agreement_create"),
    path("depoter/aftaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("depoter/aftaler/<int:pk>/rediger/", views.agreement_update, name="agreement_update"),
    path("depoter/aftaler/<int:pk>/planlaeg/", views.agreement_generate, name="agreement_generate"),
    path("depoter/lukkedage/", views.closure_list, name="closure_list"),
    path("depoter/lukkedage/<int:pk>/slet/", views.closure_delete, name="closure_delete"),
    path("depoter/kalender/", views.swap_calendar, name="swap_calendar"),
    path("depoter/koreliste/", views.route_sheet, name="route_sheet"),
    path("depoter/udskiftninger/<int:pk>/", views.swap_detail, name="swap_detail"),
    path("depoter/udskiftninger/<int:pk>/tilfoej/", views.swap_item_add, name="swap_item_add"),
    path(
        "depoter/udskiftninger/<int:pk>/fjern/<int:item_pk>/",
        views.swap_item_remove,
        name="swap_item_remove",
    ),
    path(
        "depoter/udskiftninger/<int:pk>/forslag/", views.swap_proposal_add, name="swap_proposal_add"
    ),
    path("depoter/udskiftninger/<int:pk>/pak/", views.swap_pack, name="swap_pack"),
    path("depoter/udskiftninger/<int:pk>/genaabn/", views.swap_unpack, name="swap_unpack"),
    path("depoter/udskiftninger/<int:pk>/lever/", views.swap_deliver, name="swap_deliver"),
    path("depoter/udskiftninger/<int:pk>/flyt/", views.swap_move, name="swap_move"),
    path("depoter/udskiftninger/<int:pk>/aflys/", views.swap_cancel, name="swap_cancel"),
    path(
        "depoter/udskiftninger/<int:pk>/pakkeliste/",
        views.swap_packing_list,
        name="swap_packing_list",
    ),
    path("depoter/udskiftninger/<int:pk>/etiketter/", views.swap_labels, name="swap_labels"),
    path("depoter/udskiftninger/<int:pk>/returnering/", views.swap_check_in, name="swap_check_in"),
    path("depoter/boeger/", views.ItemListView.as_view(), name="item_list"),
    path("depoter/boeger/<int:pk>/", views.item_detail, name="item_detail"),
    path("depoter/boeger/import/", views.item_import, name="item_import"),
    path(
        "depoter/boeger/import/<str:token>/",
        views.item_import_preview,
        name="item_import_preview",
    ),
    path("depoter/statistik/", views.depot_statistics, name="statistics"),
    path("depoter/statistik.csv", views.depot_statistics_csv, name="statistics_csv"),
    path("depoter/kalenderfeeds/", views.feed_list, name="feed_list"),
    path(
        "depoter/kalenderfeeds/<str:kind>/<int:pk>/",
        views.feed_regenerate,
        name="feed_regenerate",
    ),
    path("depoter/ical/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
