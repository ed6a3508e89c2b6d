"""Telling people: the office's rules, each person's channels, the inbox and what was sent.

A notification is one row per (person, task, kind, local day), unique in the database:
whatever runs the job and however often, the second attempt finds the row and sends
nothing (docs/rules.md, "Notifications"). Each channel it goes out by (mail, push) is a
`Delivery` row of its own, with its attempts, so a mail server that is down delays the
mail without losing it or sending it twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments.choices import Channel, DeliveryStatus, NotificationKind

from .tasks import Task


def _days(default: int, verbose_name: Any, help_text: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=help_text,
    )


class NotificationPolicy(models.Model):
    """The office's numbers for reminders and escalation: one row, edited in the admin."""

    due_soon_days = _days(3, _("remind before the due date (days)"), _("“Due in 3 days”."))
    overdue_every_days = _days(
        3, _("repeat the overdue reminder every (days)"), _("After the first overdue day.")
    )
    awaiting_acceptance_days = _days(
        3,
        _("remind the leader of a submission waiting more than (days)"),
        _("Submitted and not yet accepted or returned."),
    )
    explain_within_days = _days(
        2,
        _("days the owner has to explain a delay"),
        _("Not explained within them: the group leader is told."),
    )
    committee_after_days = _days(
        7,
        _("days after that before the Standing Committee is told"),
        _("Counted from the end of the days to explain."),
    )
    daily_run_at = models.TimeField(
        _("daily reminders and digest at"),
        default=dt.time(7, 0),
        help_text=_("Local time (Asia/Ho_Chi_Minh)."),
    )
    quiet_from = models.TimeField(_("no push from"), default=dt.time(21, 0))
    quiet_until = models.TimeField(_("no push until"), default=dt.time(7, 0))

    #: How long `current()` trusts what it read: an edit in the admin reaches every
    #: process within this, without a query on every request.
    CACHE_SECONDS: ClassVar[float] = 60.0
    _cached: ClassVar[tuple[float, NotificationPolicy] | None] = None

    class Meta:
        verbose_name = _("reminder rules")
        verbose_name_plural = _("reminder rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="notification_policy_single_row"),
        ]

    def __str__(self) -> str:
        return str(_("Reminder rules"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        type(self).forget()

    @classmethod
    def current(cls) -> NotificationPolicy:
        cached = cls._cached
        if cached is not None and time.monotonic() - cached[0] < cls.CACHE_SECONDS:
            return cached[1]
        policy = cls.objects.filter(pk=1).first() or cls(pk=1)
        cls._cached = (time.monotonic(), policy)
        return policy

    @classmethod
    def forget(cls) -> None:
        """Read the row again next time (after an edit; between tests)."""
        cls._cached = None

    def is_quiet(self, moment: dt.time) -> bool:
        """Whether a local time falls in the quiet hours (which may span midnight)."""
        if self.quiet_from == self.quiet_until:
            return False
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= moment < self.quiet_until
        return moment >= self.quiet_from or moment < self.quiet_until


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class NotificationSettings(models.Model):
    """A person's choice of channels. The inbox always holds every notification; mail
    and push go out unless the person turned them off, for everything or for a kind."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("login"),
    )
    email = models.BooleanField(_("by email"), default=True)
    push = models.BooleanField(_("by push to the phone"), default=True)
    #: The day's reminders in one mail at the daily run rather than one mail each.
    digest = models.BooleanField(_("one digest mail a day"), default=True)
    #: Kinds not sent by each channel (the inbox still holds them).
    email_off = models.JSONField(_("kinds not sent by email"), default=list, blank=True)
    push_off = models.JSONField(_("kinds not sent by push"), default=list, blank=True)
    #: The secret of the person's calendar feed (ICS); a new one revokes the old URL.
    calendar_token = models.CharField(
        _("calendar feed secret"), max_length=64, unique=True, default=new_calendar_token
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, channel: str, kind: str) -> bool:
        if channel == Channel.EMAIL:
            return self.email and kind not in self.email_off
        return self.push and kind not in self.push_off


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One item of a person's inbox, about one task."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NotificationKind.choices)
    #: The local (Hanoi) day it is about: with the person, task and kind, its unique key.
    day = models.DateField(_("day"))
    #: What the text says besides the task: who acted, the reason, the dates.
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "task", "kind", "day"], name="notification_once_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.task_id} ({self.day.isoformat()})"


class Delivery(models.Model):
    """One notification sent by one channel: its state, attempts and last error."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    #: Goes in the day's digest mail rather than a mail of its own.
    in_digest = models.BooleanField(_("in the digest"), default=False)
    #: Not before this moment: quiet hours, the digest's time, the next retry.
    not_before = models.DateTimeField(_("not before"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_a_channel"),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="delivery_channel_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["channel", "not_before"],
                condition=models.Q(status="pending"),
                name="delivery_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.notification_id}: {self.get_status_display()}"


class PushSubscription(models.Model):
    """A phone's Web Push subscription (the browser's endpoint and its keys)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("login"),
    )
    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(_("public key (p256dh)"), max_length=200)
    auth = models.CharField(_("auth secret"), max_length=100)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user}: {self.endpoint[:60]}"


class SchedulerLease(models.Model):
    """Which scheduler process may enqueue (`manage.py run_scheduler`): one per deployment.

    A process holds the lease while it renews it before `expires_at`; another takes it
    over only once it has lapsed, so a second scheduler started by mistake (or on a second
    machine, as a standby) enqueues nothing until the first stops.
    """

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    holder = models.CharField(_("held by"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("scheduler lease")
        verbose_name_plural = _("scheduler lease")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder}"
