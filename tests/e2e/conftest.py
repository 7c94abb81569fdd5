"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Chromium comes from the operating system (``apt-get install chromium``), never
from ``playwright install``. Without it these tests are skipped with a clear
reason, unless ``E2E_REQUIRED=1`` (set by ``.ci/run``) turns the skip into a failure.
"""

import json
import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Never served by the app: the browser contexts answer it with axe-core (see _watch_csp).
AXE_URL = "/__e2e__/axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    e2e_dir = Path(__file__).parent
    for item in items:
        if e2e_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason):
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(f"Browser tests are required (E2E_REQUIRED=1) but {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (install it with: apt-get install chromium)")
    if not AXE_SCRIPT.exists():
        _unavailable(f"axe-core is missing at {AXE_SCRIPT} (run: npm ci)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import Locator, Page, sync_playwright

    _settle_after(Locator, "click")
    _settle_after(Locator, "press")
    _settle_after(Page, "click")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        new_context = chromium.new_context

        def new_watched_context(*args, **kwargs):
            return _watch_csp(new_context(*args, **kwargs))

        # Every context a test opens, the fixtures' and the tests' own, is watched.
        chromium.new_context = new_watched_context
        yield chromium
        chromium.close()


def _settle_after(cls, name):
    """Make ``cls.name`` (a click or key press) wait until a page it opens has loaded.

    Playwright waits for a navigation to start, not to finish; reading the page at
    once could see a half-parsed document (the header's script is parser-blocking).
    Without a navigation the page is loaded already and this returns at once.
    """
    action = getattr(cls, name)
    if getattr(action, "settles", False):
        return

    def settled(self, *args, **kwargs):
        result = action(self, *args, **kwargs)
        # A locator knows its page; a page is its own.
        getattr(self, "page", self).wait_for_load_state()
        return result

    settled.settles = True
    setattr(cls, name, settled)


# What the browser refused under the Content-Security-Policy during the current test.
CSP_VIOLATIONS = []


def _is_csp_violation(text):
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def _watch_csp(context):
    """Record every Content-Security-Policy refusal the browser reports in ``context``."""

    def on_console(message):
        if _is_csp_violation(message.text):
            url = message.page.url if message.page else "?"
            CSP_VIOLATIONS.append(f"{url}: {message.text}")

    def on_error(web_error):
        if _is_csp_violation(str(web_error.error)):
            url = web_error.page.url if web_error.page else "?"
            CSP_VIOLATIONS.append(f"{url}: {web_error.error}")

    context.on("console", on_console)
    context.on("weberror", on_error)
    # axe-core is loaded from a same-origin address the browser itself answers, so
    # the page's script-src 'self' lets it run (an inline script would be refused).
    context.route(
        f"**{AXE_URL}",
        lambda route: route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript"),
    )
    return context


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fail a browser test when a page it visited violated the Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    yield
    violations = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def phone_context(browser, live_server, *, width, height):
    """A Danish phone browser of ``width`` by ``height`` px with a touch screen."""
    return browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        viewport={"width": width, "height": height},
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def phone_page(browser, live_server):
    context = phone_context(browser, live_server, width=360, height=740)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page):
    """Run axe-core (WCAG 2.x A/AA rules) on the current page and fail on any violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
            }));
        }"""
    )
    assert result == [], (
        f"axe violations on {page.url}:\n{json.dumps(result, indent=2, ensure_ascii=False)}"
    )


def login(page, email, password):
    """Log in through the login form and check the landing page."""
    page.goto("/konto/login/")
    assert_accessible(page)
    page.get_by_label("E-mailadresse").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def field(scope, label):
    """Return the form field labelled exactly ``label`` (crispy adds "*" to required ones)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """Recreate the role groups: transactional tests flush the rows the migration made."""
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture(autouse=True)
def fresh_caches(transactional_db):
    """Empty the caches around each browser test: the statistics' cache is a database
    table that the flush between transactional tests does not empty."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Wait until the JavaScript ``expression`` is true on ``page``.

    Playwright's ``wait_for_function`` polls with code it builds from a string,
    which the Content-Security-Policy (no ``unsafe-eval``) refuses; evaluating the
    expression from the outside is not subject to the page's policy.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for: {expression}")
        page.wait_for_timeout(50)
