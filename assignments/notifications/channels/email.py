"""Mail: one notification in one mail, or the day's items in one digest mail.

Each mail holds its text twice, Vietnamese first then English, in HTML and plain text,
with an absolute link to each task (settings.SITE_URL). Its Message-ID is derived from
what it carries, so a mail sent again after a worker died between the SMTP server's
"OK" and the commit has the same ID, and the receiving side can drop the copy.
"""

from __future__ import annotations

import hashlib
import smtplib
from collections.abc import Sequence
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from assignments.choices import NotificationKind
from assignments.models import Delivery, Notification, Task
from assignments.notifications import texts
from assignments.notifications.delivery import Gone, SendError
from assignments.text import format_date

#: The mail's languages, in the order the mail shows them.
LANGUAGES = ("vi", "en")

#: The digest's groups, in order; a kind in none of them goes under the last.
DUE = (NotificationKind.DUE_SOON, NotificationKind.DUE_TODAY)
OVERDUE = (
    NotificationKind.OVERDUE,
    NotificationKind.ESCALATED_LEADER,
    NotificationKind.ESCALATED_COMMITTEE,
)


def task_url(task: Task | int) -> str:
    pk = task if isinstance(task, int) else task.pk
    return settings.SITE_URL + reverse("web:task", kwargs={"pk": pk})


def _domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "taskforce.invalid"


def _address(user: User) -> str:
    if not user.is_active or not user.email:
        raise Gone(f"{user.get_username()} has no mail address")
    member = getattr(user, "member", None)
    name = member.full_name if member is not None else user.get_full_name()
    return formataddr((name, user.email)) if name else user.email


def _text(notification: Notification) -> str:
    return texts.text(notification.kind, notification.data, notification.task.title)


def _footer() -> str:
    return _(
        "Taskforce sent you this mail about the tasks you work on. Choose what you receive "
        "by mail in your notification settings."
    )


def _send(*, to: str, subject: str, template: str, parts: list[dict[str, Any]], message_id: str) -> None:
    context = {"parts": parts, "subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    try:
        get_connection(fail_silently=False).send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        # Refused, disconnected, unreachable or timed out: all worth trying again later.
        raise SendError(f"{type(error).__name__}: {error}") from error


def send(delivery: Delivery) -> None:
    """One notification, one mail."""
    notification = delivery.notification
    to = _address(notification.recipient)
    link = task_url(notification.task_id)
    parts = []
    subjects = []
    for language in LANGUAGES:
        with translation.override(language):
            heading = str(NotificationKind(notification.kind).label)
            subjects.append(heading)
            parts.append(
                {
                    "language": language,
                    "heading": heading,
                    "text": _text(notification),
                    "link": link,
                    "link_label": _("Open the task"),
                    "footer": _footer(),
                }
            )
    _send(
        to=to,
        subject=f"{' · '.join(subjects)}: {notification.task.title}",
        template="notification",
        parts=parts,
        message_id=f"<taskforce.delivery.{delivery.pk}@{_domain()}>",
    )


def _group_of(kind: str) -> int:
    if kind in DUE:
        return 0
    if kind in OVERDUE:
        return 1
    return 2


def send_digest(user: User, deliveries: Sequence[Delivery], *, day: Any) -> None:
    """The day's items in one mail, grouped: due, overdue, waiting on the person."""
    try:
        to = _address(user)
    except Gone as gone:
        # The digest's caller tries a failed mail again; a person without an address is
        # not worth it, but must not stop the other people's digests either.
        raise SendError(str(gone)) from gone
    grouped: list[list[Notification]] = [[], [], []]
    for delivery in deliveries:
        grouped[_group_of(delivery.notification.kind)].append(delivery.notification)
    parts = []
    subjects = []
    for language in LANGUAGES:
        with translation.override(language):
            titles = (_("Due soon and today"), _("Overdue"), _("Waiting on you"))
            heading = _("Your tasks on %(date)s") % {"date": format_date(day)}
            subjects.append(heading)
            parts.append(
                {
                    "language": language,
                    "heading": heading,
                    "groups": [
                        {
                            "title": title,
                            "items": [{"text": _text(n), "link": task_url(n.task_id)} for n in items],
                        }
                        for title, items in zip(titles, grouped, strict=True)
                        if items
                    ],
                    "link_label": _("Open the task"),
                    "footer": _footer(),
                }
            )
    carried = hashlib.sha256(",".join(str(d.pk) for d in sorted(deliveries, key=lambda d: d.pk)).encode())
    _send(
        to=to,
        subject=f"{' · '.join(subjects)} ({len(deliveries)})",
        template="digest",
        parts=parts,
        message_id=f"<taskforce.digest.{user.pk}.{day.isoformat()}.{carried.hexdigest()[:16]}@{_domain()}>",
    )
