"""A person's choice of channels and their calendar feed's secret: the one place the
settings page and `me/notification-settings/` change them.

A person who never chose has no row (the inbox reads the defaults then);
the first change creates it. The kinds turned off are checked against
`NotificationKind`, so a typo cannot silently stop nothing, and kept in the choices'
order without repeats, so the same choice is always the same row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assignments.choices import NotificationKind
from assignments.models import NotificationSettings
from assignments.models.notifications import new_calendar_token

__all__ = ["reset_calendar", "settings_for", "update_settings"]


def settings_for(user: User) -> NotificationSettings:
    """The person's settings row, created with the defaults (every channel) if missing."""
    row, _created = NotificationSettings.objects.get_or_create(user=user)
    return row


def _kinds(values: Iterable[object], field: str) -> list[str]:
    values = list(values)
    unknown = sorted({str(v) for v in values if v not in NotificationKind.values})
    if unknown:
        raise ValidationError(
            {
                field: [
                    _("Unknown kind of notification: %(kinds)s. The kinds are: %(known)s.")
                    % {"kinds": ", ".join(unknown), "known": ", ".join(NotificationKind.values)}
                ]
            },
            code="invalid_choice",
        )
    chosen = set(values)
    return [kind for kind in NotificationKind.values if kind in chosen]


def update_settings(
    user: User,
    *,
    email: bool | None = None,
    push: bool | None = None,
    digest: bool | None = None,
    email_off: Iterable[str] | None = None,
    push_off: Iterable[str] | None = None,
) -> NotificationSettings:
    """Change what is given (None: left as it is); a ValidationError naming the field for
    a kind that does not exist, with nothing saved."""
    # Checked before the row is touched: a refused change creates no row either.
    kinds = {
        name: _kinds(value, name)
        for name, value in (("email_off", email_off), ("push_off", push_off))
        if value is not None
    }
    with transaction.atomic():
        row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
        for name, flag in (("email", email), ("push", push), ("digest", digest)):
            if flag is not None:
                setattr(row, name, bool(flag))
        for name, value in kinds.items():
            setattr(row, name, value)
        row.save()
    return row


def reset_calendar(user: User) -> NotificationSettings:
    """A new secret for the person's calendar feed: the old address stops working at once."""
    with transaction.atomic():
        row, created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
        if not created:
            row.calendar_token = new_calendar_token()
            row.save(update_fields=["calendar_token"])
    return row
