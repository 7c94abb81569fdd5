"""The access test for kindergarten staff, generated from the URL conf.

Every named URL of the site must appear in ``URL_SPECS`` (or in the short
``NOT_CHECKED`` allow-list), so a new URL cannot be added without deciding what
staff of kindergarten A get when they open it with kindergarten B's objects:

* ``PORTAL_OWN``: a portal page without an object in the URL; A sees it, never B's data.
* ``NOT_FOUND``: a portal URL with one of B's objects → 404 (GET and POST; 405 where the
  method is not allowed).
* ``FORBIDDEN``: a staff section (partnerships, partners, depots, reading aloud) → 403.
* ``REDIRECT``: sends kindergarten staff on to their portal.
* ``PUBLIC``: open to everybody by design (public results; the calendar feed, whose secret
  token is the only key — a wrong token is 404).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnerships.models import Partner
from tests.partnerships.factories import JournalEntryFactory, TaskFactory

pytestmark = pytest.mark.django_db

PORTAL_OWN = "portal_own"
NOT_FOUND = "not_found"
FORBIDDEN = "forbidden"
REDIRECT = "redirect"
PUBLIC = "public"

# Login, logout, password and invitation pages are for everybody; the admin has its own
# tests and is_staff check; set_language is Django's.
NOT_CHECKED_NAMESPACES = {"admin", "accounts"}
NOT_CHECKED = {"set_language"}

PLACEHOLDER = 1  # staff sections refuse by role before looking anything up


def _b(key):
    return lambda w: {"pk": w[key].pk}


URL_SPECS = {
    # Site
    "home": (REDIRECT, lambda w: {}),
    "dashboard": (REDIRECT, lambda w: {}),
    # Kindergarten portal
    "kindergarten_depots:portal_home": (PORTAL_OWN, lambda w: {}),
    "kindergarten_depots:portal_wishes": (PORTAL_OWN, lambda w: {}),
    "kindergarten_depots:portal_loss_report": (PORTAL_OWN, lambda w: {}),
    "kindergarten_depots:portal_message": (PORTAL_OWN, lambda w: {}),
    "kindergarten_depots:portal_calendar": (PORTAL_OWN, lambda w: {}),
    "kindergarten_depots:portal_wish_withdraw": (NOT_FOUND, _b("wish")),
    "kindergarten_depots:portal_swap_receipt_confirm": (NOT_FOUND, _b("delivered")),
    # Depots (librarians)
    "kindergarten_depots:agreement_list": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:agreement_create": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:agreement_detail": (FORBIDDEN, _b("agreement")),
    "kindergarten_depots:agreement_update": (FORBIDDEN, _b("agreement")),
    "kindergarten_depots:agreement_generate": (FORBIDDEN, _b("agreement")),
    "kindergarten_depots:closure_list": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:closure_delete": (FORBIDDEN, lambda w: {"pk": PLACEHOLDER}),
    "kindergarten_depots:swap_calendar": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:route_sheet": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:swap_detail": (FORBIDDEN, _b("delivered")),
    "kindergarten_depots:swap_item_add": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_item_remove": (
        FORBIDDEN,
        lambda w: {"pk": w["delivered"].pk, "item_pk": w["items"][0].pk},
    ),
    "kindergarten_depots:swap_proposal_add": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_pack": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_unpack": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_deliver": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_move": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_cancel": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:swap_packing_list": (FORBIDDEN, _b("delivered")),
    "kindergarten_depots:swap_labels": (FORBIDDEN, _b("delivered")),
    "kindergarten_depots:swap_check_in": (FORBIDDEN, _b("next_swap")),
    "kindergarten_depots:item_list": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:item_detail": (FORBIDDEN, lambda w: {"pk": w["items"][0].pk}),
    "kindergarten_depots:item_import": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:item_import_preview": (FORBIDDEN, lambda w: {"token": "x"}),
    "kindergarten_depots:statistics": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:statistics_csv": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:feed_list": (FORBIDDEN, lambda w: {}),
    "kindergarten_depots:feed_regenerate": (
        FORBIDDEN,
        lambda w: {"kind": "kindergarten", "pk": w["kindergarten"].pk},
    ),
    "kindergarten_depots:calendar_feed": (PUBLIC, lambda w: {"token": "not-a-real-token"}),
    # Partners and partnerships (librarians)
    "partnerships:partner_list": (FORBIDDEN, lambda w: {}),
    "partnerships:partner_create": (FORBIDDEN, lambda w: {}),
    "partnerships:partner_detail": (FORBIDDEN, _b("kindergarten")),
    "partnerships:partner_update": (FORBIDDEN, _b("kindergarten")),
    "partnerships:partner_set_active": (FORBIDDEN, _b("kindergarten")),
    "partnerships:partner_delete": (FORBIDDEN, _b("kindergarten")),
    "partnerships:user_invite": (FORBIDDEN, lambda w: {"partner_pk": w["kindergarten"].pk}),
    "partnerships:invitation_resend": (
        FORBIDDEN,
        lambda w: {"partner_pk": w["kindergarten"].pk, "user_pk": w["staff"].pk},
    ),
    "partnerships:user_set_active": (
        FORBIDDEN,
        lambda w: {"partner_pk": w["kindergarten"].pk, "user_pk": w["staff"].pk},
    ),
    "partnerships:partnership_list": (FORBIDDEN, lambda w: {}),
    "partnerships:partnership_create": (FORBIDDEN, lambda w: {}),
    "partnerships:my_tasks": (FORBIDDEN, lambda w: {}),
    "partnerships:partnership_detail": (FORBIDDEN, _b("partnership")),
    "partnerships:partnership_update": (FORBIDDEN, _b("partnership")),
    "partnerships:partnership_change_status": (FORBIDDEN, _b("partnership")),
    "partnerships:partnership_end": (FORBIDDEN, _b("partnership")),
    "partnerships:member_add": (FORBIDDEN, _b("partnership")),
    "partnerships:member_remove": (
        FORBIDDEN,
        lambda w: {"pk": w["partnership"].pk, "member_pk": PLACEHOLDER},
    ),
    "partnerships:attachment_upload": (FORBIDDEN, _b("partnership")),
    "partnerships:attachment_download": (
        FORBIDDEN,
        lambda w: {"pk": w["partnership"].pk, "attachment_pk": PLACEHOLDER},
    ),
    "partnerships:partnership_journal": (FORBIDDEN, _b("partnership")),
    "partnerships:journal_entry_edit": (
        FORBIDDEN,
        lambda w: {"pk": w["partnership"].pk, "entry_pk": w["journal_entry"].pk},
    ),
    "partnerships:partnership_tasks": (FORBIDDEN, _b("partnership")),
    "partnerships:task_edit": (
        FORBIDDEN,
        lambda w: {"pk": w["partnership"].pk, "task_pk": w["task"].pk},
    ),
    "partnerships:task_set_done": (
        FORBIDDEN,
        lambda w: {"pk": w["partnership"].pk, "task_pk": w["task"].pk},
    ),
    "partnerships:partnership_time": (FORBIDDEN, _b("partnership")),
    "partnerships:partnership_evaluation": (FORBIDDEN, _b("partnership")),
    "partnerships:partnership_history": (FORBIDDEN, _b("partnership")),
    # Reading aloud (librarians, partner members, judges)
    "readaloud:championship_list": (FORBIDDEN, lambda w: {}),
    "readaloud:championship_create": (FORBIDDEN, lambda w: {}),
    "readaloud:public_results": (PUBLIC, lambda w: {"pk": PLACEHOLDER}),
    "readaloud:judge_home": (FORBIDDEN, lambda w: {}),
}
for _name in [
    "championship_detail",
    "championship_update",
    "championship_copy",
    "criteria_update",
    "round_create",
    "contestant_list",
    "contestant_create",
    "diplomas",
    "round_update",
    "heat_create",
    "heat_detail",
    "heat_update",
    "heat_place",
    "heat_draw",
    "heat_judge_add",
    "heat_close",
    "heat_reopen",
    "heat_running_order",
    "heat_score_sheets",
    "heat_results",
    "judge_exclude",
    "contestant_update",
    "contestant_consent_withdraw",
    "contestant_withdraw",
    "contestant_erase",
    "judge_heat",
]:
    URL_SPECS[f"readaloud:{_name}"] = (FORBIDDEN, lambda w: {"pk": PLACEHOLDER})
URL_SPECS["readaloud:tie_decide"] = (FORBIDDEN, lambda w: {"pk": PLACEHOLDER, "rank": 1})
URL_SPECS["readaloud:organiser_score"] = (
    FORBIDDEN,
    lambda w: {"pk": PLACEHOLDER, "assignment_pk": PLACEHOLDER, "performance_pk": PLACEHOLDER},
)
URL_SPECS["readaloud:contestant_export"] = (
    FORBIDDEN,
    lambda w: {"pk": PLACEHOLDER, "fmt": "json"},
)
URL_SPECS["readaloud:judge_score"] = (
    FORBIDDEN,
    lambda w: {"pk": PLACEHOLDER, "performance_pk": PLACEHOLDER},
)


def url_names(resolver=None, namespace=""):
    """Return the qualified name of every named URL pattern, following includes."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            qualified = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names |= url_names(pattern, qualified)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def _checked(name):
    return name not in NOT_CHECKED and name.split(":")[0] not in NOT_CHECKED_NAMESPACES


def test_every_url_of_the_site_has_an_access_rule_for_kindergarten_staff():
    missing = sorted(name for name in url_names() if _checked(name) and name not in URL_SPECS)
    assert not missing, f"Add these URL names to URL_SPECS: {missing}"


def test_the_access_rules_name_no_url_that_no_longer_exists():
    stale = sorted(set(URL_SPECS) - url_names())
    assert not stale, f"Remove these names from URL_SPECS: {stale}"


@pytest.fixture
def world_b_full(world_b, staff_b, librarian):
    partnership = world_b["partnership"]
    return {
        **world_b,
        "staff": staff_b,
        "journal_entry": JournalEntryFactory(partnership=partnership, author=librarian),
        "task": TaskFactory(partnership=partnership),
    }


@pytest.mark.parametrize("name", sorted(URL_SPECS))
def test_staff_of_kindergarten_a_never_reach_kindergarten_b(
    name, staff_a_client, world_a, world_b_full
):
    kind, kwargs = URL_SPECS[name]
    url = reverse(name, kwargs=kwargs(world_b_full))
    get = staff_a_client.get(url)
    post = staff_a_client.post(url)
    statuses = {get.status_code, post.status_code}
    if kind == FORBIDDEN:
        assert statuses <= {403, 405} and 403 in statuses, (name, statuses)
    elif kind == NOT_FOUND:
        assert statuses <= {404, 405} and 404 in statuses, (name, statuses)
    elif kind == REDIRECT:
        assert get.status_code == 302
        assert get.url == reverse("kindergarten_depots:portal_home") or get.url.endswith(
            reverse("kindergarten_depots:portal_home")
        )
    elif kind == PORTAL_OWN:
        assert get.status_code == 200, name
        page = get.content.decode()
        assert "Beta" not in page, name
        if name.endswith("portal_home"):
            assert "Alfa bog 1" in page
        assert Partner.objects.get(pk=world_b_full["kindergarten"].pk).name not in page, name
    else:
        assert kind == PUBLIC
        assert get.status_code == 404, (name, get.status_code)
    # Nothing of B's changed, whatever was posted.
    wish = world_b_full["wish"]
    wish.refresh_from_db()
    assert wish.status == "open"
    delivered = world_b_full["delivered"]
    delivered.refresh_from_db()
    assert delivered.received_at is None
