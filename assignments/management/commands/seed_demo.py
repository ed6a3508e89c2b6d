"""`python manage.py seed_demo`: the Ba Đình demo committee, for local use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from assignments import clock
from assignments.choices import Status
from assignments.demo import seed
from assignments.demo.plan import build_plan
from assignments.models import Task
from assignments.text import format_date


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        # Translated when asked for: argparse needs a real string, not a lazy one.
        return _(
            "Load the Ba Đình demo committee: wards, members and logins, groups, processes, "
            "term targets and about 600 tasks moved through the services. Running it again adds nothing."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=seed.DEFAULT_PASSWORD,
            help=_("Password of every demo login (default: %(default)s)."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Load the demo even under the production settings (its logins share one known password)."),
        )
        exclusive = parser.add_mutually_exclusive_group()
        exclusive.add_argument(
            "--reset",
            action="store_true",
            help=_("First delete every task and group, and the demo's people, processes, targets and wards."),
        )
        exclusive.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing if the database already holds tasks."),
        )

    def handle(
        self, *args: Any, password: str, reset: bool, if_empty: bool, force: bool, **options: Any
    ) -> None:
        # None while a test overrides settings (Django's UserSettingsHolder).
        if (settings.SETTINGS_MODULE or "").endswith(".production") and not force:
            # The demo makes a superuser whose password is printed in the README.
            raise CommandError(
                _("Refusing to load the demo under the production settings; add --force if you mean it.")
            )
        if if_empty and Task.objects.exists():
            self.stdout.write(_("The database already holds tasks; the demo data were not loaded."))
            return
        plans = None
        if reset or not Task.objects.exists():
            plans = build_plan()
            latest = seed.latest_moment(plans)
            if clock.now() < latest:
                raise CommandError(
                    _("The demo's story runs until %(day)s, later than this machine's clock.")
                    % {"day": format_date(clock.local_date(latest))}
                )
        # One transaction: a failure leaves the database as it was.
        with transaction.atomic():
            if reset:
                seed.reset()
                self.stdout.write(_("Deleted the existing demo data."))
            report = seed.seed(password=password, plans=plans)
        if not report.tasks_added:
            self.stdout.write(_("Tasks already exist; no task was added."))
        self._summary(report, password)

    def _summary(self, report: seed.Report, password: str) -> None:
        c = report.counts
        statuses = ", ".join(
            f"{Status(value).label}: {report.statuses.get(value, 0)}" for value in Status.values
        )
        last_member = max(u for u in seed.usernames() if u.startswith("member"))
        lines = [
            _("Demo data of the Ba Đình committee:"),
            "  "
            + _(
                "%(wards)d wards (%(active)d active), %(groups)d groups, %(members)d members, "
                "%(processes)d processes"
            )
            % {
                "wards": c["wards"],
                "active": c["active_wards"],
                "groups": c["groups"],
                "members": c["members"],
                "processes": c["processes"],
            },
            "  "
            + _("%(targets)d term targets: %(achieved)d met, %(early)d of them early")
            % {"targets": c["targets"], "achieved": c["targets_achieved"], "early": c["targets_early"]},
            "  " + _("%(tasks)d tasks, %(events)d events") % {"tasks": c["tasks"], "events": c["events"]},
            "  " + statuses,
            _(
                "Logins: office (committee office, admin site), secretary, leader01 … leader12 "
                "(leaders of groups 1 … 12), member01 … %(last)s."
            )
            % {"last": last_member},
        ]
        self.stdout.write("\n".join(lines))
        self.stdout.write(
            self.style.WARNING(
                _("Password of every demo login: %(password)s (for local use only; never on a server).")
                % {"password": password}
            )
        )
