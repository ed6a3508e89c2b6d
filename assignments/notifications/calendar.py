"""The person's private calendar feed (ICS): their open tasks on their due dates.

The feed is read by calendar programs, which log in to nothing: its URL holds a secret
(NotificationSettings.calendar_token), and a new secret revokes the old URL. One
all-day event per open task the person owns or coordinates, its UID stable per task so
that a calendar updates the event when the due date moves. Two queries, whatever the
number of tasks.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from assignments import clock
from assignments.choices import Status
from assignments.models import Member, NotificationSettings, Task
from assignments.notifications.channels.email import task_url


def feed_url(chosen: NotificationSettings) -> str:
    return settings.SITE_URL + reverse("web:calendar", kwargs={"token": chosen.calendar_token})


def opened_by(token: str) -> NotificationSettings | None:
    """The settings whose secret is `token` (with the login and member); None for an
    unknown or revoked secret, or a closed login."""
    return (
        NotificationSettings.objects.select_related("user__member")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )


def _uid(task_id: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "taskforce"
    return f"task-{task_id}@{host}"


def feed(member: Member | None) -> bytes:
    """The ICS text of the member's open tasks (an empty calendar for a login without a member)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Taskforce//Calendar feed//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = member.full_name if member is not None else ""
    calendar.add("x-wr-calname", _("Taskforce: tasks of %(name)s") % {"name": name} if name else "Taskforce")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(Timezone.from_tzinfo(clock.committee_tz(), settings.TIME_ZONE))
    if member is None:
        return calendar.to_ical()
    tasks = (
        Task.objects.open()
        .filter(
            Q(owner=member) | Q(pk__in=Task.coordinators.through.objects.filter(member=member).values("task"))
        )
        .select_related("group")
        .only("pk", "title", "status", "due_date", "updated_at", "owner_id", "group__name")
        .order_by("due_date", "pk")
    )
    stamp = clock.now()
    for task in tasks:
        link = task_url(task.pk)
        role = _("owner") if task.owner_id == member.pk else _("coordinator")
        event = Event()
        event.add("uid", _uid(task.pk))
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("last-modified", task.updated_at.astimezone(dt.UTC))
        event.add("summary", task.title)
        event.add("dtstart", task.due_date)
        event.add("dtend", task.due_date + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add(
            "description",
            "\n".join(
                [
                    f"{_('Status:')} {Status(task.status).label}",
                    f"{_('Group:')} {task.group.name}",
                    f"{_('Your part:')} {role}",
                    link,
                ]
            ),
        )
        event.add("url", link)
        calendar.add_component(event)
    return calendar.to_ical()
