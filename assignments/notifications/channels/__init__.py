"""The channels a notification goes out by besides the inbox: mail and Web Push.

Each module sends one delivery (`send`), raising `delivery.SendError` to be tried again
later or `delivery.Gone` when the destination no longer exists.
"""

from __future__ import annotations

from assignments.choices import Channel
from assignments.models import Delivery


def send(delivery: Delivery) -> None:
    from assignments.notifications.channels import email, push

    if delivery.channel == Channel.EMAIL:
        email.send(delivery)
    else:
        push.send(delivery)
