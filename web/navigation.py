"""Where each user lands and what the menu offers them: only pages they may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assignments import policies, roles
from assignments.roles import AnyUser


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    current: bool = False


def group_label(number: int) -> str:
    return _("Group %(number)s") % {"number": number}


def landing_url(user: AnyUser) -> str:
    """Leaders: their group's board; Standing Committee and office: the dashboard;
    everyone else: their tasks."""
    member = roles.member_of(user)
    if member is not None:
        led = member.led_groups.order_by("number").values_list("number", flat=True).first()
        if led is not None:
            return reverse("web:board", args=[led])
    if roles.reads_everything(user):
        return reverse("web:dashboard")
    return reverse("web:my-tasks")


def nav_items(user: AnyUser, path: str = "") -> list[NavItem]:
    """The menu; the item whose address is the longest start of `path` is the current page."""
    if not user.is_authenticated:
        return []
    items = _items(user)
    matches = [i for i in items if path.startswith(i.url)]
    if not matches:
        return items
    current = max(matches, key=lambda i: len(i.url))
    return [NavItem(i.label, i.url, current=i is current) for i in items]


def _items(user: AnyUser) -> list[NavItem]:
    items = []
    member = roles.member_of(user)
    if member is not None:
        items.append(NavItem(_("My tasks"), reverse("web:my-tasks")))
    if roles.reads_everything(user):
        led = list(member.led_groups.order_by("number").values_list("number", flat=True)) if member else []
        items += [NavItem(group_label(n), reverse("web:board", args=[n])) for n in led]
        items.append(NavItem(_("All groups"), reverse("web:groups")))
        leads = True
    else:
        # With each group its leader: whether the user leads one costs no query of its own.
        groups = list(policies.groups_visible_to(user).order_by("number").values_list("number", "leader_id"))
        items += [NavItem(group_label(n), reverse("web:board", args=[n])) for n, _leader in groups]
        leads = member is not None and any(leader == member.pk for _n, leader in groups)
    if leads:
        items.append(NavItem(_("Overdue, not explained"), reverse("web:overdue")))
    # The documents one of whose tasks they read: a member, or who reads every task.
    if member is not None or roles.reads_everything(user):
        items.append(NavItem(_("Documents"), reverse("web:documents")))
    items.append(NavItem(_("Summary"), reverse("web:dashboard")))
    items.append(NavItem(_("My devices"), reverse("web:devices")))
    if roles.is_staff(user):
        items.append(NavItem(_("Administration"), reverse("admin:index")))
    return items
