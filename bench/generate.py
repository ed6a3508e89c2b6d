"""Fill a PostgreSQL database with N tasks, fast: `python -m bench.generate --tasks 1000000`.

The organisation is the demo committee's (`assignments.demo.seed`: wards, logins,
members, the 12 groups, processes, term targets). The tasks, with their steps,
outcome, measurements, coordinators, notes and events, are written with COPY, in the
shapes the services would have left them:

- due dates spread over the five years before today and the six months after;
  older tasks mostly done, recent ones mostly open, a few cancelled;
- done tasks completed early, on the day or late; `completed_at` set iff done and equal
  to the accepted submission's time; every step completed and a measurement recorded
  before a submission;
- `due_date >= start_date`, `due_date >= original_due_date` (extended tasks keep the
  first one and have an `extended` event);
- one event per change, in time order, none in the future; `version` = number of events,
  `updated_at` = the latest event's time; `Outcome.actual` = the latest measurement;
- `search_text` folded from the title, description, owner's and ward's names, as
  `Task.search_text_for` makes it (the trigram index is built after the load).

The secondary indexes are dropped during the load and built afterwards, foreign keys
are not checked row by row (session_replication_role) but verified in one query each
at the end, and the tables are vacuumed and analysed, as a restored dump would be.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: Tasks written per round of COPY statements.
CHUNK = 5000

TABLES = (
    "assignments_task",
    "assignments_taskstep",
    "assignments_outcome",
    "assignments_measurement",
    "assignments_task_coordinators",
    "assignments_note",
    "assignments_event",
)

#: How many tasks each of the 12 groups gets, relatively: groups differ in size.
GROUP_WEIGHTS = (1.6, 1.4, 1.25, 1.1, 1.0, 1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6)
PRIORITIES = (("low", 10), ("normal", 60), ("high", 22), ("urgent", 8))
OPEN_STATUSES = (("assigned", 20), ("in_progress", 55), ("paused", 10), ("submitted", 15))
#: (done, cancelled) shares by how far the due date is from today (days, upper bound excluded).
DONE_SHARES = ((-30, 0.88, 0.04), (0, 0.62, 0.03), (31, 0.25, 0.02), (10**6, 0.05, 0.02))

PAST_DAYS = 5 * 365
FUTURE_DAYS = 180
MINUTE = 1
HOUR = 60 * MINUTE
DAY = 24 * HOUR
#: Office hours in Hanoi (UTC+7), 08:00 to 17:00, in UTC minutes of the same date.
WORK_START, WORK_END = 1 * HOUR, 10 * HOUR


def escape(text: str) -> str:
    """A value for COPY's text format."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def jtext(value: Any) -> str:
    return escape(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))


NULL = "\\N"


# --------------------------------------------------------------------------- the organisation


@dataclass
class GroupInfo:
    id: int
    leader_user: int
    members: list[int]  # ordinary members (not the leader)
    leader: int
    wards: list[int]
    old_wards: list[int]  # including the wards retired since


@dataclass
class Org:
    groups: list[GroupInfo]
    member_user: dict[int, int]
    member_brief: dict[int, str]  # JSON, escaped for COPY
    member_name: dict[int, str]
    ward_name: dict[int, str]
    office_user: int
    processes: dict[str, tuple[int, list[tuple[int, str, int]]]]  # key -> (id, [(order, name, days)])
    targets: dict[str, int]
    templates: list[Any] = field(default_factory=list)


def build_org() -> Org:
    """The demo committee, written by the demo seed (no tasks), read back as ids."""
    from django.contrib.auth import get_user_model

    from assignments.demo import seed as demo_seed
    from assignments.demo.org import RETIRED_BEFORE
    from assignments.demo.processes import PROCESSES
    from assignments.models import Group, Member, Process, Target, Ward

    demo_seed.seed(password=os.environ.get("BENCH_PASSWORD", demo_seed.DEFAULT_PASSWORD), plans=[])
    members = {m.pk: m for m in Member.objects.select_related("user")}
    groups = []
    for group in Group.objects.prefetch_related("members", "wards").order_by("number"):
        wards = list(group.wards.all())
        groups.append(
            GroupInfo(
                id=group.pk,
                leader_user=members[group.leader_id].user_id,
                leader=group.leader_id,
                members=[m.pk for m in group.members.all() if m.pk != group.leader_id and m.active],
                wards=[w.pk for w in wards if w.active],
                old_wards=[w.pk for w in wards],
            )
        )
    assert RETIRED_BEFORE  # retired wards appear only on tasks due before it (see _ward)
    processes = {}
    by_name = {p.name: p for p in Process.objects.prefetch_related("steps")}
    for key, spec in PROCESSES.items():
        process = by_name[spec.name]
        processes[key] = (process.pk, [(s.order, s.name, s.expected_days) for s in process.steps.all()])
    office = get_user_model().objects.get(username=demo_seed.OFFICE_USERNAME)
    return Org(
        groups=groups,
        member_user={pk: m.user_id for pk, m in members.items()},
        member_brief={pk: jtext({"id": pk, "name": m.full_name}) for pk, m in members.items()},
        member_name={pk: m.full_name for pk, m in members.items()},
        ward_name={w.pk: w.name for w in Ward.objects.all()},
        office_user=office.pk,
        processes=processes,
        targets=dict(Target.objects.values_list("code", "pk")),
    )


# --------------------------------------------------------------------------- time


class Clock:
    """Minutes since the epoch (UTC) and their text for COPY, with a cache of day strings."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = int(now.timestamp()) // 60
        self.today = (now + dt.timedelta(hours=7)).date()
        self._days: dict[int, str] = {}
        self._epoch = dt.date(1970, 1, 1)

    def day_of(self, date: dt.date) -> int:
        return (date - self._epoch).days

    def date_text(self, day: int) -> str:
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = (self._epoch + dt.timedelta(days=day)).isoformat()
        return text

    def stamp(self, minute: int) -> str:
        day, rest = divmod(minute, DAY)
        return f"{self.date_text(day)} {rest // 60:02d}:{rest % 60:02d}:00+00"

    def local_day(self, minute: int) -> int:
        return (minute + 7 * HOUR) // DAY


# --------------------------------------------------------------------------- one task


@dataclass
class Ids:
    task: int = 0
    step: int = 0
    outcome: int = 0
    measurement: int = 0
    coordinator: int = 0
    note: int = 0
    event: int = 0


class Writer:
    """Makes the rows of each table for a chunk of tasks, as COPY text lines."""

    def __init__(self, org: Org, clock: Clock, rng: random.Random) -> None:
        from assignments.demo import templates as words
        from assignments.text import search_document

        self.fold = search_document
        self.org = org
        self.clock = clock
        self.rng = rng
        self.ids = Ids()
        self.words = words
        self.ward_templates = words.WARD_TEMPLATES
        self.district_templates = words.DISTRICT_TEMPLATES
        self.group_cum = _cumulative(GROUP_WEIGHTS[: len(org.groups)] or (1,) * len(org.groups))
        self.priority_cum = _cumulative([w for _, w in PRIORITIES])
        self.open_cum = _cumulative([w for _, w in OPEN_STATUSES])
        self.escaped: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        self.step_names = {
            key: [(order, escape(name), jtext(name), days) for order, name, days in steps]
            for key, (_, steps) in org.processes.items()
        }
        self.retired_before = clock.day_of(dt.date(2025, 1, 1))
        self.rows: dict[str, list[str]] = {t: [] for t in TABLES}

    def search_text(self, *parts: str) -> str:
        """`Task.search_text_for`'s value (assignments.text.search_document), for COPY
        (it holds no character to escape); each part made once: titles, names repeat."""
        document = []
        for part in parts:
            value = self.folded.get(part)
            if value is None:
                value = self.folded[part] = self.fold(part)
            document.append(value)
        return "".join(document)

    def esc(self, text: str) -> str:
        value = self.escaped.get(text)
        if value is None:
            value = self.escaped[text] = escape(text)
        return value

    def pick(self, options: list[Any]) -> Any:
        return options[int(self.rng.random() * len(options))]

    def take(self) -> dict[str, list[str]]:
        rows, self.rows = self.rows, {t: [] for t in TABLES}
        return rows

    def say(self, options: list[str]) -> str:
        return self.esc(self.pick(options))

    def task(self) -> None:
        """One task's story, told in order: its rows go to `self.rows`."""
        rng, clock, org, ids = self.rng, self.clock, self.org, self.ids
        rows = self.rows
        ids.task += 1
        task_id = ids.task

        group = org.groups[_draw(self.group_cum, rng.random())]
        today = clock.day_of(clock.today)
        due = today - PAST_DAYS + int(rng.random() * (PAST_DAYS + FUTURE_DAYS))
        if rng.random() < 0.8 and group.wards:
            template = self.pick(self.ward_templates)
            wards = group.old_wards if due < self.retired_before else group.wards
            ward = self.pick(wards)
            ward_name = org.ward_name[ward]
        else:
            template = self.pick(self.district_templates)
            ward, ward_name = None, ""
        number = 1 + int(rng.random() * 40)
        title = template.title.format(ward=ward_name, n=number)
        description = template.description.format(ward=ward_name, n=number)
        process_id, _ = org.processes[template.process]
        steps = self.step_names[template.process]
        expected = sum(s[3] for s in steps)
        start = due - expected - int(rng.random() * 45)
        priority = PRIORITIES[_draw(self.priority_cum, rng.random())][0]
        target = org.targets.get(template.target) if template.target and rng.random() < 0.6 else None
        year = clock.date_text(start)[:4]
        source = self.pick(self.words.SOURCES).format(
            year=year, quarter=1 + int(rng.random() * 4), month=1 + int(rng.random() * 12)
        )

        owner = group.leader if rng.random() < 0.08 or not group.members else self.pick(group.members)
        leader_user = group.leader_user
        assigner = org.office_user if rng.random() < 0.1 else leader_user
        previous_owner = None
        if rng.random() < 0.03 and len(group.members) > 1:
            previous_owner = self.pick([m for m in group.members if m != owner])
        coordinators: list[int] = []
        r = rng.random()
        if r < 0.45:
            others = [m for m in group.members if m not in (owner, previous_owner)]
            if others:
                coordinators = rng.sample(others, min(len(others), 1 if r < 0.35 else 2))
        owner_user = org.member_user[owner]

        # How the story ends, by how far the due date is from today.
        days_left = due - today
        done_share, cancelled_share = next((d, c) for bound, d, c in DONE_SHARES if days_left < bound)
        r = rng.random()
        if r < done_share:
            status = "done"
        elif r < done_share + cancelled_share:
            status = "cancelled"
        else:
            status = OPEN_STATUSES[_draw(self.open_cum, rng.random())][0]

        extended = rng.random() < (0.3 if status != "done" and days_left < 0 else 0.12)
        original_due = max(start, due - 7 - int(rng.random() * 40)) if extended else due
        if original_due == due:
            extended = False

        # The moments: created, then the work, then the end (submission, acceptance, cancellation).
        now = clock.now
        created = (start + min(0, int(rng.random() * 5) - 2)) * DAY + WORK_START
        created += int(rng.random() * (WORK_END - WORK_START))
        # Assigned before it starts, and never in the last two days (its story needs the time).
        created = min(created, now - 2 * DAY - int(rng.random() * 20 * DAY))
        if status == "done":
            r = rng.random()
            if r < 0.55:
                completed_day = due - 1 - int(rng.random() * 20)
            elif r < 0.75:
                completed_day = due
            else:
                completed_day = due + 1 + int(rng.random() * 30)
            completed_day = min(completed_day, today - 2)
            end_of_work = completed_day * DAY + WORK_START + int(rng.random() * (WORK_END - WORK_START))
        else:
            horizon = min(now - HOUR, (due + 20) * DAY)
            end_of_work = created + int(rng.random() * max(HOUR, horizon - created))

        n_steps = len(steps)
        if status in ("done", "submitted"):
            done_steps = n_steps
            measurements = 1 + (rng.random() < 0.4)
        elif status in ("in_progress", "paused"):
            done_steps = int(rng.random() * n_steps)
            measurements = 1 if done_steps >= 2 and rng.random() < 0.5 else 0
        elif status == "cancelled":
            done_steps = int(rng.random() * 2)
            measurements = 0
        else:  # assigned
            done_steps = 0
            measurements = 0
        started = status != "assigned" and not (
            status == "cancelled" and done_steps == 0 and rng.random() < 0.5
        )
        pause_resume = status in ("in_progress", "done", "submitted") and rng.random() < 0.08
        has_note = rng.random() < 0.15

        # The ordered events before the end of the work: (kind, actor, note, data, to_status).
        work: list[tuple[str, int, str, str, str]] = []
        current = "assigned"
        if previous_owner is not None:
            reason = self.say(self.words.REASSIGN_REASONS)
            data = (
                f'{{"from_owner": {org.member_brief[previous_owner]}, "to_owner": {org.member_brief[owner]}}}'
            )
            work.append(("reassigned", leader_user, reason, data, current))
        if started:
            current = "in_progress"
            work.append(("started", owner_user, "", "{}", current))
        step_rows = []
        step_events = []
        for index, (order, name, name_json, days) in enumerate(steps):
            ids.step += 1
            step_rows.append((ids.step, order, name, days, index < done_steps))
            if index < done_steps:
                data = f'{{"step": {{"id": {ids.step}, "order": {order}, "name": {name_json}}}}}'
                step_events.append(len(work))
                work.append(("step_completed", owner_user, "", data, current))
        if pause_resume and started:
            at = 1 + int(rng.random() * (len(work) - 1)) if len(work) > 1 else len(work)
            work.insert(at, ("resumed", owner_user, "", "{}", "in_progress"))
            work.insert(at, ("paused", owner_user, self.say(self.words.PAUSE_REASONS), "{}", "paused"))
            step_events = [i + 2 if i >= at else i for i in step_events]
        ids.outcome += 1
        outcome_id = ids.outcome
        ot = template.outcome
        baseline = _value(rng, ot.baseline, ot.decimals)
        target_value = _value(rng, ot.target, ot.decimals)
        achieve = status == "done" and rng.random() < 0.85
        measurement_rows = []
        for m in range(measurements):
            ids.measurement += 1
            last = m == measurements - 1
            value = _measured(rng, baseline, target_value, ot, achieve if last else rng.random() < 0.3)
            measurement_rows.append((ids.measurement, value, len(work)))
            work.append(("measurement_recorded", owner_user, "", "", current))
        if extended:
            at = int(rng.random() * (len(work) + 1))
            dates = clock.date_text(original_due), clock.date_text(due)
            data = f'{{"from_due_date": "{dates[0]}", "to_due_date": "{dates[1]}"}}'
            reason = self.say(self.words.EXTEND_REASONS)
            work.insert(at, ("extended", leader_user, reason, data, "?"))
            step_events = [i + 1 if i >= at else i for i in step_events]
            measurement_rows = [(a, b, i + 1 if i >= at else i) for a, b, i in measurement_rows]
        note_row = None
        if has_note:
            ids.note += 1
            author = owner_user if rng.random() < 0.6 else leader_user
            text = self.say(self.words.OWNER_NOTES if author == owner_user else self.words.LEADER_NOTES)
            at = int(rng.random() * (len(work) + 1))
            work.insert(at, ("note_added", author, text, f'{{"note": {ids.note}}}', "?"))
            step_events = [i + 1 if i >= at else i for i in step_events]
            measurement_rows = [(a, b, i + 1 if i >= at else i) for a, b, i in measurement_rows]
            note_row = (ids.note, text, author, at)

        ending: list[tuple[str, int, str, str, str]] = []
        if status in ("done", "submitted"):
            ending.append(("submitted", owner_user, self.say(self.words.SUBMIT_NOTES), "{}", "submitted"))
        if status == "done":
            ending.append(("accepted", leader_user, self.say(self.words.ACCEPT_NOTES), "{}", "done"))
        elif status == "cancelled":
            ending.append(("cancelled", leader_user, self.say(self.words.CANCEL_REASONS), "{}", "cancelled"))
        elif status == "paused":
            ending.append(("paused", owner_user, self.say(self.words.PAUSE_REASONS), "{}", "paused"))

        # Times: the work between creation and its end, the ending from there on.
        total = 1 + len(work) + len(ending)
        created = min(created, end_of_work - 2 * HOUR * total)
        times = sorted(created + 1 + int(rng.random() * (end_of_work - created - 1)) for _ in work)
        times = _increasing(times, created)
        moment = times[-1] if times else created
        end_times = []
        for kind, *_ in ending:
            if kind == "accepted":
                moment = min(now - 1, moment + HOUR + int(rng.random() * 3 * DAY))
            else:
                moment = max(moment + 1, end_of_work)
            end_times.append(moment)
        end_times = _increasing(end_times, times[-1] if times else created)
        submitted_at = end_times[0] if status in ("done", "submitted") else None
        last = end_times[-1] if end_times else (times[-1] if times else created)
        assert last < now, "an event in the future"

        # Rows. Statuses along the way: the work's status, the ending's.
        stamp = clock.stamp
        created_text = stamp(created)
        ev = rows["assignments_event"]
        ids.event += 1
        created_data = (
            f'{{"owner": {org.member_brief[previous_owner or owner]}, '
            f'"due_date": "{clock.date_text(original_due)}"}}'
        )
        ev.append(
            f"{ids.event}\tcreated\t{created_text}\t\tassigned\t\t{created_data}\t{assigner}\t{task_id}\n"
        )
        state = "assigned"
        measurement_at = {index: (mid, value) for mid, value, index in measurement_rows}
        for index, ((kind, actor, note, data, to), at) in enumerate(zip(work, times, strict=True)):
            ids.event += 1
            if to == "?":
                to = state
            if kind == "measurement_recorded":
                mid, value = measurement_at[index]
                day_text = clock.date_text(clock.local_day(at))
                data = f'{{"measurement": {mid}, "value": "{value}", "measured_on": "{day_text}"}}'
            ev.append(
                f"{ids.event}\t{kind}\t{stamp(at)}\t{state}\t{to}\t{note}\t{data}\t{actor}\t{task_id}\n"
            )
            state = to
        for (kind, actor, note, data, to), at in zip(ending, end_times, strict=True):
            ids.event += 1
            ev.append(
                f"{ids.event}\t{kind}\t{stamp(at)}\t{state}\t{to}\t{note}\t{data}\t{actor}\t{task_id}\n"
            )
            state = to
        assert state == status, (state, status)
        version = 1 + len(work) + len(ending)

        completed_at = stamp(submitted_at) if status == "done" and submitted_at is not None else NULL
        submitted_text = stamp(submitted_at) if submitted_at is not None else NULL
        rows["assignments_task"].append(
            f"{task_id}\t{self.esc(title)}\t{self.esc(description)}\t{self.esc(source)}\t{priority}\t"
            f"{clock.date_text(start)}\t{clock.date_text(due)}\t{clock.date_text(original_due)}\t{status}\t"
            f"{submitted_text}\t{completed_at}\t{version}\t{created_text}\t{stamp(last)}\t{assigner}\t"
            f"{group.id}\t{owner}\t{process_id}\t{target if target else NULL}\t{ward if ward else NULL}\t"
            f"{self.search_text(title, description, org.member_name[owner], ward_name)}\t\n"
        )
        step_times = {i: times[e] for i, e in enumerate(step_events)}
        st = rows["assignments_taskstep"]
        for index, (sid, order, name, days, done) in enumerate(step_rows):
            if done:
                st.append(
                    f"{sid}\t{order}\t{name}\t{days}\t{stamp(step_times[index])}\t\t{owner_user}\t{task_id}\n"
                )
            else:
                st.append(f"{sid}\t{order}\t{name}\t{days}\t{NULL}\t\t{NULL}\t{task_id}\n")
        actual = measurement_rows[-1][1] if measurement_rows else NULL
        rows["assignments_outcome"].append(
            f"{outcome_id}\t{self.esc(ot.indicator)}\t{self.esc(ot.unit)}\t{baseline}\t{target_value}\t"
            f"{ot.direction}\t{actual}\t{task_id}\n"
        )
        me = rows["assignments_measurement"]
        for mid, value, index in measurement_rows:
            at = times[index]
            evidence = self.say(self.words.EVIDENCE)
            me.append(
                f"{mid}\t{value}\t{clock.date_text(clock.local_day(at))}\t{evidence}\t{stamp(at)}\t"
                f"{owner_user}\t{outcome_id}\n"
            )
        co = rows["assignments_task_coordinators"]
        for member in coordinators:
            ids.coordinator += 1
            co.append(f"{ids.coordinator}\t{task_id}\t{member}\n")
        if note_row is not None:
            nid, text, author, index = note_row
            rows["assignments_note"].append(
                f"{nid}\tnote\t{text}\t{stamp(times[index])}\t{author}\t{task_id}\n"
            )


def _cumulative(weights: Any) -> list[float]:
    total = float(sum(weights))
    out, running = [], 0.0
    for w in weights:
        running += w / total
        out.append(running)
    out[-1] = 1.0
    return out


def _draw(cumulative: list[float], r: float) -> int:
    for index, bound in enumerate(cumulative):
        if r < bound:
            return index
    return len(cumulative) - 1


def _increasing(times: list[int], after: int) -> list[int]:
    """Strictly later than `after` and than each other (a minute apart at least)."""
    out = []
    previous = after
    for t in times:
        previous = max(t, previous + 1)
        out.append(previous)
    return out


def _value(rng: random.Random, bounds: tuple[float, float], decimals: int) -> Decimal:
    low, high = bounds
    return Decimal(str(round(low + rng.random() * (high - low), decimals))).quantize(Decimal("0.01"))


def _measured(rng: random.Random, baseline: Decimal, target: Decimal, ot: Any, achieved: bool) -> Decimal:
    """A value that reaches the target (or falls short of it), in the outcome's direction."""
    increase = ot.direction == "increase"
    span = abs(target - baseline) or Decimal(1)
    step = Decimal(str(round(rng.random(), 2))) * span / 4
    if achieved:
        value = target + step if increase else target - step
        if ot.ceiling is not None:
            value = min(value, Decimal(str(ot.ceiling)))
        value = max(value, target) if increase else min(value, target)
    else:
        value = target - span / 4 - step if increase else target + span / 4 + step
    return max(value, Decimal(0)).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------- the load


def _secondary_indexes(cursor: Any) -> list[tuple[str, str]]:
    """(name, definition) of the indexes that back no constraint, on the loaded tables."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.indexname
        """,
        [list(TABLES)],
    )
    return cursor.fetchall()


def _check_foreign_keys(cursor: Any) -> None:
    """Each foreign key of the loaded tables, checked in one anti-join (rows were not)."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
        """,
        [list(TABLES)],
    )
    for table, column, parent, parent_column in cursor.fetchall():
        cursor.execute(
            f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM {parent} p WHERE p."{parent_column}" = t."{column}")'
        )
        orphans = cursor.fetchone()[0]
        if orphans:
            raise SystemExit(f"{orphans} rows of {table}.{column} point at no {parent}")


def load(tasks: int, *, seed: int = 2026, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write `tasks` tasks into the current (empty) database. Returns the row counts."""
    from django.db import connection

    from assignments import clock as domain_clock
    from assignments.models import Task

    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark data is written with PostgreSQL's COPY: set DATABASE_URL.")
    if Task.objects.exists():
        raise SystemExit("The database already has tasks; the generator fills an empty one.")
    org = build_org()
    writer = Writer(org, Clock(domain_clock.now()), random.Random(seed))
    columns = {
        "assignments_task": "id, title, description, source, priority, start_date, due_date, "
        "original_due_date, status, submitted_at, completed_at, version, created_at, updated_at, "
        "assigned_by_id, group_id, owner_id, process_id, target_id, ward_id, search_text, explanation",
        "assignments_taskstep": (
            'id, "order", name, expected_days, completed_at, note, completed_by_id, task_id'
        ),
        "assignments_outcome": "id, indicator, unit, baseline, target, direction, actual, task_id",
        "assignments_measurement": "id, value, measured_on, note, recorded_at, recorded_by_id, outcome_id",
        "assignments_task_coordinators": "id, task_id, member_id",
        "assignments_note": "id, kind, text, created_at, author_id, task_id",
        "assignments_event": "id, kind, at, from_status, to_status, note, data, actor_id, task_id",
    }
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        indexes = _secondary_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        raw = cursor.cursor  # psycopg's own cursor: COPY FROM STDIN
        written = 0
        while written < tasks:
            n = min(CHUNK, tasks - written)
            for _ in range(n):
                writer.task()
            for table, lines in writer.take().items():
                if lines:
                    with raw.copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                        copy.write("".join(lines))
            written += n
            if progress:
                progress(n)
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET session_replication_role = DEFAULT")
        _check_foreign_keys(cursor)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
            )
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table.removeprefix("assignments_")] = cursor.fetchone()[0]
    # VACUUM cannot run in a transaction: autocommit is Django's default outside atomic().
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return counts


# --------------------------------------------------------------------------- the command


def setup_django(database: str) -> None:
    from bench.database import database_url

    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def ensure(tasks: int, database: str, *, force: bool = False, seed: int = 2026) -> None:
    """Make `database` hold `tasks` generated tasks, reusing it when it already does."""
    from bench import database as db

    made = db.describe(database)
    if not force and made is not None and made.tasks == tasks and made.version == db.DATA_VERSION:
        print(f"{database}: {tasks:,} tasks already there (made {made.day}); kept.")
        setup_django(database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code may have new migrations (an index...)
        return
    db.recreate(database)
    setup_django(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    bar = _progress(tasks, f"{database}: writing {tasks:,} tasks")
    counts = load(tasks, seed=seed, progress=bar.update)
    bar.close()
    from assignments import clock

    db.mark(database, tasks=tasks, day=clock.today().isoformat())
    elapsed = time.monotonic() - started
    print(f"{database}: {_counts_text(counts)} in {elapsed:.0f} s.")


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


def _progress(total: int, label: str) -> Any:
    try:
        from tqdm import tqdm
    except ImportError:  # the bench extra is not installed: a plain line per chunk
        return _Line(total, label)
    return tqdm(total=total, desc=label, unit=" tasks", unit_scale=True, file=sys.stderr, mininterval=1)


class _Line:
    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = total, label, 0

    def update(self, n: int) -> None:
        self.done += n
        print(f"\r{self.label}: {self.done:,}/{self.total:,}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        print(file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    from bench.database import default_name

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, required=True, help="how many tasks (e.g. 100000, 1000000)")
    parser.add_argument("--database", help="database name (default: tf_bench_100k, tf_bench_1m...)")
    parser.add_argument("--force", action="store_true", help="write the data again even if it is there")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    args = parser.parse_args(argv)
    ensure(args.tasks, args.database or default_name(args.tasks), force=args.force, seed=args.seed)


if __name__ == "__main__":
    main()
