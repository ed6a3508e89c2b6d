"""What the README, the Makefile and the docs promise is what the code does."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from assignments.demo.seed import usernames

ROOT = Path(settings.BASE_DIR)


def demo_members() -> tuple[str, str]:
    members = sorted(u for u in usernames() if u.startswith("member"))
    return members[0], members[-1]


def test_the_readme_names_the_demo_members_that_exist():
    first, last = demo_members()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (first, last) == ("member01", "member33")
    assert f"`{first}` … `{last}`" in readme
    assert "member45" not in readme


def test_make_run_prints_the_demo_members_that_exist():
    first, last = demo_members()
    banner = [
        line for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines() if "demo logins" in line
    ]
    assert len(banner) == 1 and f"{first} … {last}" in banner[0]


def test_the_reports_guide_gives_the_status_the_api_answers_for_an_unknown_format():
    # tests/api/test_summary.py: an unknown `format` is a 400 naming it.
    guide = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    assert "An unknown `format` is a 400" in guide
    assert "404 (DRF" not in guide
