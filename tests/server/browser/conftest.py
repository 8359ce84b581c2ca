"""The real server app of `vpt serve` (uvicorn, in a thread) on a fresh SQLite register, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/server: the register's people
from people import PASSWORD, USERS, make_app, populate  # noqa: E402
from serving import serving  # noqa: E402

CHROMIUM = os.environ.get("VPT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=nl-NL"]  # Dutch date fields (dd-mm-jjjj), as the users have them
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(os.environ.get("VPT_SCREENSHOTS", "")) if os.environ.get("VPT_SCREENSHOTS") else None

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)", allow_module_level=True)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory):
    url = f"sqlite:///{tmp_path_factory.mktemp('register') / 'register.sqlite3'}"
    populate(url)  # an HR adviser, a helpdesk adviser, an admin
    with serving(make_app(url)) as base:  # the app of vpt serve
        yield base


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_context(browser):  # bypass_csp: the test injects axe-core, an inline script the CSP refuses
    context = browser.new_context(locale="nl-NL", accept_downloads=True, bypass_csp=True, viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    return context


def log_in(context, server_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person does, and land on the case list."""
    page = context.new_page()
    page.goto(f"{server_url}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/zaken")
    page.close()


@contextmanager
def browser_context(browser, server_url: str = "", email: str = "", password: str = PASSWORD):
    """A fresh browser context, logged in when an e-mail address is given; closed afterwards."""
    context = _new_context(browser)
    try:
        if email:
            log_in(context, server_url, email, password)
        yield context
    finally:
        context.close()


@pytest.fixture
def anonymous(browser):
    """A browser that has not logged in."""
    with browser_context(browser) as context:
        yield context


@pytest.fixture
def context(browser, server_url):
    """A browser logged in as the HR adviser."""
    with browser_context(browser, server_url, USERS["hr"][0]) as context:
        yield context


@pytest.fixture
def helpdesk(browser, server_url):
    """A browser logged in as the helpdesk adviser, who serves the HR adviser's organisation."""
    with browser_context(browser, server_url, USERS["helpdesk"][0]) as context:
        yield context


def check_page(page, name: str) -> None:
    """axe-core (vendored) finds no WCAG 2.x A/AA violation; screenshots at full width and at 320 px."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    assert result == [], f"{name}: {result}"
    size = page.viewport_size
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 640})
    if SHOTS is not None:
        page.screenshot(path=str(SHOTS / f"{name}-320.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 321 || e.scrollWidth > e.clientWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))""")
    page.set_viewport_size(size)
    assert width <= 320, f"{name}: scrolls sideways at 320 px ({width} px): {wide}"
