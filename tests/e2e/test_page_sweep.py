"""Every page type of the site, as a persona who may open it, passes axe in Danish and
in English."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access.rules import PAGE, RULES
from tests.access.urls import KWARGS
from tests.access.world import build_world
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PERSONA_ORDER = ["librarian", "staff_b", "partner_member", "judge", "anonymous"]
# Not HTML pages, or pages whose only answer is a redirect or a file.
SKIP = {"healthz", "set_language", "home"}


def _pages():
    for name, rule in sorted(RULES.items()):
        if rule.kind != PAGE or name in SKIP or name.startswith("admin:"):
            continue
        persona = next((p for p in PERSONA_ORDER if p in rule.allowed), None)
        if persona is None or rule.status.get(persona, 200) != 200:
            continue
        yield name, persona


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_type_passes_axe(
    language, browser, live_server, librarian, partner_member, judge, staff_a, staff_b, school
):
    world = build_world(
        librarian=librarian,
        partner_member=partner_member,
        judge=judge,
        staff_a=staff_a,
        staff_b=staff_b,
        school=school,
    )
    users = {
        "librarian": librarian,
        "staff_b": staff_b,
        "partner_member": partner_member,
        "judge": judge,
    }
    contexts = {}
    clients = {}
    visited = []
    try:
        for name, persona in _pages():
            if persona not in contexts:
                context = browser.new_context(base_url=live_server.url, locale="da-DK")
                cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
                if persona in users:
                    client = Client()
                    client.force_login(users[persona])
                    session = client.cookies[settings.SESSION_COOKIE_NAME].value
                    cookies.append(
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": session,
                            "url": live_server.url,
                        }
                    )
                context.add_cookies(cookies)
                contexts[persona] = context.new_page()
            page = contexts[persona]
            url = reverse(name, kwargs=KWARGS[name](world))
            # Files (CSV, iCalendar, PDF …) are not pages: ask the server first.
            if persona not in clients:
                clients[persona] = Client()
                if persona in users:
                    clients[persona].force_login(users[persona])
            answer = clients[persona].get(url)
            if "text/html" not in answer.get("Content-Type", "") or answer.has_header(
                "Content-Disposition"
            ):
                continue
            response = page.goto(url)
            assert response.status == 200, (name, persona, response.status)
            assert page.locator("html").get_attribute("lang") == language, name
            assert_accessible(page)
            visited.append(name)
    finally:
        for page in contexts.values():
            page.context.close()
    assert len(visited) > 50
