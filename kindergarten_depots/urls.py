from django.urls import path

from kindergarten_depots.views import (
    agreements,
    bridge,
    catalogue,
    feeds,
    lifecycle,
    packing,
    portal,
    returns,
    route,
    schedule,
    schedule_runs,
    statistics,
)

app_name = "kindergarten_depots"

# Included at the site root: the kindergarten portal lives under portal/, the
# librarians' depot pages under depoter/.
urlpatterns = [
    path("portal/", portal.portal_home, name="portal_home"),
    path("portal/oensker/", portal.portal_wishes, name="portal_wishes"),
    path(
        "portal/oensker/<int:pk>/traek-tilbage/",
        portal.portal_wish_withdraw,
        name="portal_wish_withdraw",
    ),
    path("portal/meld-bog/", portal.portal_loss_report, name="portal_loss_report"),
    path(
        "portal/udskiftninger/<int:pk>/modtaget/",
        portal.portal_swap_receipt_confirm,
        name="portal_swap_receipt_confirm",
    ),
    path("portal/laan/<int:pk>/fundet/", portal.portal_loan_found, name="portal_loan_found"),
    path("portal/skriv/", portal.portal_message, name="portal_message"),
    path("portal/kalender/", portal.portal_calendar, name="portal_calendar"),
    path("depoter/", agreements.AgreementListView.as_view(), name="agreement_list"),
    path("depoter/aftaler/ny/", agreements.agreement_create, name="agreement_create"),
    path("depoter/aftaler/planer/", schedule_runs.schedules_generate, name="schedules_generate"),
    path(
        "depoter/aftaler/planer/<int:pk>/",
        schedule_runs.schedule_run_progress,
        name="schedule_run_progress",
    ),
    path("depoter/aftaler/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("depoter/aftaler/<int:pk>/rediger/", agreements.agreement_update, name="agreement_update"),
    path(
        "depoter/aftaler/<int:pk>/planlaeg/",
        agreements.agreement_generate,
        name="agreement_generate",
    ),
    path(
        "depoter/aftaler/<int:pk>/aktiver/", lifecycle.agreement_activate, name="agreement_activate"
    ),
    path("depoter/aftaler/<int:pk>/pause/", lifecycle.agreement_pause, name="agreement_pause"),
    path("depoter/aftaler/<int:pk>/genoptag/", lifecycle.agreement_resume, name="agreement_resume"),
    path("depoter/aftaler/<int:pk>/afslut/", lifecycle.agreement_end, name="agreement_end"),
    path(
        "depoter/aftaler/<int:pk>/laanerkort/",
        bridge.agreement_card_compare,
        name="agreement_card_compare",
    ),
    path(
        "depoter/udskiftninger/<int:pk>/stregkoder/<str:kind>.<str:fmt>",
        bridge.swap_barcodes,
        name="swap_barcodes",
    ),
    path("depoter/lukkedage/", schedule.closure_list, name="closure_list"),
    path("depoter/lukkedage/<int:pk>/slet/", schedule.closure_delete, name="closure_delete"),
    path("depoter/kalender/", schedule.swap_calendar, name="swap_calendar"),
    path("depoter/koreliste/", schedule.route_sheet, name="route_sheet"),
    path("depoter/udskiftninger/<int:pk>/", packing.swap_detail, name="swap_detail"),
    path("depoter/udskiftninger/<int:pk>/tilfoej/", packing.swap_item_add, name="swap_item_add"),
    path(
        "depoter/udskiftninger/<int:pk>/fjern/<int:item_pk>/",
        packing.swap_item_remove,
        name="swap_item_remove",
    ),
    path(
        "depoter/udskiftninger/<int:pk>/forslag/",
        packing.swap_proposal_add,
        name="swap_proposal_add",
    ),
    path("depoter/udskiftninger/<int:pk>/pak/", packing.swap_pack, name="swap_pack"),
    path("depoter/udskiftninger/<int:pk>/genaabn/", packing.swap_unpack, name="swap_unpack"),
    path("depoter/udskiftninger/<int:pk>/lever/", returns.swap_deliver, name="swap_deliver"),
    path("depoter/udskiftninger/<int:pk>/flyt/", schedule.swap_move, name="swap_move"),
    path("depoter/udskiftninger/<int:pk>/aflys/", schedule.swap_cancel, name="swap_cancel"),
    path(
        "depoter/udskiftninger/<int:pk>/pakkeliste/",
        packing.swap_packing_list,
        name="swap_packing_list",
    ),
    path("depoter/udskiftninger/<int:pk>/etiketter/", packing.swap_labels, name="swap_labels"),
    path(
        "depoter/udskiftninger/<int:pk>/returnering/", returns.swap_check_in, name="swap_check_in"
    ),
    path(
        "depoter/udskiftninger/<int:pk>/returnering/fortryd/",
        returns.swap_check_in_undo,
        name="swap_check_in_undo",
    ),
    path("depoter/laan/<int:pk>/fundet/", returns.loan_found, name="loan_found"),
    path("depoter/koerer/", route.driver_day, name="driver_day"),
    path("depoter/koerer/<int:pk>/flyt/", route.driver_stop_move, name="driver_stop_move"),
    path("depoter/koerer/<int:pk>/leveret/", route.driver_stop_deliver, name="driver_stop_deliver"),
    path("depoter/koerer/<int:pk>/hentet/", route.driver_stop_collect, name="driver_stop_collect"),
    path("depoter/koerer/<int:pk>/problem/", route.driver_stop_problem, name="driver_stop_problem"),
    path("depoter/koerer/<int:pk>/kasse/", route.driver_box_scan, name="driver_box_scan"),
    path("depoter/boeger/", catalogue.ItemListView.as_view(), name="item_list"),
    path("depoter/boeger/<int:pk>/", catalogue.item_detail, name="item_detail"),
    path("depoter/boeger/import/", catalogue.item_import, name="item_import"),
    path(
        "depoter/boeger/import/<str:token>/",
        catalogue.item_import_preview,
        name="item_import_preview",
    ),
    path(
        "depoter/boeger/import/<str:token>/status/",
        catalogue.item_import_progress,
        name="item_import_progress",
    ),
    path("depoter/statistik/", statistics.depot_statistics, name="statistics"),
    path("depoter/statistik.csv", statistics.depot_statistics_csv, name="statistics_csv"),
    path("depoter/kalenderfeeds/", feeds.feed_list, name="feed_list"),
    path("depoter/soeg/boernehaver/", feeds.kindergarten_lookup, name="kindergarten_lookup"),
    path(
        "depoter/kalenderfeeds/<str:kind>/<int:pk>/",
        feeds.feed_regenerate,
        name="feed_regenerate",
    ),
    path("depoter/ical/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
]
