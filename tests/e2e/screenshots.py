"""The README's screenshots of the three pages, taken from a running demo.

    make run    # or: python manage.py seed_demo && python manage.py runserver
    .venv/bin/python tests/e2e/screenshots.py [--base-url http://127.0.0.1:8000] [--out docs/img]

Logs in as the demo's member, leader and secretary (password "taskforce-demo") with
Debian's Chromium, and writes member-tasks.png (390 × 844, a phone), leader-board.png
and dashboard.png. Not a test: pytest collects test_*.py files only.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

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
PASSWORD = "taskforce-demo"


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    # Still on the login page: the password or the demo data are not what this script expects.
    page.wait_for_url(lambda url: "/login/" not in url, timeout=10_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    parser.add_argument("--member", default="member14")
    parser.add_argument("--leader", default="leader01")
    parser.add_argument("--committee", default="secretary")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = args.base_url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shots = (
            (args.member, "/my-tasks/", {"width": 390, "height": 844}, "member-tasks.png", False),
            (args.leader, "/groups/1/", {"width": 1280, "height": 900}, "leader-board.png", False),
            (args.committee, "/dashboard/", {"width": 1280, "height": 900}, "dashboard.png", False),
        )
        for username, path, viewport, name, full_page in shots:
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            log_in(page, base, username)
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(args.out / name), full_page=full_page)
            context.close()
            print(args.out / name)
        browser.close()


if __name__ == "__main__":
    main()
