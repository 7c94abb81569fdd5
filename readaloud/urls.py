from django.urls import path

from readaloud import views

app_name = "readaloud"

urlpatterns = [
    path("", views.championship_list, name="championship_list"),
    path("resultater/", views.public_editions, name="public_editions"),
    path("ny/", views.championship_create, name="championship_create"),
    path("<int:pk>/", views.championship_detail, name="championship_detail"),
    path("<int:pk>/rediger/", views.championship_update, name="championship_update"),
    path("<int:pk>/kopier/", views.championship_copy, name="championship_copy"),
    path("<int:pk>/kriterier/", views.criteria_update, name="criteria_update"),
    path("<int:pk>/kriterier/genaabn/", views.criteria_reopen, name="criteria_reopen"),
    path("<int:pk>/runder/ny/", views.round_create, name="round_create"),
    path("<int:pk>/deltagere/", views.contestant_list, name="contestant_list"),
    path("<int:pk>/deltagere/ny/", views.contestant_create, name="contestant_create"),
    path("<int:pk>/deltagere/importer/", views.contestant_import, name="contestant_import"),
    path("<int:pk>/samtykker/", views.consent_overview, name="consent_overview"),
    path("<int:pk>/samtykkebreve/", views.consent_letters, name="consent_letters"),
    path("<int:pk>/resultater/", views.public_results, name="public_results"),
    path("<int:pk>/diplomer/", views.diploma_list, name="diplomas"),
    path("runder/<int:pk>/rediger/", views.round_update, name="round_update"),
    path("runder/<int:pk>/heats/ny/", views.heat_create, name="heat_create"),
    path("runder/<int:pk>/frigiv/", views.round_release, name="round_release"),
    path("heats/<int:pk>/", views.heat_detail, name="heat_detail"),
    path("heats/<int:pk>/rediger/", views.heat_update, name="heat_update"),
    path("heats/<int:pk>/placer/", views.heat_place, name="heat_place"),
    path("heats/<int:pk>/traek-lod/", views.heat_draw, name="heat_draw"),
    path("heats/<int:pk>/dommere/", views.heat_judge_add, name="heat_judge_add"),
    path("heats/<int:pk>/luk/", views.heat_close, name="heat_close"),
    path("heats/<int:pk>/genaabn/", views.heat_reopen, name="heat_reopen"),
    path("heats/<int:pk>/frigiv/", views.heat_release, name="heat_release"),
    path("heats/<int:pk>/fremdrift/", views.heat_progress, name="heat_progress"),
    path("heats/<int:pk>/projektor/", views.heat_projector, name="heat_projector"),
    path("heats/<int:pk>/projektor/naeste/", views.heat_stage_next, name="heat_stage_next"),
    path("heats/<int:pk>/projektor/vinder/", views.heat_reveal, name="heat_reveal"),
    path("heats/<int:pk>/flyt/", views.placement_move, name="placement_move"),
    path("placeringer/<int:pk>/fjern/", views.placement_remove, name="placement_remove"),
    path("heats/<int:pk>/startraekkefoelge/", views.heat_running_order, name="heat_running_order"),
    path("heats/<int:pk>/pointark/", views.heat_score_sheets, name="heat_score_sheets"),
    path("heats/<int:pk>/resultater/", views.heat_results, name="heat_results"),
    path("heats/<int:pk>/uafgjort/<int:rank>/", views.tie_decide, name="tie_decide"),
    path(
        "heats/<int:pk>/indtast/<int:assignment_pk>/<int:performance_pk>/",
        views.organiser_score,
        name="organiser_score",
    ),
    path("dommere/<int:pk>/udeluk/", views.judge_exclude, name="judge_exclude"),
    path("deltagere/<int:pk>/rediger/", views.contestant_update, name="contestant_update"),
    path(
        "deltagere/<int:pk>/tilbagekald-samtykke/",
        views.contestant_consent_withdraw,
        name="contestant_consent_withdraw",
    ),
    path(
        "deltagere/<int:pk>/traek-tilbage/", views.contestant_withdraw, name="contestant_withdraw"
    ),
    path("deltagere/<int:pk>/eksport.<str:fmt>", views.contestant_export, name="contestant_export"),
    path(
        "deltagere/<int:pk>/adgangslog/",
        views.contestant_access_log,
        name="contestant_access_log",
    ),
    path("deltagere/<int:pk>/slet/", views.contestant_erase, name="contestant_erase"),
    path("bedoemmelse/", views.judge_home, name="judge_home"),
    path("bedoemmelse/heats/<int:pk>/", views.judge_heat, name="judge_heat"),
    path(
        "bedoemmelse/heats/<int:pk>/<int:performance_pk>/",
        views.judge_score,
        name="judge_score",
    ),
]
