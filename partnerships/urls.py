from django.urls import path

from partnerships.views import (
    backing,
    directory,
    evaluation,
    history,
    hours,
    journal,
    lookups,
    partnership,
    tasks,
)

app_name = "partnerships"

urlpatterns = [
    # Partner directory
    path("partnere/", directory.PartnerListView.as_view(), name="partner_list"),
    path("partnere/ny/", directory.partner_create, name="partner_create"),
    path("partnere/<int:pk>/", directory.PartnerDetailView.as_view(), name="partner_detail"),
    path("partnere/<int:pk>/rediger/", directory.partner_update, name="partner_update"),
    path("partnere/<int:pk>/aktiv/", directory.partner_set_active, name="partner_set_active"),
    path("partnere/<int:pk>/slet/", directory.partner_delete, name="partner_delete"),
    path("partnere/<int:partner_pk>/inviter/", directory.user_invite, name="user_invite"),
    path(
        "partnere/<int:partner_pk>/brugere/<int:user_pk>/inviter-igen/",
        directory.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "partnere/<int:partner_pk>/brugere/<int:user_pk>/aktiv/",
        directory.user_set_active,
        name="user_set_active",
    ),
    # Partnerships
    path("partnerskaber/", partnership.PartnershipListView.as_view(), name="partnership_list"),
    path("partnerskaber/ny/", partnership.partnership_create, name="partnership_create"),
    path("partnerskaber/soeg/partnere/", lookups.partner_lookup, name="partner_lookup"),
    path(
        "partnerskaber/soeg/alle-partnere/",
        lookups.partner_choice_lookup,
        name="partner_choice_lookup",
    ),
    path(
        "partnerskaber/soeg/koordinatorer/", lookups.coordinator_lookup, name="coordinator_lookup"
    ),
    path("partnerskaber/mine-opgaver/", tasks.my_tasks, name="my_tasks"),
    path("partnerskaber/opbakning/", backing.backing_requests, name="backing_requests"),
    path("partnerskaber/<int:pk>/opbakning/", backing.backing_request, name="backing_request"),
    path(
        "partnerskaber/<int:pk>/opbakning/<int:request_pk>/",
        backing.backing_decide,
        name="backing_decide",
    ),
    path("partnerskaber/<int:pk>/", partnership.partnership_detail, name="partnership_detail"),
    path(
        "partnerskaber/<int:pk>/rediger/", partnership.partnership_update, name="partnership_update"
    ),
    path(
        "partnerskaber/<int:pk>/status/",
        partnership.partnership_change_status,
        name="partnership_change_status",
    ),
    path("partnerskaber/<int:pk>/afslut/", evaluation.partnership_end, name="partnership_end"),
    path("partnerskaber/<int:pk>/medlemmer/", partnership.member_add, name="member_add"),
    path("partnerskaber/<int:pk>/medlemmer/soeg/", lookups.member_lookup, name="member_lookup"),
    path(
        "partnerskaber/<int:pk>/medlemmer/<int:member_pk>/fjern/",
        partnership.member_remove,
        name="member_remove",
    ),
    path("partnerskaber/<int:pk>/filer/", partnership.attachment_upload, name="attachment_upload"),
    path(
        "partnerskaber/<int:pk>/filer/<int:attachment_pk>/",
        partnership.attachment_download,
        name="attachment_download",
    ),
    path(
        "partnerskaber/<int:pk>/journal/", journal.partnership_journal, name="partnership_journal"
    ),
    path(
        "partnerskaber/<int:pk>/journal/<int:entry_pk>/rediger/",
        journal.journal_entry_edit,
        name="journal_entry_edit",
    ),
    path("partnerskaber/<int:pk>/opgaver/", tasks.partnership_tasks, name="partnership_tasks"),
    path(
        "partnerskaber/<int:pk>/opgaver/<int:task_pk>/rediger/",
        tasks.task_edit,
        name="task_edit",
    ),
    path(
        "partnerskaber/<int:pk>/opgaver/<int:task_pk>/udfoert/",
        tasks.task_set_done,
        name="task_set_done",
    ),
    path("partnerskaber/<int:pk>/tid/", hours.partnership_time, name="partnership_time"),
    path(
        "partnerskaber/<int:pk>/evaluering/",
        evaluation.partnership_evaluation,
        name="partnership_evaluation",
    ),
    path(
        "partnerskaber/<int:pk>/historik/", history.partnership_history, name="partnership_history"
    ),
]
