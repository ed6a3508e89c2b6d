"""Tasks: the unit of work, with its copied process steps and its notes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits
from assignments.choices import (
    CLOSED_STATUSES,
    PRIORITY_RANK,
    ApproverKind,
    DeadlineStatus,
    Escalation,
    NoteKind,
    Priority,
    ProductKind,
    Status,
    SubmissionTiming,
)
from assignments.deadlines import (
    completed_on_expression,
    deadline_shown,
    deadline_status,
    deadline_status_expression,
)
from assignments.escalation import escalation, escalation_expression
from assignments.text import search_document

from .documents import Document
from .org import Group, Member, Ward
from .processes import Process
from .targets import Target


class _MemberBrief(models.Func):
    """{"id": member_id, "name": full_name} as JSON, built by the database."""

    template = "JSON_OBJECT('id', %(expressions)s)"
    arg_joiner = ", 'name', "
    output_field = models.TextField()

    def __init__(self) -> None:
        super().__init__(models.F("member_id"), models.F("member__full_name"))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="JSONB_BUILD_OBJECT('id', %(expressions)s)", **extra
        )


class _JSONArrayAgg(models.Aggregate):
    """The values as one JSON array (text): `json_group_array` on SQLite, `jsonb_agg` on
    PostgreSQL (which answers NULL for no row). Plain functions rather than Django's
    JSONField and JSONObject, whose first use on SQLite costs a query to probe for JSON."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra)


def watcher_briefs_expression() -> models.Subquery:
    """The task's watchers as a JSON array of {"id", "name"}, read with the task row itself."""
    watches = (
        Task.watchers.through.objects.filter(task_id=models.OuterRef("pk"))
        .values("task_id")
        .annotate(briefs=_JSONArrayAgg(_MemberBrief()))
        .values("briefs")  # type: ignore[misc]  # the stubs do not follow the annotation
    )
    return models.Subquery(watches, output_field=models.TextField())


class TaskQuerySet(models.QuerySet):
    def with_deadline_status(self, today: dt.date | None = None) -> TaskQuerySet:
        """Annotate `deadline_status` as of `today` (the committee's today by default)."""
        today = today or clock.today()
        return self.alias(completed_on=completed_on_expression()).annotate(
            deadline_status=deadline_status_expression(today)
        )

    def with_escalation(self, today: dt.date | None = None) -> TaskQuerySet:
        """Annotate `escalation` as of `today` (assignments/escalation.py)."""
        return self.annotate(escalation=escalation_expression(today))

    def for_display(self, *, step_authors: bool = False) -> TaskQuerySet:
        """A task as every surface shows it (the API, the pages, the exports, the
        policies), in a fixed number of queries whatever the count: the rows with their
        deadline status, priority rank, watchers (a JSON column: `Task.watcher_briefs`),
        one-to-one and foreign keys joined, then the steps and the coordinators of the
        whole page in one query each. A task's own page also names who ticked each step
        (`step_authors`)."""
        steps = TaskStep.objects.order_by("order")
        if step_authors:
            steps = steps.select_related("completed_by__member")
        return (
            self.with_deadline_status()
            .with_escalation()
            .with_priority_rank()
            # One column rather than a prefetch: the watchers cost no query of their own.
            .annotate(watcher_briefs_json=watcher_briefs_expression())
            .select_related(
                "group",
                "ward",
                "owner",
                "assigned_by__member",
                "process",
                "target",
                "outcome",
                "document",
                "approver",
            )
            # Steps by their order alone: the model's default ordering ("task", "order")
            # would join the tasks again to sort by the task's own ordering.
            .prefetch_related(models.Prefetch("steps", queryset=steps), "coordinators")
        )

    def for_cards(self) -> TaskQuerySet:
        """A task as a line of a list or a card shows it on the pages (title, group,
        ward, owner, due date, deadline status): one query for the whole list."""
        return (
            self.with_deadline_status()
            .with_escalation()
            .with_priority_rank()
            .select_related("group", "ward", "owner")
        )

    def open(self) -> TaskQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def with_priority_rank(self) -> TaskQuerySet:
        return self.annotate(
            priority_rank=models.Case(
                *(models.When(priority=p, then=models.Value(r)) for p, r in PRIORITY_RANK.items()),
                default=models.Value(0),
                output_field=models.IntegerField(),
            )
        )


class Task(models.Model):
    title = models.CharField(_("title"), max_length=limits.TASK_TITLE_MAX)
    description = models.TextField(_("description"), validators=[limits.text_max_length])
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("committee group")
    )
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("territory"),
    )
    source = models.CharField(
        _("source"),
        max_length=limits.TASK_SOURCE_MAX,
        blank=True,
        help_text=_("The resolution, conclusion or meeting the task comes from."),
    )
    # The registered document the task is assigned by; `source` keeps free text for what
    # is not one (a meeting, a phone call) and what the migration could not match.
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assigning document"),
    )
    # Rõ sản phẩm: what the task must deliver, and whether `submit` waits for its file.
    product_kind = models.CharField(
        _("kind of product"),
        max_length=10,
        choices=ProductKind.choices,
        blank=True,
        default="",
        db_default="",
    )
    product_description = models.CharField(
        _("product"), max_length=limits.PRODUCT_DESCRIPTION_MAX, blank=True, default="", db_default=""
    )
    product_file_required = models.BooleanField(_("product file required"), default=False, db_default=False)
    # Rõ thẩm quyền: who accepts and returns the work (assignments/actions.py, APPROVER).
    approver_kind = models.CharField(
        _("accepted by"),
        max_length=20,
        choices=ApproverKind.choices,
        default=ApproverKind.GROUP_LEADER,
        # Database defaults too: rows written by COPY (bench/generate.py) need not name them.
        db_default=ApproverKind.GROUP_LEADER,
    )
    approver = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_tasks",
        verbose_name=_("approver"),
        help_text=_("The Standing Committee member who accepts the task, when one is named."),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    start_date = models.DateField(_("start date"), validators=[limits.validate_date_in_window])
    due_date = models.DateField(_("due date"), validators=[limits.validate_date_in_window])
    original_due_date = models.DateField(_("original due date"), validators=[limits.validate_date_in_window])
    owner = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="owned_tasks", verbose_name=_("owner")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name=_("assigner"),
    )
    coordinators = models.ManyToManyField(
        Member, blank=True, related_name="coordinated_tasks", verbose_name=_("coordinators")
    )
    # Người theo dõi: they read the task and are to be told of it (the notifications of a
    # later change read this list), with no duty and no action on it (docs/rules.md).
    watchers = models.ManyToManyField(
        Member, blank=True, related_name="watched_tasks", verbose_name=_("watchers")
    )
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("process")
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("term target"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # The owner's latest explanation of a delay (giải trình, the `explain` action): it
    # holds off the escalation for the due date it was given for, and no other
    # (assignments/escalation.py).
    explained_at = models.DateTimeField(_("delay explained at"), null=True, blank=True)
    explained_for_due_date = models.DateField(_("explained for the due date"), null=True, blank=True)
    explanation = models.TextField(
        _("explanation of the delay"), validators=[limits.text_max_length], blank=True
    )
    proposed_due_date = models.DateField(_("proposed new due date"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    # What `q=` searches, folded (assignments/text.py): the title, the description, the
    # owner's and the ward's names. Written by the services with the task (create, content
    # edit, reassign) and by assignments/search.py when a member or a ward is renamed. On
    # PostgreSQL a trigram index (migration 0004; SQLite has no GIN) serves `LIKE '%...%'`.
    search_text = models.TextField(_("search text"), editable=False, default="")

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("task")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="task_status_due_idx"),
            models.Index(fields=["group", "due_date"], name="task_group_due_idx"),
            models.Index(fields=["owner", "status"], name="task_owner_status_idx"),
            models.Index(fields=["updated_at", "id"], name="task_updated_idx"),
            # The default order of every list (due date, then id): an unfiltered page of a
            # million tasks reads 50 index entries instead of sorting them all.
            models.Index(fields=["due_date", "id"], name="task_due_idx"),
            # A member's scope (their groups) counted by an index-only scan.
            models.Index(fields=["group", "status"], include=["owner", "id"], name="task_group_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="task_status_valid",
                violation_error_message=_("The task status is not valid."),
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=Priority.values),
                name="task_priority_valid",
                violation_error_message=_("The priority is not valid."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("start_date")),
                name="task_due_not_before_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("original_due_date")),
                name="task_due_never_shortened",
                violation_error_message=_("A due date can only be extended, never shortened."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=Status.DONE, completed_at__isnull=False)
                    | (~models.Q(status=Status.DONE) & models.Q(completed_at__isnull=True))
                ),
                name="task_completed_at_iff_done",
                violation_error_message=_("Only a done task has a completion time."),
            ),
            models.CheckConstraint(
                condition=models.Q(product_kind__in=["", *ProductKind.values]),
                name="task_product_kind_valid",
                violation_error_message=_("The kind of product is not valid."),
            ),
            models.CheckConstraint(
                condition=models.Q(approver_kind=ApproverKind.STANDING_MEMBER, approver__isnull=False)
                | (
                    models.Q(approver_kind__in=[ApproverKind.GROUP_LEADER, ApproverKind.STANDING_COMMITTEE])
                    & models.Q(approver__isnull=True)
                ),
                name="task_approver_named_iff_member",
                violation_error_message=_("A named approver goes with “a named Standing Committee member”."),
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="task_version_positive",
                violation_error_message=_("The version must be 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def deadline_status(self) -> DeadlineStatus:
        """As of the committee's today; a queryset annotation of the same name wins."""
        annotated = self.__dict__.get("_annotated_deadline_status")
        if annotated is not None:
            return DeadlineStatus(annotated)
        return self.deadline_status_on(clock.today())

    @deadline_status.setter
    def deadline_status(self, value: str) -> None:
        # Set by `TaskQuerySet.with_deadline_status()`: the database's answer is kept.
        self.__dict__["_annotated_deadline_status"] = value

    @property
    def escalation(self) -> Escalation:
        """How far the task's delay has been raised, as of the committee's today
        (assignments/escalation.py); a queryset annotation of the same name wins."""
        annotated = self.__dict__.get("_annotated_escalation")
        if annotated is not None:
            return Escalation(annotated)
        return escalation(
            status=self.status,
            due_date=self.due_date,
            explained_for_due_date=self.explained_for_due_date,
            today=clock.today(),
        )

    @escalation.setter
    def escalation(self, value: str) -> None:
        self.__dict__["_annotated_escalation"] = value

    @property
    def explained(self) -> bool:
        """Whether the owner has explained the delay for the current due date."""
        return self.explained_for_due_date is not None and self.explained_for_due_date == self.due_date

    def deadline_status_on(self, today: dt.date) -> DeadlineStatus:
        return deadline_status(
            status=self.status,
            due_date=self.due_date,
            completed_at=self.completed_at,
            today=today,
        )

    @property
    def deadline_shown(self) -> DeadlineStatus | SubmissionTiming:
        """The deadline as the pages word it: a task awaiting acceptance is told against its
        submission ("submitted late"), not against today (assignments.deadlines)."""
        return deadline_shown(
            status=self.status,
            due_date=self.due_date,
            submitted_at=self.submitted_at,
            deadline_status=self.deadline_status,
        )

    @property
    def watcher_briefs(self) -> list[dict[str, Any]]:
        """The watchers as {"id", "name"}, by name: the column `for_display()` reads with
        the task, else a query."""
        if "watcher_briefs_json" in self.__dict__:
            column = self.__dict__["watcher_briefs_json"]
            briefs = json.loads(column) if isinstance(column, str) else column or []
        else:
            briefs = [{"id": m.pk, "name": m.full_name} for m in self.watchers.all()]
        return sorted(briefs, key=lambda brief: (brief["name"], brief["id"]))

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def extended(self) -> bool:
        return self.due_date > self.original_due_date

    @staticmethod
    def search_text_for(*, title: str, description: str, owner: Member, ward: Ward | None) -> str:
        """The `search_text` of a task with these fields (docs/api.md, "Search")."""
        return search_document(title, description, owner.full_name, ward.name if ward is not None else "")

    def refresh_search_text(self) -> list[str]:
        """Recompute `search_text` from the fields it copies; the fields this changed, for
        `save(update_fields=...)`: `["search_text"]`, or none when the text is the same."""
        text = self.search_text_for(
            title=self.title, description=self.description, owner=self.owner, ward=self.ward
        )
        if text == self.search_text:
            return []
        self.search_text = text
        return ["search_text"]


class TaskStep(models.Model):
    """A step copied from the process when the task was created."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="steps", verbose_name=_("task"))
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step name"), max_length=limits.STEP_NAME_MAX)
    expected_days = models.PositiveSmallIntegerField(_("expected days"), default=1)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    note = models.TextField(_("note"), validators=[limits.text_max_length], blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["task", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "order"],
                name="task_step_order_unique",
                violation_error_message=_("Each step number is used once in a task."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Note(models.Model):
    """A note on a task; a Standing Committee member's is a direction ("ý kiến chỉ đạo")."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="notes", verbose_name=_("task"))
    kind = models.CharField(_("kind"), max_length=10, choices=NoteKind.choices, default=NoteKind.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), validators=[limits.text_max_length])
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("note")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NoteKind.values),
                name="note_kind_valid",
                violation_error_message=_("The kind of note is not valid."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
