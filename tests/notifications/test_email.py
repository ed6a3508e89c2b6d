"""Mail through a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, the digest, and
what happens while the server is down."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from assignments import clock
from assignments.choices import Channel, DeliveryStatus, NotificationKind
from assignments.models import Delivery, Notification
from assignments.notifications import delivery, inbox, texts
from tests.api.api_helpers import submitted
from tests.factories import make_task
from tests.notifications.conftest import parts

pytestmark = pytest.mark.django_db

LINK = "https://taskforce.example.org/tasks/{}/"


def mails_to(smtp, user) -> list:
    return [m for m, to in zip(smtp.inbox.messages, smtp.inbox.recipients, strict=True) if user.email in to]


def test_a_submitted_task_mails_the_leader_in_vietnamese_then_english_with_the_link(smtp, with_addresses):
    cast = with_addresses
    submitted(cast.task)

    done = delivery.deliver_due(clock.now())

    assert done[Channel.EMAIL] >= 1
    (mail,) = mails_to(smtp, cast.leader.user)
    notification = Notification.objects.get(recipient=cast.leader.user, kind=NotificationKind.SUBMITTED)
    sentence = {}
    for language in ("vi", "en"):
        with translation.override(language):
            sentence[language] = texts.text(notification.kind, notification.data, cast.task.title)
    plain, html = parts(mail)
    link = LINK.format(cast.task.pk)
    # Vietnamese first, then English, in the HTML and in the plain text.
    assert html.index('lang="vi"') < html.index('lang="en"')
    vi, en = plain.split("==========")
    assert sentence["vi"] in vi and link in vi
    assert sentence["en"] in en and link in en
    assert "Open the task" in en
    vi_html, en_html = html.split('lang="en"')
    assert sentence["vi"] in vi_html and link in vi_html
    assert sentence["en"] in en_html and link in en_html
    assert cast.task.title in mail["Subject"]
    assert mail["Message-ID"].startswith("<taskforce.delivery.")
    assert mail["From"] == "Taskforce <no-reply@taskforce.example.org>"
    sent = Delivery.objects.get(notification=notification, channel=Channel.EMAIL)
    assert sent.status == DeliveryStatus.SENT and sent.attempts == 1
    assert mail["Message-ID"] == f"<taskforce.delivery.{sent.pk}@taskforce.example.org>"


def test_the_digest_bundles_the_days_reminders_into_one_mail_grouped(smtp, with_addresses):
    cast = with_addresses
    soon = make_task(group=cast.group, owner=cast.owner, title="Báo cáo quý", due_date=dt.date(2026, 2, 5))
    late = make_task(
        group=cast.group, owner=cast.owner, title="Kiểm tra hồ sơ", due_date=dt.date(2026, 1, 30)
    )
    leader = cast.leader.user
    day = clock.today()
    items = [
        inbox.Item(leader.pk, soon.pk, NotificationKind.DUE_SOON, {"days": 3, "due_date": "2026-02-05"}),
        inbox.Item(leader.pk, late.pk, NotificationKind.OVERDUE, {"days": 3, "due_date": "2026-01-30"}),
        inbox.Item(
            leader.pk,
            cast.task.pk,
            NotificationKind.AWAITING_ACCEPTANCE,
            {"days": 4, "owner": "Trần Thị Chủ Trì"},
        ),
    ]
    inbox.write(items, day=day, at=clock.now())
    digest = Delivery.objects.filter(notification__recipient=leader, channel=Channel.EMAIL, in_digest=True)
    assert digest.count() == 3
    # Digest items wait for the daily run: the run for single mails leaves them.
    delivery.deliver_due(clock.now())
    assert mails_to(smtp, leader) == []

    assert delivery.send_digests(clock.now()) == 1

    (mail,) = mails_to(smtp, leader)
    plain, html = parts(mail)
    for task in (soon, late, cast.task):
        assert html.count(LINK.format(task.pk)) == 2  # once in each language
    vi, en = plain.split("==========")
    with translation.override("vi"):
        vi_heading = _("Your tasks on %(date)s") % {"date": "02/02/2026"}
    assert vi.lstrip().startswith(vi_heading)
    assert en.lstrip().startswith("Your tasks on 02/02/2026")
    # Grouped: due, overdue, waiting on the person; each item with its task's link.
    assert en.index("Due soon and today") < en.index("Overdue") < en.index("Waiting on you")
    assert en.index("Báo cáo quý") < en.index("Kiểm tra hồ sơ") < en.index(cast.task.title)
    assert (
        en.index(LINK.format(soon.pk)) < en.index(LINK.format(late.pk)) < en.index(LINK.format(cast.task.pk))
    )
    assert mail["Subject"].endswith("(3)")
    assert set(digest.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # Run again (a second scheduler, a retried job): nothing more goes out.
    assert delivery.send_digests(clock.now()) == 0
    assert len(mails_to(smtp, leader)) == 1


def test_with_the_server_down_the_mail_is_retried_then_failed_then_sent_once_when_back(smtp, with_addresses):
    cast = with_addresses
    smtp.stop()
    submitted(cast.task)
    mail = Delivery.objects.get(
        notification__recipient=cast.leader.user,
        notification__kind=NotificationKind.SUBMITTED,
        channel=Channel.EMAIL,
    )
    now = clock.now()

    delivery.deliver_due(now)

    mail.refresh_from_db()
    assert mail.status == DeliveryStatus.PENDING
    assert mail.attempts == 1
    assert "Connection refused" in mail.last_error or "ConnectionRefusedError" in mail.last_error
    assert mail.not_before == now + delivery.BACKOFF[0]
    # Not before its time: a run a moment later does not try it.
    delivery.deliver_due(now + dt.timedelta(seconds=30))
    mail.refresh_from_db()
    assert mail.attempts == 1

    for _wait in delivery.BACKOFF:
        now = mail.not_before
        delivery.deliver_due(now)
        mail.refresh_from_db()
    assert mail.status == DeliveryStatus.FAILED
    assert mail.attempts == len(delivery.BACKOFF) + 1

    smtp.start()
    assert delivery.retry_failed(now) >= 1
    delivery.deliver_due(now)
    delivery.deliver_due(now + dt.timedelta(hours=1))

    mail.refresh_from_db()
    assert mail.status == DeliveryStatus.SENT
    assert len(mails_to(smtp, cast.leader.user)) == 1


def test_a_person_without_an_address_is_skipped_not_retried(smtp, with_addresses):
    cast = with_addresses
    submitted(cast.task)
    leader = cast.leader.user
    leader.email = ""
    leader.save(update_fields=["email"])

    delivery.deliver_due(clock.now())

    mail = Delivery.objects.get(
        notification__recipient=leader, notification__kind=NotificationKind.SUBMITTED, channel=Channel.EMAIL
    )
    assert mail.status == DeliveryStatus.SKIPPED
    assert mails_to(smtp, leader) == []


def test_in_development_each_mail_is_a_file_a_newcomer_can_open(settings, tmp_path, with_addresses):
    settings.EMAIL_BACKEND = "taskforce.mail.MessageFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    cast = with_addresses
    submitted(cast.task)

    delivery.deliver_due(clock.now())

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert files
    mails = [message_from_bytes(f.read_bytes(), policy=default_policy) for f in files]
    (to_leader,) = [m for m in mails if cast.leader.user.email in m["To"]]
    plain, html = parts(to_leader)
    assert cast.task.title in plain and "<html" in html
