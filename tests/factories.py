"""Typed factory_boy factories for the domain; tasks are made through the service."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from assignments import clock, services
from assignments.choices import AttachmentKind, Direction
from assignments.models import Attachment, Group, Member, Process, ProcessStep, Task, Ward
from assignments.models.attachments import attachment_storage
from assignments.text import search_document

User = get_user_model()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n:03d}")
    password = factory.django.Password("pass")


class StaffUserFactory(UserFactory):
    is_staff = True
    username = factory.Sequence(lambda n: f"office{n:03d}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường {n}")
    # As assignments.search.ward_saved leaves it.
    search_text = factory.LazyAttribute(lambda o: search_document(o.code, o.name))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    title = "Ủy viên Ban Chấp hành"
    # As assignments.search.member_saved leaves it.
    search_text = factory.LazyAttribute(lambda o: search_document(o.full_name, o.title))


class StandingMemberFactory(MemberFactory):
    is_standing = True
    title = "Ủy viên Ban Thường vụ"


class GroupFactory(factory.django.DjangoModelFactory):
    """A group whose leader (a Standing Committee member) is also one of its members."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Tổ {o.number}")
    leader = factory.SubFactory(StandingMemberFactory)

    @factory.post_generation
    def members(self, create: bool, extracted: list[Member] | None, **kwargs: Any) -> None:
        if create:
            self.members.add(self.leader, *(extracted or []))

    @factory.post_generation
    def wards(self, create: bool, extracted: list[Ward] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.wards.add(*extracted)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Quy trình {n}")

    @factory.post_generation
    def steps(self, create: bool, extracted: int | None, **kwargs: Any) -> None:
        if create:
            for order in range(1, (extracted if extracted is not None else 3) + 1):
                ProcessStep.objects.create(process=self, order=order, name=f"Bước {order}")


def outcome_spec(**overrides: Any) -> services.OutcomeSpec:
    spec: services.OutcomeSpec = {
        "indicator": "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "unit": "%",
        "baseline": 80,
        "target": 99,
        "direction": Direction.INCREASE,
    }
    spec.update(overrides)  # type: ignore[typeddict-item]
    return spec


def make_task(
    *,
    group: Group,
    owner: Member,
    actor: Any | None = None,
    process: Process | None = None,
    start_date: dt.date = dt.date(2026, 1, 5),
    due_date: dt.date = dt.date(2026, 3, 31),
    **kwargs: Any,
) -> Task:
    """A task created through `task_create` by the group's leader (or `actor`)."""
    return services.task_create(
        actor=actor or group.leader.user,
        title=kwargs.pop("title", "Rà soát hồ sơ tồn đọng"),
        description=kwargs.pop("description", "Rà soát và giải quyết hồ sơ quá hạn."),
        group=group,
        owner=owner,
        process=process or ProcessFactory(),
        start_date=start_date,
        due_date=due_date,
        outcome=kwargs.pop("outcome", outcome_spec()),
        **kwargs,
    )


#: The bytes of the files the factory attaches: a small PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A file on a task, written straight to the table (the upload service is not needed
    to test what reads files): a product by default, uploaded by the task's owner."""

    class Meta:
        model = Attachment

    task: Any = None
    kind = AttachmentKind.PRODUCT
    name = factory.Sequence(lambda n: f"Báo cáo {n}.pdf")
    # Written through the attachments' store as the app's files are (attachment_storage):
    # the store of the settings now, each test's own folder (tests/conftest.py).
    file = factory.LazyFunction(lambda: attachment_storage().save("tests/x.pdf", ContentFile(PDF_BYTES)))
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    uploaded_by = factory.LazyAttribute(lambda o: o.task.owner.user)
    uploaded_at = factory.LazyFunction(clock.now)
