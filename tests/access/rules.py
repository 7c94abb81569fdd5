"""Who may open each URL of the site: one rule per URL name.

``PAGE`` URLs answer GET; ``ACTION`` URLs change something and answer POST only.
``allowed`` names the personas (see ``tests/conftest.py``) who get the page or may
run the action; everybody else is refused: anonymous visitors are sent to the login
page, logged-in users get 403 (wrong role) or 404 (an object outside their reach).
``status`` is what an allowed persona's GET answers when that is not 200.

The objects behind the ids are kindergarten B's depot, SKOFO (which the partner
member belongs to and which organises the championship) and the judge's heat; see
``tests/access/world.py``.
"""

from dataclasses import dataclass, field

PAGE = "page"
ACTION = "action"

EVERYONE = frozenset(
    {"anonymous", "librarian", "partner_member", "staff_a", "staff_b", "judge", "admin"}
)
LOGGED_IN = EVERYONE - {"anonymous"}
LIBRARIANS = frozenset({"librarian", "admin"})
PARTNERSHIP_MEMBERS = LIBRARIANS | {"partner_member"}
KINDERGARTEN_STAFF = frozenset({"staff_a", "staff_b"})
KINDERGARTEN_B = frozenset({"staff_b"})
JUDGES = frozenset({"judge"})
# Library managers (a librarian with one more group) are not among the seven personas:
# their pages refuse every persona here; tests/partnerships/test_backing.py lets one in.
MANAGERS = frozenset()


@dataclass(frozen=True)
class Rule:
    kind: str
    allowed: frozenset
    status: dict = field(default_factory=dict)  # persona → status of an allowed GET


def page(allowed, **status):
    return Rule(PAGE, frozenset(allowed), status)


def action(allowed):
    return Rule(ACTION, frozenset(allowed))


REDIRECTS = dict.fromkeys(LOGGED_IN, 302)

RULES = {
    # Site
    "home": page(LOGGED_IN, **REDIRECTS),
    "dashboard": page(LOGGED_IN, staff_a=302, staff_b=302),  # staff go on to the portal
    "set_language": page(EVERYONE, **REDIRECTS, anonymous=302),
    # No worker runs in the test world, so the health check reports a failure.
    "healthz": page(EVERYONE, **dict.fromkeys(EVERYONE, 503)),
    # The privacy notice is public (no login).
    "privacy_notice": page(EVERYONE),
    # Accounts: logging in and recovering a password is for everybody
    "accounts:login": page(EVERYONE, **REDIRECTS),
    "accounts:logout": action(LOGGED_IN),
    "accounts:password_change": page(LOGGED_IN),
    "accounts:password_reset": page(EVERYONE),
    "accounts:password_reset_done": page(EVERYONE),
    # A valid link moves on to the page that sets the new password.
    "accounts:password_reset_confirm": page(EVERYONE, **REDIRECTS, anonymous=302),
    "accounts:invitation_accept": page(EVERYONE),
    # Single sign-on (allauth needs these names without a namespace). The login is a
    # POST from the login page; no provider is configured here, so both are 404 for an
    # unknown provider (tests/accounts/test_sso*.py drive them against a real provider).
    "openid_connect_login": action(EVERYONE),
    "openid_connect_callback": page(EVERYONE, **dict.fromkeys(EVERYONE, 404)),
    # Partner directory: librarians
    "partnerships:partner_list": page(LIBRARIANS),
    "partnerships:partner_create": page(LIBRARIANS),
    "partnerships:partner_detail": page(LIBRARIANS),
    "partnerships:partner_update": page(LIBRARIANS),
    "partnerships:partner_set_active": action(LIBRARIANS),
    "partnerships:partner_delete": page(LIBRARIANS),
    "partnerships:user_invite": action(LIBRARIANS),
    "partnerships:invitation_resend": action(LIBRARIANS),
    "partnerships:user_set_active": action(LIBRARIANS),
    # Partnerships: members share journal, tasks, time and files; librarians manage
    "partnerships:partnership_list": page(PARTNERSHIP_MEMBERS),
    "partnerships:partnership_create": page(LIBRARIANS),
    "partnerships:my_tasks": page(PARTNERSHIP_MEMBERS),
    "partnerships:backing_request": action(LIBRARIANS),
    "partnerships:backing_requests": page(MANAGERS),
    "partnerships:backing_decide": page(MANAGERS),
    "partnerships:partner_lookup": page(PARTNERSHIP_MEMBERS),
    "partnerships:coordinator_lookup": page(PARTNERSHIP_MEMBERS),
    "partnerships:partner_choice_lookup": page(LIBRARIANS),
    "partnerships:member_lookup": page(LIBRARIANS),
    "partnerships:partnership_detail": page(PARTNERSHIP_MEMBERS),
    "partnerships:partnership_update": page(LIBRARIANS),
    "partnerships:partnership_change_status": action(LIBRARIANS),
    "partnerships:partnership_end": page(LIBRARIANS),
    "partnerships:member_add": action(LIBRARIANS),
    "partnerships:member_remove": page(LIBRARIANS),
    "partnerships:attachment_upload": action(PARTNERSHIP_MEMBERS),
    "partnerships:attachment_download": page(PARTNERSHIP_MEMBERS),
    "partnerships:partnership_journal": page(PARTNERSHIP_MEMBERS),
    "partnerships:journal_entry_edit": page(PARTNERSHIP_MEMBERS),  # the author or a librarian
    "partnerships:partnership_tasks": page(PARTNERSHIP_MEMBERS),
    "partnerships:task_edit": page(PARTNERSHIP_MEMBERS),
    "partnerships:task_set_done": action(PARTNERSHIP_MEMBERS),
    "partnerships:partnership_time": page(PARTNERSHIP_MEMBERS),
    "partnerships:partnership_evaluation": page(LIBRARIANS),
    "partnerships:partnership_history": page(LIBRARIANS),
    # Kindergarten portal: staff, each for their own kindergarten (the ids are B's)
    "kindergarten_depots:portal_home": page(KINDERGARTEN_STAFF),
    "kindergarten_depots:portal_wishes": page(KINDERGARTEN_STAFF),
    "kindergarten_depots:portal_wish_withdraw": action(KINDERGARTEN_B),
    "kindergarten_depots:portal_loss_report": page(KINDERGARTEN_STAFF),
    "kindergarten_depots:portal_swap_receipt_confirm": action(KINDERGARTEN_B),
    "kindergarten_depots:portal_loan_found": action(KINDERGARTEN_B),
    "kindergarten_depots:portal_message": page(KINDERGARTEN_STAFF),
    "kindergarten_depots:portal_calendar": page(KINDERGARTEN_STAFF),
    # Depots: librarians
    "kindergarten_depots:agreement_list": page(LIBRARIANS),
    "kindergarten_depots:agreement_create": page(LIBRARIANS),
    "kindergarten_depots:agreement_detail": page(LIBRARIANS),
    "kindergarten_depots:agreement_update": page(LIBRARIANS),
    "kindergarten_depots:agreement_generate": page(LIBRARIANS),
    "kindergarten_depots:schedules_generate": page(LIBRARIANS),
    "kindergarten_depots:schedule_run_progress": page(LIBRARIANS),
    "kindergarten_depots:agreement_card_compare": page(LIBRARIANS),
    "kindergarten_depots:agreement_activate": action(LIBRARIANS),
    "kindergarten_depots:agreement_pause": action(LIBRARIANS),
    "kindergarten_depots:agreement_resume": action(LIBRARIANS),
    "kindergarten_depots:agreement_end": page(LIBRARIANS),
    "kindergarten_depots:swap_barcodes": page(LIBRARIANS),
    "kindergarten_depots:closure_list": page(LIBRARIANS),
    "kindergarten_depots:closure_delete": page(LIBRARIANS),
    "kindergarten_depots:swap_calendar": page(LIBRARIANS),
    "kindergarten_depots:route_sheet": page(LIBRARIANS),
    "kindergarten_depots:swap_detail": page(LIBRARIANS),
    "kindergarten_depots:swap_item_add": action(LIBRARIANS),
    "kindergarten_depots:swap_item_remove": action(LIBRARIANS),
    "kindergarten_depots:swap_proposal_add": action(LIBRARIANS),
    "kindergarten_depots:swap_pack": action(LIBRARIANS),
    "kindergarten_depots:swap_unpack": action(LIBRARIANS),
    "kindergarten_depots:swap_deliver": page(LIBRARIANS),
    "kindergarten_depots:swap_move": page(LIBRARIANS),
    "kindergarten_depots:swap_cancel": page(LIBRARIANS),
    "kindergarten_depots:swap_packing_list": page(LIBRARIANS),
    "kindergarten_depots:swap_labels": page(LIBRARIANS),
    "kindergarten_depots:swap_check_in": page(LIBRARIANS),
    "kindergarten_depots:swap_check_in_undo": action(LIBRARIANS),
    "kindergarten_depots:loan_found": action(LIBRARIANS),
    "kindergarten_depots:driver_day": page(LIBRARIANS),
    "kindergarten_depots:driver_stop_move": action(LIBRARIANS),
    "kindergarten_depots:driver_stop_deliver": page(LIBRARIANS),
    "kindergarten_depots:driver_stop_collect": page(LIBRARIANS),
    "kindergarten_depots:driver_stop_problem": action(LIBRARIANS),
    "kindergarten_depots:driver_box_scan": action(LIBRARIANS),
    "kindergarten_depots:item_list": page(LIBRARIANS),
    "kindergarten_depots:item_detail": page(LIBRARIANS),
    "kindergarten_depots:item_import": page(LIBRARIANS),
    # An uploaded catalogue is previewed by the librarian who uploaded it.
    "kindergarten_depots:item_import_preview": page({"librarian"}),
    "kindergarten_depots:item_import_progress": page({"librarian"}),
    "kindergarten_depots:statistics": page(LIBRARIANS),
    "kindergarten_depots:statistics_csv": page(LIBRARIANS),
    "kindergarten_depots:feed_list": page(LIBRARIANS),
    "kindergarten_depots:kindergarten_lookup": page(LIBRARIANS),
    "kindergarten_depots:feed_regenerate": page(LIBRARIANS),
    # The feed's secret token is its only key (calendar programs cannot log in).
    "kindergarten_depots:calendar_feed": page(EVERYONE),
    # Reading aloud: librarians organise; partner members of the organiser see the
    # edition and register their school's readers; judges score their own heats.
    "readaloud:championship_list": page(PARTNERSHIP_MEMBERS),
    "readaloud:public_editions": page(EVERYONE),
    "readaloud:championship_create": page(LIBRARIANS),
    "readaloud:championship_detail": page(PARTNERSHIP_MEMBERS),
    "readaloud:championship_update": page(LIBRARIANS),
    "readaloud:championship_copy": action(LIBRARIANS),
    "readaloud:criteria_update": page(LIBRARIANS),
    "readaloud:criteria_reopen": action(LIBRARIANS),
    "readaloud:round_create": page(LIBRARIANS),
    "readaloud:contestant_list": page(PARTNERSHIP_MEMBERS),
    "readaloud:contestant_create": page(PARTNERSHIP_MEMBERS),
    "readaloud:contestant_import": page(PARTNERSHIP_MEMBERS),
    "readaloud:consent_overview": page(PARTNERSHIP_MEMBERS),
    "readaloud:consent_letters": page(PARTNERSHIP_MEMBERS),
    "readaloud:public_results": page(EVERYONE),
    "readaloud:diplomas": page(LIBRARIANS),
    "readaloud:round_update": page(LIBRARIANS),
    "readaloud:heat_create": page(LIBRARIANS),
    "readaloud:round_release": page(LIBRARIANS),
    "readaloud:heat_detail": page(LIBRARIANS),
    "readaloud:heat_update": page(LIBRARIANS),
    "readaloud:heat_place": action(LIBRARIANS),
    "readaloud:heat_draw": action(LIBRARIANS),
    "readaloud:heat_judge_add": action(LIBRARIANS),
    "readaloud:heat_close": page(LIBRARIANS),
    "readaloud:heat_release": page(LIBRARIANS),
    # The matrix is an htmx fragment; a plain GET goes on to the heat page.
    "readaloud:heat_progress": page(LIBRARIANS, librarian=302, admin=302),
    "readaloud:heat_projector": page(LIBRARIANS),
    "readaloud:heat_stage_next": action(LIBRARIANS),
    "readaloud:heat_reveal": action(LIBRARIANS),
    "readaloud:placement_move": action(LIBRARIANS),
    "readaloud:placement_remove": page(LIBRARIANS),
    "readaloud:heat_reopen": action(LIBRARIANS),
    "readaloud:heat_running_order": page(LIBRARIANS),
    "readaloud:heat_score_sheets": page(LIBRARIANS | JUDGES),
    "readaloud:heat_results": page(LIBRARIANS),
    "readaloud:tie_decide": action(LIBRARIANS),
    "readaloud:organiser_score": page(LIBRARIANS),
    "readaloud:judge_exclude": action(LIBRARIANS),
    "readaloud:contestant_update": page(PARTNERSHIP_MEMBERS),
    "readaloud:contestant_consent_withdraw": page(PARTNERSHIP_MEMBERS),
    "readaloud:contestant_withdraw": page(LIBRARIANS),
    "readaloud:contestant_export": page(LIBRARIANS),
    "readaloud:contestant_erase": page(LIBRARIANS),
    "readaloud:contestant_access_log": page(LIBRARIANS),
    "readaloud:judge_home": page(LIBRARIANS | JUDGES),
    # Scoring pages are for the judges assigned to the heat (organisers have their own).
    "readaloud:judge_heat": page(JUDGES),
    "readaloud:judge_score": page(JUDGES),
    # Reporting (partner members see their own partnerships' figures; depot tables are 404)
    "reporting:statistics": page(PARTNERSHIP_MEMBERS),
    "reporting:export": page(PARTNERSHIP_MEMBERS),
    "reporting:annual_report": page(LIBRARIANS),
}
