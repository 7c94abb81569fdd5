"""Phones first where staff use phones: a folded menu and a compact header, the first
field of the portal's forms and of the judge's score form above the fold at 390 x 844,
tap targets of at least 44 px, a calendar that lists days, nothing sideways at 320 px."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from readaloud import services as readaloud_services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login, phone_context
from tests.kindergarten_depots.conftest import depot_world
from tests.partnerships.factories import KindergartenFactory, PartnershipFactory, TaskFactory
from tests.readaloud.factories import (
    ChampionshipFactory,
    ContestantFactory,
    HeatFactory,
    JudgeAssignmentFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Controls a finger must hit: each at least 44 px high (checkboxes count with their label row).
SMALL_TARGETS = """() => {
    const selector = [
        'main button', 'main .btn', 'main input:not([type=hidden]):not(.form-check-input)',
        'main select', 'main textarea', '.breadcrumb a', '.site-nav a', 'main td a', 'main th a',
        'header button', 'header select',
    ].join(',');
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || el.closest('.visually-hidden')) continue;
        if (box.height < 44) small.push(el.outerHTML.slice(0, 100) + ' ' + box.height);
    }
    for (const el of document.querySelectorAll('main .form-check')) {
        const box = el.getBoundingClientRect();
        if (box.height > 0 && box.height < 44) small.push(el.outerHTML.slice(0, 100) + ' ' + box.height);
    }
    return small;
}"""

FIRST_FIELD_BOTTOM = """() => {
    const field = document.querySelector(
        'main form:not([action*="set_language"]) :is(input:not([type=hidden]), select, textarea)'
    );
    const box = field.getBoundingClientRect();
    return box.bottom + window.scrollY;
}"""


@pytest.fixture
def phone390(browser, live_server):
    context = phone_context(browser, live_server, width=390, height=844)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _no_sideways_scroll(page, width):
    page.set_viewport_size({"width": width, "height": 700})
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def test_a_librarian_on_a_phone_gets_a_folded_menu_big_targets_and_no_sideways_scroll(phone390):
    page = phone390
    UserFactory(email="lise@example.com", full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN])
    partnership = PartnershipFactory(title="SKOFO")
    TaskFactory(partnership=partnership, title="Find dommere til finalen i Ebeltoft")

    login(page, "lise@example.com", PASSWORD)
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 110
    menu = page.get_by_role("navigation", name="Hovedmenu")
    toggle = page.get_by_role("button", name="Menu")
    assert not menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate(SMALL_TARGETS) == []
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert not menu.is_visible()

    pages = [
        reverse("partnerships:partnership_tasks", args=[partnership.pk]),
        reverse("partnerships:my_tasks"),
        reverse("partnerships:partnership_list"),
        reverse("partnerships:partner_list"),
        reverse("kindergarten_depots:swap_calendar"),
    ]
    for url in pages:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(url)
        assert page.evaluate(SMALL_TARGETS) == [], url
        assert_accessible(page)
        _no_sideways_scroll(page, 320)

    # The month calendar lists the days on a phone: no seven-column grid, today in words.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("kindergarten_depots:swap_calendar"))
    assert not page.locator(".calendar-table thead").is_visible()
    assert "I dag" in page.locator(".calendar-today").inner_text()


def test_the_portal_forms_start_above_the_fold_on_a_phone(phone390):
    page = phone390
    kindergarten = KindergartenFactory(name="Solsikken")
    librarian = UserFactory(roles=[Role.LIBRARIAN])
    depot_world(kindergarten=kindergarten, coordinator=librarian, label="Solsikke")
    UserFactory(email="pia@example.com", partner=kindergarten, roles=[Role.KINDERGARTEN_STAFF])

    login(page, "pia@example.com", PASSWORD)
    for name in ("portal_wishes", "portal_loss_report", "portal_message"):
        page.goto(reverse(f"kindergarten_depots:{name}"))
        assert page.evaluate(FIRST_FIELD_BOTTOM) <= 844, name
        assert page.evaluate(SMALL_TARGETS) == [], name
        assert_accessible(page)
        _no_sideways_scroll(page, 320)
        page.set_viewport_size({"width": 390, "height": 844})


def test_the_judges_score_form_starts_above_the_fold_on_a_phone(phone390):
    page = phone390
    judge = UserFactory(email="dommer@example.com", roles=[Role.JUDGE])
    championship = ChampionshipFactory()
    heat = HeatFactory(round=RoundFactory(championship=championship, number=1), name="Rønde Skole")
    performance = readaloud_services.contestant_place(
        contestant=ContestantFactory(championship=championship, first_name="Asta"), heat=heat
    )
    JudgeAssignmentFactory(heat=heat, judge=judge)

    login(page, "dommer@example.com", PASSWORD)
    page.goto(f"/oplaesning/bedoemmelse/heats/{heat.pk}/{performance.pk}/")
    assert page.evaluate(FIRST_FIELD_BOTTOM) <= 844
    assert page.evaluate(SMALL_TARGETS) == []
    assert_accessible(page)
    _no_sideways_scroll(page, 320)
