"""The closed vocabularies of the domain. Labels are Vietnamese (the source language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    PAUSED = "paused", _("Paused")
    SUBMITTED = "submitted", _("Awaiting acceptance")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


#: States a task can no longer leave, and the others: the one definition of open and closed.
CLOSED_STATUSES = frozenset({Status.DONE, Status.CANCELLED})
#: The states in which the work is the owner's to do (a submitted task waits on its
#: leader): the owner is reminded of these and asked to explain their delays.
OWNER_WORKS = frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.PAUSED})
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)


class DeadlineStatus(models.TextChoices):
    DONE_EARLY = "done_early", _("Done early")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    OPEN_ON_TRACK = "open_on_track", _("In progress within deadline")
    OPEN_DUE_SOON = "open_due_soon", _("Due soon")
    OPEN_OVERDUE = "open_overdue", _("In progress, overdue")
    CANCELLED = "cancelled", _("Cancelled")


class SubmissionTiming(models.TextChoices):
    """A task awaiting acceptance against its deadline, as the pages show it instead of an
    "in progress" deadline status (assignments.deadlines.deadline_shown)."""

    SUBMITTED_IN_TIME = "submitted_in_time", _("Submitted in time")
    SUBMITTED_LATE = "submitted_late", _("Submitted late")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


#: Sort rank of each priority, most urgent first when ordering descending.
PRIORITY_RANK = {Priority.LOW: 1, Priority.NORMAL: 2, Priority.HIGH: 3, Priority.URGENT: 4}


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase (achieved at or above the target)")
    DECREASE = "decrease", _("Decrease (achieved at or below the target)")


class EventKind(models.TextChoices):
    CREATED = "created", _("Task assigned")
    STARTED = "started", _("Started")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for rework")
    CANCELLED = "cancelled", _("Task cancelled")
    REASSIGNED = "reassigned", _("Handed over")
    EXTENDED = "extended", _("Deadline extended")
    STEP_COMPLETED = "step_completed", _("Step completed")
    MEASUREMENT_RECORDED = "measurement_recorded", _("Measurement recorded")
    NOTE_ADDED = "note_added", _("Note added")
    EDITED = "edited", _("Content edited")
    COORDINATORS_CHANGED = "coordinators_changed", _("Coordinators changed")
    WATCHERS_CHANGED = "watchers_changed", _("Watchers changed")
    OUTCOME_CORRECTED = "outcome_corrected", _("Outcome measure corrected")
    DIRECTION_GIVEN = "direction_given", _("Direction given")
    EXPLAINED = "explained", _("Delay explained")
    FILE_ATTACHED = "file_attached", _("File attached")
    FILE_WITHDRAWN = "file_withdrawn", _("File withdrawn")


class NoteKind(models.TextChoices):
    """An ordinary note, or a direction ("ý kiến chỉ đạo") of a Standing Committee member."""

    NOTE = "note", _("Note")
    DIRECTION = "direction", _("Direction")


class Escalation(models.TextChoices):
    """How far an overdue task has been raised (docs/rules.md, "Escalation")."""

    NONE = "none", _("Not overdue")
    OWNER = "owner", _("Owner asked to explain")
    LEADER = "leader", _("Raised to the group leader")
    COMMITTEE = "committee", _("Raised to the Standing Committee")


class NotificationKind(models.TextChoices):
    """What a notification tells. The first group is told at once, on an event; the
    second by the daily run (docs/rules.md, "Notifications")."""

    ASSIGNED = "assigned", _("Task assigned to you")
    HANDED_TO_YOU = "handed_to_you", _("Task handed over to you")
    HANDED_AWAY = "handed_away", _("Task handed over to someone else")
    RETURNED = "returned", _("Task returned for rework")
    ACCEPTED = "accepted", _("Task accepted")
    EXTENDED = "extended", _("Deadline extended")
    SUBMITTED = "submitted", _("Task submitted for acceptance")
    EXPLAINED = "explained", _("Delay explained")
    DIRECTION = "direction", _("Direction given")
    UPDATED = "updated", _("Task you follow updated")
    DUE_SOON = "due_soon", _("Due soon")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue: explain the delay")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Waiting for your acceptance")
    ESCALATED_LEADER = "escalated_leader", _("Overdue and not explained")
    ESCALATED_COMMITTEE = "escalated_committee", _("Long overdue")


#: The kinds the daily run makes (the rest are told at once, on an event).
SCHEDULED_KINDS = frozenset(
    {
        NotificationKind.DUE_SOON,
        NotificationKind.DUE_TODAY,
        NotificationKind.OVERDUE,
        NotificationKind.AWAITING_ACCEPTANCE,
        NotificationKind.ESCALATED_LEADER,
        NotificationKind.ESCALATED_COMMITTEE,
    }
)


class Channel(models.TextChoices):
    """Where a notification goes besides the inbox, which always holds it."""

    EMAIL = "email", _("Email")
    PUSH = "push", _("Push to the phone")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class WebhookDeliveryStatus(models.TextChoices):
    """One event sent to one endpoint (docs/rules.md, "Webhooks")."""

    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


#: What an endpoint subscribes to: `task.<event kind>` (e.g. `task.submitted`).
WEBHOOK_EVENT_TYPES: tuple[str, ...] = tuple(f"task.{kind}" for kind in EventKind.values)
#: The event the office sends by hand to check an endpoint; never subscribed to.
WEBHOOK_TEST_EVENT = "webhook.test"


class DocumentKind(models.TextChoices):
    """The kinds of Party and state documents a task is assigned by (văn bản giao việc)."""

    RESOLUTION = "resolution", _("Resolution")
    CONCLUSION = "conclusion", _("Conclusion")
    DIRECTIVE = "directive", _("Directive")
    DECISION = "decision", _("Decision")
    NOTICE = "notice", _("Notice")
    PLAN = "plan", _("Plan")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    REGULATION = "regulation", _("Regulation")
    PROGRAMME = "programme", _("Programme")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")


class ProductKind(models.TextChoices):
    """What a task must deliver (rõ sản phẩm)."""

    REPORT = "report", _("Report")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    MINUTES = "minutes", _("Minutes")
    DOCUMENT = "document", _("Document issued")
    PHOTOS = "photos", _("Photos")
    DATA = "data", _("Data or list")
    OTHER = "other", _("Other product")


class ApproverKind(models.TextChoices):
    """Who accepts and returns a task (rõ thẩm quyền)."""

    GROUP_LEADER = "group_leader", _("The group's leader")
    STANDING_COMMITTEE = "standing_committee", _("The Standing Committee")
    STANDING_MEMBER = "standing_member", _("A named Standing Committee member")


class AttachmentKind(models.TextChoices):
    """What a file on a task is for; a document's own files are `document`."""

    EVIDENCE = "evidence", _("Evidence")
    PRODUCT = "product", _("Product")
    OTHER = "other", _("Other file")
    DOCUMENT = "document", _("Document file")


#: The kinds a file on a task may have (the API's `kind`); `document` is a document's own.
TASK_ATTACHMENT_KINDS = (AttachmentKind.EVIDENCE, AttachmentKind.PRODUCT, AttachmentKind.OTHER)
