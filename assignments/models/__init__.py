from .events import Event
from .org import Group, Member, Ward
from .outcomes import Measurement, Outcome
from .processes import Process, ProcessStep
from .reference_changes import ReferenceAction, ReferenceChange, ReferenceKind
from .targets import Target
from .tasks import Note, Task, TaskStep

__all__ = [
    "Event",
    "Group",
    "Measurement",
    "Member",
    "Note",
    "Outcome",
    "Process",
    "ProcessStep",
    "ReferenceAction",
    "ReferenceChange",
    "ReferenceKind",
    "Target",
    "Task",
    "TaskStep",
    "Ward",
]
