"""Headless Chromium (Debian's package) driven by Playwright, against live_server."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def audit_page(browser):
    """A page that may inject axe-core: the site's CSP forbids inline scripts."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, username, password="pw"):
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    # Each role lands on its own start page (likvard/start.py): anywhere but sign-in.
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/logga-in/" not in url)
