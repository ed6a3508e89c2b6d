"""The demo's assigning documents (văn bản giao việc), and which tasks they assign.

A handful of the committee's documents over the demo's two years, registered by the
office. A share of the tasks points to one issued before the task was assigned, chosen
by a random generator of the task's own (seeded by its number): the plan's generator
is not drawn from, so every other figure of the demo stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from assignments.choices import DocumentKind

STANDING_COMMITTEE = "Ban Thường vụ Quận ủy"
EXECUTIVE_COMMITTEE = "Ban Chấp hành Đảng bộ quận"

#: About one task in three is assigned by a registered document.
SHARE = 0.35


@dataclass(frozen=True)
class DemoDocument:
    number: str
    kind: DocumentKind
    issued_on: dt.date
    issuer: str
    excerpt: str


DOCUMENTS: tuple[DemoDocument, ...] = (
    DemoDocument(
        "03-NQ/QU",
        DocumentKind.RESOLUTION,
        dt.date(2024, 1, 5),
        EXECUTIVE_COMMITTEE,
        "Về lãnh đạo thực hiện nhiệm vụ phát triển kinh tế – xã hội, bảo đảm quốc phòng, an ninh năm 2024",
    ),
    DemoDocument(
        "15-KL/QU",
        DocumentKind.CONCLUSION,
        dt.date(2024, 6, 14),
        STANDING_COMMITTEE,
        "Về đẩy mạnh cải cách hành chính, nâng cao mức độ hài lòng của người dân, doanh nghiệp",
    ),
    DemoDocument(
        "45-KH/QU",
        DocumentKind.PLAN,
        dt.date(2024, 9, 20),
        STANDING_COMMITTEE,
        "Thực hiện chuyển đổi số trong hoạt động của các cơ quan Đảng, chính quyền và đoàn thể quận",
    ),
    DemoDocument(
        "08-CT/QU",
        DocumentKind.DIRECTIVE,
        dt.date(2025, 2, 10),
        STANDING_COMMITTEE,
        "Về tăng cường lãnh đạo công tác bảo đảm trật tự đô thị, vệ sinh môi trường trên địa bàn quận",
    ),
    DemoDocument(
        "112-TB/QU",
        DocumentKind.NOTICE,
        dt.date(2025, 8, 5),
        STANDING_COMMITTEE,
        "Kết luận của Ban Thường vụ Quận ủy về tình hình giải quyết hồ sơ tồn đọng tại các phường",
    ),
    DemoDocument(
        "01-NQ/QU",
        DocumentKind.RESOLUTION,
        dt.date(2026, 1, 9),
        EXECUTIVE_COMMITTEE,
        "Về lãnh đạo thực hiện nhiệm vụ phát triển kinh tế – xã hội, bảo đảm quốc phòng, an ninh năm 2026",
    ),
)


def document_of(task_number: int, assigned_on: dt.date) -> DemoDocument | None:
    """The document task `task_number` is assigned by, if any: one issued before that day."""
    rng = random.Random(f"document-{task_number}")
    if rng.random() >= SHARE:
        return None
    issued = [d for d in DOCUMENTS if d.issued_on < assigned_on]
    return rng.choice(issued) if issued else None
