"""The Vietnamese catalogue is complete and its compiled .mo is what the .po says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "assignments" / "locale" / "vi" / "LC_MESSAGES"
SOURCE_DIRS = ("assignments", "api", "taskforce", "web")


def catalogue(path: Path) -> dict[tuple[str | None, str], str]:
    entries = polib.pofile(str(path)) if path.suffix == ".po" else polib.mofile(str(path))
    return {(e.msgctxt, e.msgid): e.msgstr for e in entries if not e.obsolete and e.msgid}


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in django.po: {untranslated}"
    assert fuzzy == [], f"fuzzy in django.po: {fuzzy}"


def test_compiled_mo_matches_the_po():
    po = catalogue(LOCALE / "django.po")
    mo = catalogue(LOCALE / "django.mo")
    stale = sorted(key[1] for key in po.keys() ^ mo.keys())
    changed = sorted(key[1] for key in po.keys() & mo.keys() if po[key] != mo[key])
    assert not stale and not changed, (
        f"django.mo is stale: run `make messages`. Missing or extra: {stale[:10]}; changed: {changed[:10]}"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the code: none may be missing from the .po."""
    root = Path(settings.BASE_DIR)
    for name in SOURCE_DIRS:
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "taskforce.settings.test", "PATH": "/usr/bin:/bin"},
    )
    extracted = polib.pofile(str(tmp_path / "assignments" / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in extracted if not e.msgstr and not e.msgstr_plural.get(0)]
    fuzzy = [e.msgid for e in extracted.fuzzy_entries()]
    assert missing == [], f"strings marked for translation but not translated: {missing}"
    assert fuzzy == [], f"strings whose translation needs review (fuzzy): {fuzzy}"
