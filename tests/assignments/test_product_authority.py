"""Rõ sản phẩm and rõ thẩm quyền: what a task delivers, who accepts it (docs/rules.md,
"Product and authority")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from assignments import actions, policies, selectors, services
from assignments.choices import ApproverKind, AttachmentKind, EventKind, ProductKind, Status
from assignments.exceptions import InvalidTransition, NotPermitted
from assignments.models import Event, Task
from tests.assignments.lifecycle import do_the_work
from tests.assignments.test_policies import ROLES as POLICY_ROLES
from tests.factories import AttachmentFactory, MemberFactory, StandingMemberFactory, make_task

REPORT = {"kind": ProductKind.REPORT, "description": "Báo cáo kết quả rà soát", "file_required": True}


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


# --------------------------------------------------------------------------- create and edit


def test_a_task_states_its_product_and_its_approver(cast):
    task = make_task(
        group=cast.group,
        owner=cast.owner,
        product={**REPORT, "description": "  Báo cáo kết quả rà soát  "},
        approver={"kind": ApproverKind.STANDING_MEMBER, "member": cast.standing},
    )
    task = Task.objects.get(pk=task.pk)
    assert (task.product_kind, task.product_description, task.product_file_required) == (
        "report",
        "Báo cáo kết quả rà soát",
        True,
    )
    assert (task.approver_kind, task.approver) == (ApproverKind.STANDING_MEMBER, cast.standing)


def test_by_default_no_product_and_the_groups_leader_accepts(cast):
    assert (cast.task.product_kind, cast.task.product_file_required) == ("", False)
    assert (cast.task.approver_kind, cast.task.approver) == (ApproverKind.GROUP_LEADER, None)


def test_the_product_description_is_stored_in_nfc(cast):
    decomposed = "Ba\u0301o ca\u0301o"  # "Báo cáo" with combining accents
    task = make_task(
        group=cast.group, owner=cast.owner, product={"kind": "report", "description": decomposed}
    )
    assert Task.objects.get(pk=task.pk).product_description == "Báo cáo"


@pytest.mark.parametrize(
    ("product", "approver", "field"),
    [
        ({"kind": "report", "description": ""}, None, "product.description"),
        ({"kind": "", "description": "Báo cáo"}, None, "product.kind"),
        ({"kind": "", "file_required": True}, None, "product.kind"),
        ({"kind": "poem", "description": "Bài thơ"}, None, "product.kind"),
        ({"kind": "report", "description": "x" * 301}, None, "product.description"),
        (None, {"kind": ApproverKind.STANDING_MEMBER}, "approver.member"),
        (None, {"kind": ApproverKind.STANDING_MEMBER, "member": "plain"}, "approver.member"),
        (None, {"kind": ApproverKind.STANDING_MEMBER, "member": "owner"}, "approver.member"),
        (None, {"kind": ApproverKind.STANDING_COMMITTEE, "member": "standing"}, "approver.member"),
        (None, {"kind": "the_mayor"}, "approver.kind"),
    ],
)
def test_a_product_or_approver_that_does_not_hold_is_a_400_naming_the_field(cast, product, approver, field):
    if approver and isinstance(approver.get("member"), str):
        who = approver["member"]
        member = {"plain": MemberFactory, "owner": lambda: cast.owner, "standing": lambda: cast.standing}[
            who
        ]()
        if who == "owner":
            cast.owner.is_standing = True
            cast.owner.save()
        approver = {**approver, "member": member}
    before = Task.objects.count()
    errors = _errors(
        lambda: make_task(group=cast.group, owner=cast.owner, product=product, approver=approver)
    )
    assert list(errors) == [field]
    assert Task.objects.count() == before


def test_the_messages_are_vietnamese_by_default(cast):
    errors = _errors(
        lambda: make_task(group=cast.group, owner=cast.owner, approver={"kind": ApproverKind.STANDING_MEMBER})
    )
    with translation.override("vi"):
        assert errors["approver.member"] == ["Chọn Ủy viên Ban Thường vụ nghiệm thu nhiệm vụ."]


def test_an_inactive_standing_member_cannot_be_named(cast):
    gone = StandingMemberFactory(active=False)
    errors = _errors(
        lambda: make_task(
            group=cast.group,
            owner=cast.owner,
            approver={"kind": ApproverKind.STANDING_MEMBER, "member": gone},
        )
    )
    assert list(errors) == ["approver.member"]


def test_an_edit_changes_the_product_and_the_approver_and_the_event_keeps_old_and_new(cast):
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"product": REPORT})
    services.task_edit(
        task=cast.task,
        actor=cast.leader.user,
        changes={
            "product": {"description": "Báo cáo tổng hợp"},
            "approver": {"kind": ApproverKind.STANDING_MEMBER, "member": cast.standing},
        },
    )
    task = Task.objects.get(pk=cast.task.pk)
    # The product's fields not sent keep their value.
    assert (task.product_kind, task.product_description, task.product_file_required) == (
        "report",
        "Báo cáo tổng hợp",
        True,
    )
    assert task.approver == cast.standing
    event = Event.objects.filter(task=task, kind=EventKind.EDITED).last()
    assert event.data["fields"] == ["product", "approver"]
    assert event.data["changes"]["product"] == {
        "from": {"kind": "report", "description": "Báo cáo kết quả rà soát", "file_required": True},
        "to": {"kind": "report", "description": "Báo cáo tổng hợp", "file_required": True},
    }
    assert event.data["changes"]["approver"] == {
        "from": {"kind": "group_leader", "member": None},
        "to": {
            "kind": "standing_member",
            "member": {"id": cast.standing.pk, "name": cast.standing.full_name},
        },
    }


def test_an_edit_back_to_the_groups_leader_drops_the_named_member(cast):
    services.task_edit(
        task=cast.task,
        actor=cast.leader.user,
        changes={"approver": {"kind": ApproverKind.STANDING_MEMBER, "member": cast.standing}},
    )
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"approver": {"kind": "group_leader"}})
    task = Task.objects.get(pk=cast.task.pk)
    assert (task.approver_kind, task.approver) == (ApproverKind.GROUP_LEADER, None)


def test_an_edit_that_states_the_same_product_writes_nothing(cast):
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"product": REPORT})
    version = Task.objects.get(pk=cast.task.pk).version
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"product": REPORT, "approver": {}})
    assert Task.objects.get(pk=cast.task.pk).version == version


def test_an_edit_naming_a_member_for_the_standing_committee_is_refused(cast):
    errors = _errors(
        lambda: services.task_edit(
            task=cast.task,
            actor=cast.leader.user,
            changes={"approver": {"kind": ApproverKind.STANDING_COMMITTEE, "member": cast.standing}},
        )
    )
    assert list(errors) == ["approver.member"]


# --------------------------------------------------------------------------- authority


def _submitted(cast, **approver) -> Task:
    task = make_task(group=cast.group, owner=cast.owner, approver=approver or None)
    services.task_start(task=task, actor=cast.owner.user)
    do_the_work(Task.objects.get(pk=task.pk))
    services.task_submit(task=task, actor=cast.owner.user)
    return Task.objects.get(pk=task.pk)


@pytest.fixture
def plain_leader(cast):
    """The group's leader is not on the Standing Committee: their authority is the leader's alone."""
    cast.leader.is_standing = False
    cast.leader.save()
    return cast


#: Who accepts, for each kind of approver; the named member is `standing`.
AUTHORITY = {
    ApproverKind.GROUP_LEADER: {"leader", "staff"},
    ApproverKind.STANDING_COMMITTEE: {"standing", "other_leader"},
    ApproverKind.STANDING_MEMBER: {"standing"},
}
#: The policies' matrix's roles but the watcher (who does nothing to a task).
ROLES = tuple(role for role in POLICY_ROLES if role != "watcher")


@pytest.mark.parametrize("kind", list(AUTHORITY))
@pytest.mark.parametrize("verb", ["accept", "return"])
def test_accept_and_return_follow_the_approver(plain_leader, kind, verb):
    cast = plain_leader
    named = {"member": cast.standing} if kind == ApproverKind.STANDING_MEMBER else {}
    task = _submitted(cast, kind=kind, **named)
    allowed = set()
    for role in ROLES:
        loaded = policies.task_for_policies(Task.objects.all()).get(pk=task.pk)
        if policies.availability(cast.user(role), loaded, verb):
            allowed.add(role)
        refusal = actions.ACTIONS[verb].refusal(cast.user(role), loaded)
        assert (refusal is None) == (role in allowed)
    assert allowed == AUTHORITY[kind]
    # and the service agrees, for one who may not and one who may
    with pytest.raises(NotPermitted):
        _run(verb, task, cast.user("other_member"))
    _run(verb, task, cast.user(sorted(AUTHORITY[kind])[0]))
    assert Task.objects.get(pk=task.pk).status == (Status.DONE if verb == "accept" else Status.IN_PROGRESS)


def _run(verb: str, task: Task, user) -> None:
    if verb == "accept":
        services.task_accept(task=task.pk, actor=user)
    else:
        services.task_return(task=task.pk, actor=user, note="Bổ sung số liệu")


def test_the_refusal_names_who_accepts(cast):
    task = _submitted(cast, kind=ApproverKind.STANDING_MEMBER, member=cast.standing)
    with translation.override("en"), pytest.raises(NotPermitted) as refused:
        services.task_accept(task=task.pk, actor=cast.leader.user)
    with translation.override("en"):
        assert (
            str(refused.value.message)
            == "Only Đỗ Văn Thường Vụ (Standing Committee) may accept or return this task."
        )
    task = _submitted(cast, kind=ApproverKind.STANDING_COMMITTEE)
    with translation.override("en"), pytest.raises(NotPermitted) as refused:
        services.task_return(task=task.pk, actor=cast.staff, note="Bổ sung")
    with translation.override("en"):
        assert (
            str(refused.value.message) == "Only a Standing Committee member may accept or return this task."
        )


def test_a_standing_owner_never_accepts_their_own_work(cast):
    cast.owner.is_standing = True
    cast.owner.save()
    task = _submitted(cast, kind=ApproverKind.STANDING_COMMITTEE)
    with translation.override("en"), pytest.raises(NotPermitted) as refused:
        services.task_accept(task=task.pk, actor=cast.owner.user)
    with translation.override("en"):
        assert "may not accept their own task" in str(refused.value.message)
    services.task_accept(task=task.pk, actor=cast.standing.user)


def test_the_named_approver_reads_the_task_they_accept(cast):
    task = _submitted(cast, kind=ApproverKind.STANDING_MEMBER, member=cast.standing)
    assert selectors.tasks_visible_to(cast.standing.user).filter(pk=task.pk).exists()
    assert not selectors.tasks_visible_to(cast.other_member.user).filter(pk=task.pk).exists()


# --------------------------------------------------------------------------- submit waits for the product


def _ready(cast, **product) -> Task:
    task = make_task(group=cast.group, owner=cast.owner, product={**REPORT, **product})
    services.task_start(task=task, actor=cast.owner.user)
    do_the_work(Task.objects.get(pk=task.pk))
    return Task.objects.get(pk=task.pk)


def test_submit_waits_for_the_required_product_then_names_it_in_its_event(cast):
    task = _ready(cast)
    with translation.override("en"), pytest.raises(InvalidTransition) as refused:
        services.task_submit(task=task.pk, actor=cast.owner.user)
    assert refused.value.code == "product_missing"
    with translation.override("en"):
        assert str(refused.value.message) == (
            "Cannot submit yet: attach the product (Report: “Báo cáo kết quả rà soát”) first."
        )
    assert Task.objects.get(pk=task.pk).status == Status.IN_PROGRESS

    # Evidence, or a withdrawn product, is not the product.
    AttachmentFactory(task=task, kind=AttachmentKind.EVIDENCE)
    AttachmentFactory(
        task=task, withdrawn_at=timezone.now(), withdrawn_by=cast.owner.user, withdrawal_reason="Nhầm tệp"
    )
    with pytest.raises(InvalidTransition):
        services.task_submit(task=task.pk, actor=cast.owner.user)

    product = AttachmentFactory(task=task, name="Báo cáo kết quả.pdf")
    services.task_submit(task=task.pk, actor=cast.owner.user)
    event = Event.objects.filter(task=task, kind=EventKind.SUBMITTED).get()
    assert event.data["product_files"] == [
        {"id": product.pk, "name": "Báo cáo kết quả.pdf", "sha256": product.sha256, "size": product.size}
    ]


def test_the_policy_says_the_product_is_missing_without_a_query(cast, django_assert_num_queries):
    task = _ready(cast)
    owner = type(cast.owner.user).objects.select_related("member").get(pk=cast.owner.user.pk)
    loaded = policies.task_for_policies(Task.objects.all()).get(pk=task.pk)
    with django_assert_num_queries(0):
        answer = policies.availability(owner, loaded, "submit")
    assert (answer.allowed, answer.code) == (False, "product_missing")
    assert policies.product_files(loaded) == []


def test_a_product_without_a_required_file_does_not_hold_submit(cast):
    task = _ready(cast, file_required=False)
    services.task_submit(task=task.pk, actor=cast.owner.user)
    event = Event.objects.filter(task=task, kind=EventKind.SUBMITTED).get()
    assert event.data["product_files"] == []


def test_the_tests_files_are_kept_in_their_own_folder(cast, tmp_path):
    attached = AttachmentFactory(task=cast.task)
    assert (tmp_path / "files" / attached.file.name).read_bytes().startswith(b"%PDF-1.4")
