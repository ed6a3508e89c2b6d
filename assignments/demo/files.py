"""The demo's files: a photo of the site, a report as PDF, minutes as a Word file, made
here from nothing (no binary in the repository), each a real file of its type that the
upload checks accept and an office program opens."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from assignments import services
from assignments.choices import AttachmentKind
from assignments.models import Attachment

from .story import OWNER, Action, TaskPlan

_WORD_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_WORD_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def photo(rng: random.Random) -> bytes:
    """A 1,280 × 960 "photo of the site": sky, a street, a few buildings."""
    image = Image.new("RGB", (1280, 960), (150 + rng.randint(0, 60), 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 620, 1280, 960), fill=(90, 90, 95))
    for left in range(40, 1240, 180):
        height = rng.randint(200, 520)
        shade = rng.randint(120, 220)
        draw.rectangle((left, 620 - height, left + 150, 620), fill=(shade, shade - 30, shade - 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def report_pdf(title: str) -> bytes:
    """A one-page PDF whose text is the report's title (ASCII: the base fonts have no
    Vietnamese letters; the file's shown name carries them)."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 760 Td ({text[:80]}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def minutes_docx(title: str) -> bytes:
    """A Word file holding one paragraph: the minutes' title."""
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _WORD_TYPES)
        archive.writestr("_rels/.rels", _WORD_RELS)
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def product_file(rng: random.Random, title: str) -> tuple[str, ContentFile]:
    """The product of a task, a report or minutes, with the name an owner would give it."""
    if rng.random() < 0.6:
        return AttachmentKind.PRODUCT, ContentFile(report_pdf(title), name=f"Báo cáo - {title[:60]}.pdf")
    return AttachmentKind.PRODUCT, ContentFile(minutes_docx(title), name=f"Biên bản - {title[:60]}.docx")


def evidence_photo(rng: random.Random, number: int) -> tuple[str, ContentFile]:
    return AttachmentKind.EVIDENCE, ContentFile(photo(rng), name=f"Ảnh hiện trường {number}.jpg")


#: A task's files are attached by its owner just before the first submission, on about
#: one task in three; now and then a wrong file goes first and is withdrawn.
SHARE_WITH_FILES = 0.35
SHARE_WITH_A_WRONG_FILE = 0.12
WRONG_FILE_REASON = "Gửi nhầm tệp, đã gửi lại bản đúng."


def add_files(plans: list[TaskPlan]) -> None:
    """Put the owners' files into the plans, before each chosen task's first submission.

    With random numbers of their own, seeded by the task's number, so the stories' draws
    (and every figure of the demo that tests know) stay what they were. The first task
    with files also withdraws a wrong one, so the demo shows every kind of event."""
    withdrawn_once = False
    photos = 0
    for plan in plans:
        rng = random.Random(f"files|{plan.number}")
        first_submit = next((i for i, a in enumerate(plan.actions) if a.kind == "submit"), None)
        if first_submit is None or rng.random() >= SHARE_WITH_FILES:
            continue
        submit = plan.actions[first_submit]
        added: list[Action] = []
        if not withdrawn_once or rng.random() < SHARE_WITH_A_WRONG_FILE:
            photos += 1
            added.append(Action(submit.day, "attach", OWNER, {"file": "photo", "number": photos}))
            added.append(Action(submit.day, "withdraw file", OWNER, {"reason": WRONG_FILE_REASON}))
            withdrawn_once = True
        if rng.random() < 0.5:
            photos += 1
            added.append(Action(submit.day, "attach", OWNER, {"file": "photo", "number": photos}))
        added.append(Action(submit.day, "attach", OWNER, {"file": "product", "title": plan.title}))
        for action in added:
            action.at = submit.at  # the same moment: the events keep their order by id
        plan.actions[first_submit:first_submit] = added


def attach(task: int, actor: Any, args: dict[str, Any]) -> Attachment:
    """Play an "attach" action of the plan."""
    rng = random.Random(f"file|{args.get('number')}|{args.get('title')}")
    if args["file"] == "photo":
        kind, content = evidence_photo(rng, args["number"])
    else:
        kind, content = product_file(rng, args["title"])
    return services.attachment_add(task=task, actor=actor, upload=content, kind=kind)


def withdraw_latest(task: int, actor: Any, args: dict[str, Any]) -> Attachment:
    """Play a "withdraw file" action: the task's latest file goes."""
    latest = Attachment.objects.filter(task_id=task).current().latest("id")
    return services.attachment_withdraw(attachment=latest, actor=actor, reason=args["reason"])
