from .attachments import Attachment
from .documents import Document
from .events import Event
from .notifications import (
    Delivery,
    Notification,
    NotificationPolicy,
    NotificationSettings,
    PushSubscription,
    SchedulerLease,
)
from .org import Group, Member, Ward
from .outcomes import Measurement, Outcome
from .processes import Process, ProcessStep
from .reference_changes import ReferenceAction, ReferenceChange, ReferenceKind
from .targets import Target
from .tasks import Note, Task, TaskStep
from .webhooks import WebhookDelivery, WebhookEndpoint, WebhookMessage

__all__ = [
    "Attachment",
    "Delivery",
    "Document",
    "Event",
    "Group",
    "Measurement",
    "Member",
    "Note",
    "Notification",
    "NotificationPolicy",
    "NotificationSettings",
    "Outcome",
    "Process",
    "ProcessStep",
    "PushSubscription",
    "ReferenceAction",
    "ReferenceChange",
    "ReferenceKind",
    "SchedulerLease",
    "Target",
    "Task",
    "TaskStep",
    "Ward",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookMessage",
]
