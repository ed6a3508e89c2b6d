"""End-to-end tests: the pages in a real browser (Playwright driving Debian's Chromium).

They need the `playwright` package (Python) and Chromium at /usr/bin/chromium
(`apt-get install chromium`); Playwright's own browser download is not used. Without
either, every test here is skipped with the reason, except in CI (`CI` set), where
that is an error. The app runs in pytest-django's
`live_server` (a real HTTP server on a test database, emptied after each test); the
data are made in each test, with dates counted from today.

Every page a test opens records the requests it makes; a request to any host but the
live server's fails the test (no asset from the internet). So does any breach of the
Content-Security-Policy the page reports (a `securitypolicyviolation` event, or the
browser's console message about one): the pages must work under it as they are.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}

try:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

_missing = (
    "the Python package `playwright` is not installed (pip install playwright)"
    if sync_playwright is None
    else f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM))
    else None
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _missing is None:
        return
    if os.environ.get("CI"):
        # CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip.
        raise pytest.UsageError(f"end-to-end tests cannot run in CI: {_missing}")
    skip = pytest.mark.skip(reason=f"end-to-end tests skipped: {_missing}")
    for item in items:
        if "tests/e2e/" in item.path.as_posix():
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop on this thread; the test's own database
    # reads are ordinary synchronous code, which Django would otherwise refuse near a loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


#: Runs in every page before its own scripts (Playwright adds it outside the page's CSP).
_WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Browsing:
    """Opens pages (one browser context each: its own cookies, as separate people), records
    every request they make, and closes them after the test."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.requests: list[str] = []
        self.contexts: list[BrowserContext] = []
        self.pages: list[Page] = []
        self.console_violations: list[str] = []

    def page(self, *, viewport: dict[str, int] = DESK, locale: str = "en-GB") -> Page:
        context = self.browser.new_context(viewport=viewport, locale=locale, accept_downloads=True)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        context.add_init_script(_WATCH_CSP)
        page = context.new_page()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        self.pages.append(page)
        return page

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.console_violations.append(message.text)

    def csp_violations(self) -> list[str]:
        """Every breach of the policy reported so far, by the pages still open and the console."""
        found = list(self.console_violations)
        for page in self.pages:
            if not page.is_closed():
                found += page.evaluate("window.__cspViolations || []")
        return found

    def forget_violations(self) -> None:
        """For a test that breaches the policy on purpose."""
        self.console_violations.clear()
        for page in self.pages:
            if not page.is_closed():
                page.evaluate("window.__cspViolations = []")

    def log_in(self, page: Page, username: str, password: str = "pass") -> None:
        page.goto(f"{self.base_url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != self.host
        ]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser: Browser, live_server) -> Iterator[Browsing]:
    session = Browsing(browser, live_server.url)
    yield session
    violations = session.csp_violations()
    session.close()
    assert violations == [], "a page breached its Content-Security-Policy"
    assert session.requests, "no page was opened"
    assert session.foreign_requests() == [], "a page asked a host other than the app's own"
