"""The domain's own errors. The API maps each to one HTTP status (api/exceptions.py).

Field-level rule violations are Django's `ValidationError` with a dict of fields, so
the admin, forms and the API all show them next to the field they concern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # gettext_lazy's type: a lazy string, which Django's and DRF's messages take.
    from django_stubs_ext import StrPromise


class DomainError(Exception):
    """Base: a stable machine `code` and a message for a person.

    A message without values stays lazy and is translated when shown; one with values
    (a status, a step) is worded in the language active when it is raised, which the API
    and the pages set per request before calling a service.
    """

    code = "domain_error"
    default_message: str | StrPromise = _("The action could not be done.")

    def __init__(self, message: str | StrPromise | None = None, *, code: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        super().__init__(str(self.message))


class InvalidTransition(DomainError):
    """The action is not allowed from the task's current state (HTTP 409)."""

    code = "invalid_state"
    default_message = _("This cannot be done in the task's current state.")


class NotPermitted(DomainError):
    """The user may see the task but not do this to it (HTTP 403)."""

    code = "permission_denied"
    default_message = _("You may not do this.")


class VersionMismatch(DomainError):
    """The client's copy is stale: `If-Match` names an old version (HTTP 412)."""

    code = "version_mismatch"
    default_message = _("The task was changed by someone else; reload it and try again.")

    def __init__(self, *, current: int) -> None:
        self.current = current
        super().__init__()


class AuditTrailImmutable(DomainError):
    """Raised on any attempt to change or delete an event."""

    code = "audit_trail_immutable"
    default_message = _("The audit trail is append-only; events cannot be changed or deleted.")
