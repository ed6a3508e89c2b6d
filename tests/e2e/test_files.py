"""A photo attached from the task page on a phone, shown back as its thumbnail, in a real browser.

See conftest.py for what these tests need and how they are skipped without it.
"""

from __future__ import annotations

from typing import Any

import pytest

from assignments.models import Attachment
from tests.e2e.conftest import PHONE, Browsing
from tests.e2e.test_pages import Committee, committee, message  # noqa: F401  (the fixture)
from tests.files import samples

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the tests are skipped (conftest.py)
    expect: Any = None

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_member_attaches_a_photo_from_the_phone_and_sees_its_thumbnail(
    browsing: Browsing,
    committee: Committee,  # noqa: F811  (the fixture imported above)
):
    page = browsing.page(viewport=PHONE)
    browsing.log_in(page, "member")
    page.goto(browsing.url(f"/tasks/{committee.task.pk}/"))

    page.set_input_files(
        "#id_attach_file_file",
        files=[{"name": "Ảnh hiện trường.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg(1600, 1200)}],
    )
    page.select_option("#id_attach_file_kind", "evidence")
    page.locator("#attach button[type=submit]").click()

    page.wait_for_url(browsing.url(f"/tasks/{committee.task.pk}/"))
    assert "Ảnh hiện trường.jpg" in message(page)
    attachment = Attachment.objects.get()
    thumbnail = page.locator(f'#files img[src="/files/{attachment.pk}/thumbnail/"]')
    expect(thumbnail).to_be_visible()
    # The thumbnail was served and decoded: a real picture, not a broken image. `decode()`
    # waits for the (lazy) image to load, and fails for a broken one.
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    expect(page.locator("#files a", has_text="Ảnh hiện trường.jpg")).to_have_attribute(
        "href", f"/files/{attachment.pk}/"
    )
