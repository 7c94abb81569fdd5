"""The Content-Security-Policy in a real browser: enforced, and watched by every browser test."""

import pytest

from tests.e2e import conftest
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_browser_refuses_an_inline_handler_and_the_tests_notice(page):
    page.goto("/konto/login/")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                window.ranInline = false;
                const box = document.createElement('div');
                box.innerHTML = '<img src="/static/favicon.svg" onload="window.ranInline = true">';
                document.body.appendChild(box);
            }"""
        )

    assert page.evaluate("() => window.ranInline") is False
    assert any("Content Security Policy" in v for v in conftest.CSP_VIOLATIONS)
    conftest.CSP_VIOLATIONS.clear()  # the violation was the point of this test


def test_the_public_pages_load_without_any_violation(page):
    for url in ("/konto/login/", "/konto/password/reset/", "/privatliv/"):
        page.goto(url)
        assert_accessible(page)
    assert conftest.CSP_VIOLATIONS == []
