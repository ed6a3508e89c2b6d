"""Helpers of the schema fuzzing: real ids for path parameters, and the run's figures."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from schemathesis import Case

from assignments import services
from assignments.models import Target
from tests.conftest import Cast

#: The user property each fuzz test records its figures under (read by conftest.py): the
#: schema fuzzing's (test_fuzz_schema.py) and the form fuzzing's (test_fuzz_forms.py).
PROPERTY = "schema_fuzzing"
FORM_PROPERTY = "form_fuzzing"

_RESOURCE = re.compile(r"^/api/v1/(?P<resource>[a-z]+)/")


@dataclass
class FuzzTally:
    """What one test sent: the operation and how many generated requests."""

    operation: str = ""
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, case: Case, status: int) -> None:
        self.tally(f"{case.operation.method.upper()} {case.operation.path}", status)

    def tally(self, operation: str, status: int) -> None:
        self.operation = operation
        self.cases += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


def known_ids(cast: Cast) -> dict[str, dict[str, int]]:
    """Ids of real rows, by resource, for the path parameters: most requests then reach a
    task or a ward that exists, rather than a 404 on an id nobody has."""
    task = services.task_start(task=cast.task, actor=cast.owner.user)  # most actions need it started
    target, _ = Target.objects.get_or_create(
        code="CT-01",
        defaults={
            "name": "Hồ sơ giải quyết đúng hạn",
            "unit": "%",
            "target_value": 99,
            "deadline": dt.date(2026, 12, 31),
        },
    )
    first_step = task.steps.order_by("order").first()
    return {
        "tasks": {"id": task.pk, "task_id": task.pk, "step_id": first_step.pk},
        "wards": {"id": cast.ward.pk},
        "members": {"id": cast.group_member.pk},
        "groups": {"id": cast.group.pk},
        "processes": {"id": task.process_id},
        "targets": {"id": target.pk},
    }


def use_known_ids(case: Case, ids: dict[str, dict[str, int]]) -> None:
    """Point generated integer ids at a real row, so the request reaches the view's work;
    leave every other value (text, floats: they test the URL patterns) as generated."""
    match = _RESOURCE.match(case.operation.path)
    if match is None or not case.path_parameters:
        return
    known = ids.get(match["resource"], {})
    for name, value in list(case.path_parameters.items()):
        if name in known and isinstance(value, int) and not isinstance(value, bool):
            case.path_parameters[name] = known[name]


def summarize(properties: list[tuple[str, Any]], kind: str = PROPERTY) -> dict[str, Any]:
    """The figures recorded by every fuzz test of one kind in the run, added up."""
    operations: set[str] = set()
    cases = 0
    runs = 0
    statuses: dict[int, int] = {}
    for name, value in properties:
        if name != kind:
            continue
        runs += 1
        operations.add(value["operation"])
        cases += value["cases"]
        for status, count in value["statuses"].items():
            statuses[int(status)] = statuses.get(int(status), 0) + count
    return {
        "operations": len(operations),
        "runs": runs,
        "cases": cases,
        "statuses": dict(sorted(statuses.items())),
    }


#: Each kind of fuzzing: its user property, the test file it runs in, its heading, and
#: what one of its runs is called.
FUZZ_KINDS = [
    (PROPERTY, "test_fuzz_schema", "schema fuzzing (schemathesis)", "operations", "operation-role runs"),
    (FORM_PROPERTY, "test_fuzz_forms", "form fuzzing (Hypothesis)", "forms and lists", "runs"),
]


def write_summaries(terminalreporter: Any) -> None:
    """The figures of each kind of fuzzing the run did, at the end of pytest's output."""
    for kind, test_file, heading, operations, runs in FUZZ_KINDS:
        properties = []
        failures = 0
        for reports in terminalreporter.stats.values():
            for report in reports:
                recorded = [p for p in getattr(report, "user_properties", ()) if p[0] == kind]
                if getattr(report, "when", None) == "teardown":
                    properties.extend(recorded)
                if getattr(report, "failed", False) and test_file in getattr(report, "nodeid", ""):
                    failures += 1
        if not properties and not failures:
            continue
        figures = summarize(properties, kind)
        terminalreporter.write_sep("-", heading)
        terminalreporter.write_line(
            f"{figures['operations']} {operations}, {figures['runs']} {runs}, "
            f"{figures['cases']} generated requests, {failures} failures"
        )
        answers = ", ".join(f"{status}: {count}" for status, count in figures["statuses"].items())
        terminalreporter.write_line(f"answers by status: {answers}")
