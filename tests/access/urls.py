"""The real kwargs of every URL of the site, taken from the access-test world."""

from tests.access.world import INVITATION_TOKEN


def _pk(key):
    return lambda w: {"pk": w[key].pk}


def _b(key):
    return lambda w: {"pk": w["b"][key].pk}


def _none(w):
    return {}


KWARGS = {
    # Site
    "home": _none,
    "dashboard": _none,
    "set_language": _none,
    "healthz": _none,
    # Accounts
    "accounts:login": _none,
    "accounts:logout": _none,
    "accounts:password_change": _none,
    "accounts:password_reset": _none,
    "accounts:password_reset_done": _none,
    "accounts:password_reset_confirm": lambda w: {
        "uidb64": w["reset_uid"],
        "token": w["reset_token"],
    },
    "accounts:invitation_accept": lambda w: {"token": INVITATION_TOKEN},
    # Partners
    "partnerships:partner_list": _none,
    "partnerships:partner_create": _none,
    "partnerships:partner_detail": _pk("kindergarten"),
    "partnerships:partner_update": _pk("kindergarten"),
    "partnerships:partner_set_active": _pk("kindergarten"),
    "partnerships:partner_delete": _pk("kindergarten"),
    "partnerships:user_invite": lambda w: {"partner_pk": w["kindergarten"].pk},
    "partnerships:invitation_resend": lambda w: {
        "partner_pk": w["kindergarten"].pk,
        "user_pk": w["invited"].pk,
    },
    "partnerships:user_set_active": lambda w: {
        "partner_pk": w["kindergarten"].pk,
        "user_pk": w["invited"].pk,
    },
    # Partnerships
    "partnerships:partnership_list": _none,
    "partnerships:partnership_create": _none,
    "partnerships:my_tasks": _none,
    "partnerships:partnership_detail": _pk("partnership"),
    "partnerships:partnership_update": _pk("partnership"),
    "partnerships:partnership_change_status": _pk("partnership"),
    "partnerships:partnership_end": _pk("partnership"),
    "partnerships:member_add": _pk("partnership"),
    "partnerships:member_remove": lambda w: {
        "pk": w["partnership"].pk,
        "member_pk": w["member"].pk,
    },
    "partnerships:attachment_upload": _pk("partnership"),
    "partnerships:attachment_download": lambda w: {
        "pk": w["partnership"].pk,
        "attachment_pk": w["attachment"].pk,
    },
    "partnerships:partnership_journal": _pk("partnership"),
    "partnerships:journal_entry_edit": lambda w: {
        "pk": w["partnership"].pk,
        "entry_pk": w["journal_entry"].pk,
    },
    "partnerships:partnership_tasks": _pk("partnership"),
    "partnerships:task_edit": lambda w: {"pk": w["partnership"].pk, "task_pk": w["task"].pk},
    "partnerships:task_set_done": lambda w: {
        "pk": w["partnership"].pk,
        "task_pk": w["task"].pk,
    },
    "partnerships:partnership_time": _pk("partnership"),
    "partnerships:partnership_evaluation": _pk("partnership"),
    "partnerships:partnership_history": _pk("partnership"),
    # Kindergarten portal (kindergarten B's objects)
    "kindergarten_depots:portal_home": _none,
    "kindergarten_depots:portal_wishes": _none,
    "kindergarten_depots:portal_wish_withdraw": _b("wish"),
    "kindergarten_depots:portal_loss_report": _none,
    "kindergarten_depots:portal_swap_receipt_confirm": _b("delivered"),
    "kindergarten_depots:portal_message": _none,
    "kindergarten_depots:portal_calendar": _none,
    # Depots (kindergarten B's objects)
    "kindergarten_depots:agreement_list": _none,
    "kindergarten_depots:agreement_create": _none,
    "kindergarten_depots:agreement_detail": _b("agreement"),
    "kindergarten_depots:agreement_update": _b("agreement"),
    "kindergarten_depots:agreement_generate": _b("agreement"),
    "kindergarten_depots:closure_list": _none,
    "kindergarten_depots:closure_delete": _pk("closure"),
    "kindergarten_depots:swap_calendar": _none,
    "kindergarten_depots:route_sheet": _none,
    "kindergarten_depots:swap_detail": _b("delivered"),
    "kindergarten_depots:swap_item_add": _b("next_swap"),
    "kindergarten_depots:swap_item_remove": lambda w: {
        "pk": w["b"]["delivered"].pk,
        "item_pk": w["b"]["items"][0].pk,
    },
    "kindergarten_depots:swap_proposal_add": _b("next_swap"),
    "kindergarten_depots:swap_pack": _b("next_swap"),
    "kindergarten_depots:swap_unpack": _b("next_swap"),
    "kindergarten_depots:swap_deliver": _b("next_swap"),
    "kindergarten_depots:swap_move": _b("next_swap"),
    "kindergarten_depots:swap_cancel": _b("next_swap"),
    "kindergarten_depots:swap_packing_list": _b("delivered"),
    "kindergarten_depots:swap_labels": _b("delivered"),
    "kindergarten_depots:swap_check_in": _b("next_swap"),
    "kindergarten_depots:item_list": _none,
    "kindergarten_depots:item_detail": lambda w: {"pk": w["b"]["items"][0].pk},
    "kindergarten_depots:item_import": _none,
    "kindergarten_depots:item_import_preview": lambda w: {"token": w["import_batch"].token},
    "kindergarten_depots:item_import_progress": lambda w: {"token": w["imported_batch"].token},
    "kindergarten_depots:statistics": _none,
    "kindergarten_depots:statistics_csv": _none,
    "kindergarten_depots:feed_list": _none,
    "kindergarten_depots:feed_regenerate": lambda w: {
        "kind": "kindergarten",
        "pk": w["kindergarten"].pk,
    },
    "kindergarten_depots:calendar_feed": lambda w: {"token": w["feed"].token},
    # Reading aloud
    "readaloud:championship_list": _none,
    "readaloud:championship_create": _none,
    "readaloud:championship_detail": _pk("championship"),
    "readaloud:championship_update": _pk("championship"),
    "readaloud:championship_copy": _pk("championship"),
    "readaloud:criteria_update": _pk("championship"),
    "readaloud:round_create": _pk("championship"),
    "readaloud:contestant_list": _pk("championship"),
    "readaloud:contestant_create": _pk("championship"),
    "readaloud:public_results": _pk("championship"),
    "readaloud:diplomas": _pk("championship"),
    "readaloud:round_update": _pk("round"),
    "readaloud:heat_create": _pk("round"),
    "readaloud:heat_detail": _pk("heat"),
    "readaloud:heat_update": _pk("heat"),
    "readaloud:heat_place": _pk("heat"),
    "readaloud:heat_draw": _pk("heat"),
    "readaloud:heat_judge_add": _pk("heat"),
    "readaloud:heat_close": _pk("heat"),
    "readaloud:heat_reopen": _pk("heat"),
    "readaloud:heat_running_order": _pk("heat"),
    "readaloud:heat_score_sheets": _pk("heat"),
    "readaloud:heat_results": _pk("heat"),
    "readaloud:tie_decide": lambda w: {"pk": w["heat"].pk, "rank": 1},
    "readaloud:organiser_score": lambda w: {
        "pk": w["heat"].pk,
        "assignment_pk": w["assignment"].pk,
        "performance_pk": w["performance"].pk,
    },
    "readaloud:judge_exclude": _pk("assignment"),
    "readaloud:contestant_update": _pk("contestant"),
    "readaloud:contestant_consent_withdraw": _pk("contestant"),
    "readaloud:contestant_withdraw": _pk("contestant"),
    "readaloud:contestant_export": lambda w: {"pk": w["contestant"].pk, "fmt": "csv"},
    "readaloud:contestant_erase": _pk("contestant"),
    "readaloud:judge_home": _none,
    "readaloud:judge_heat": _pk("heat"),
    "readaloud:judge_score": lambda w: {
        "pk": w["heat"].pk,
        "performance_pk": w["performance"].pk,
    },
}
