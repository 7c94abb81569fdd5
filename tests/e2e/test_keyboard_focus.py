"""Keyboard users always see where they are: every element the Tab key reaches shows the
app's black-and-yellow ring (not Bootstrap's pale glow), and an invalid form moves the
keyboard to its error summary."""

import pytest

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login
from tests.partnerships.factories import PartnershipFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)

BLACK = "rgb(26, 26, 26)"
YELLOW = "rgb(255, 212, 59)"

FOCUSED_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.id === 'main') return null;
    const style = getComputedStyle(el.matches('.btn-check') ? el.nextElementSibling : el);
    return {
        element: (el.closest('.breadcrumb') ? 'breadcrumb ' : '') + (el.closest('th') ? 'sort ' : '') + el.outerHTML.slice(0, 120),
        style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor,
        shadow: style.boxShadow,
    };
}"""


def _tab_through(page, presses):
    """Press Tab ``presses`` times and return the focus style of each element reached."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_STYLE)
        if focused:
            seen.append(focused)
    return seen


def _assert_ring_on_each(seen):
    assert seen, "the Tab key reached nothing"
    for focused in seen:
        assert focused["style"] == "solid", focused
        assert focused["width"] == "3px", focused
        assert focused["color"] == BLACK, focused
        assert YELLOW in focused["shadow"], focused


def test_every_control_the_tab_key_reaches_shows_the_focus_ring(page):
    UserFactory(email="lise@example.com", full_name="Lise Bibliotekar", roles=[Role.LIBRARIAN])
    partnership = PartnershipFactory(title="SKOFO")
    TaskFactory(partnership=partnership, title="Find dommere")

    # The login form: language select, buttons, text inputs, links.
    page.goto("/konto/login/")
    reached = _tab_through(page, 8)

    login(page, "lise@example.com", PASSWORD)
    # The header, the main menu (nav links) and the dashboard.
    reached += _tab_through(page, 14)

    # A list with pills, a filter form (inputs, selects, checkboxes) and sortable headers.
    page.goto("/partnerskaber/")
    reached += _tab_through(page, 40)

    # A partnership's tabs, breadcrumbs and its forms.
    page.goto(partnership.get_absolute_url())
    page.locator("main").focus()
    reached += _tab_through(page, 30)

    page.goto("/partnerskaber/partnere/")
    page.locator("main").focus()
    reached += _tab_through(page, 25)

    _assert_ring_on_each(reached)
    # Each kind of control Bootstrap styles its own way was among them.
    html = " ".join(focused["element"] for focused in reached)
    for kind in (
        "form-control",
        "form-select",
        "form-check-input",
        "btn",
        "nav-link",
        "breadcrumb",
        "sort",
    ):
        assert kind in html, kind


def test_an_invalid_login_moves_the_keyboard_to_the_error_summary_and_on_to_the_field(page):
    page.goto("/konto/login/")
    page.get_by_label("E-mailadresse").fill("nobody@example.com")
    page.get_by_label("Adgangskode").fill("wrong")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()

    summary = page.locator(".error-summary")
    assert page.title().startswith("Fejl: ")
    assert summary.evaluate("el => el === document.activeElement")
    outline = summary.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    assert_accessible(page)

    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_username"
