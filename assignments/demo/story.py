"""One task's story: its content, then the actions that lead it to its scenario's end.

Plain Python, no database. Every random number is drawn from the plan's generator in a
fixed order (assignments/demo/plan.py), so the same seed tells the same stories.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assignments.choices import CLOSED_STATUSES, Priority, Status
from assignments.choices import DeadlineStatus as DS

from . import org
from .content import measured_value, outcome_number, source_of, ward_code, ward_names
from .processes import PROCESSES
from .targets import TERM_END
from .templates import (
    ACCEPT_NOTES,
    CANCEL_REASONS,
    COORDINATOR_NOTES,
    DELAY_REASONS,
    DISTRICT_TEMPLATES,
    EVIDENCE,
    EXTEND_REASONS,
    LEADER_NOTES,
    OFFICE_NOTES,
    OVERDUE_NOTES,
    OWNER_NOTES,
    PAUSE_REASONS,
    REASSIGN_REASONS,
    RESUME_NOTES,
    RETURN_REASONS,
    SUBMIT_NOTES,
    WARD_TEMPLATES,
    OutcomeTemplate,
    TaskTemplate,
)
from .timeline import FIRST_DAY, LAST_DAY, day_between, days, final_due, office_moments, start_day

#: Share of tasks whose deadline was extended once, by how they end.
EXTENDED_SHARE = {DS.DONE_LATE: 0.35, DS.OPEN_OVERDUE: 0.3, DS.CANCELLED: 0.1}
DEFAULT_EXTENDED_SHARE = 0.12

# Actors are roles, resolved when the action runs: the owner may have changed by then.
OWNER, LEADER, OFFICE, COORDINATOR = "owner", "leader", "office", "coordinator"
#: The Standing Committee's voice in the stories: the district's secretary.
STANDING = "standing"

#: Directions (ý kiến chỉ đạo) of the Standing Committee, picked by task number.
DIRECTIONS = (
    "Đề nghị tổ tập trung giải quyết dứt điểm, báo cáo Thường trực kết quả.",
    "Phối hợp chặt chẽ với UBND phường; vướng mắc báo cáo ngay để Thường trực cho ý kiến.",
    "Ưu tiên các trường hợp tồn đọng lâu; công khai kết quả tại khu dân cư.",
    "Bảo đảm tiến độ, không để quá hạn; tổ trưởng trực tiếp theo dõi.",
)
NOTES_BY_ROLE = {
    OWNER: OWNER_NOTES,
    LEADER: LEADER_NOTES,
    COORDINATOR: COORDINATOR_NOTES,
    OFFICE: OFFICE_NOTES,
}


@dataclass
class Action:
    day: dt.date
    kind: str
    actor: str
    args: dict[str, Any] = field(default_factory=dict)
    at: dt.datetime | None = None


@dataclass
class TaskPlan:
    number: int
    title: str
    description: str
    source: str
    priority: str
    group: int
    ward: str | None
    owner: str
    coordinators: list[str]
    process: str
    target: str | None
    start_date: dt.date
    due_date: dt.date
    outcome: dict[str, Any]
    creator: str
    created_at: dt.datetime
    actions: list[Action]
    # What the story ends in, as of DEMO_TODAY (for the tests and the summary).
    status: Status
    deadline_status: DS
    final_due_date: dt.date
    # The outcome as assigned, when a later action corrects it (else the same as `outcome`).
    outcome_as_assigned: dict[str, Any] | None = None


class Story:
    """Writes one task's plan: its content, then the actions that lead to its scenario."""

    def __init__(
        self, rng: random.Random, number: int, ds: DS, status: Status, members: dict[int, list[str]]
    ) -> None:
        self.rng = rng
        self.number = number
        self.ds = ds
        self.status = status
        self.group = number % 12 + 1  # the shuffle already mixed the scenarios
        self.members = members[self.group]
        self.actions: list[Action] = []
        self.due = final_due(rng, ds)
        extended = rng.random() < EXTENDED_SHARE.get(ds, DEFAULT_EXTENDED_SHARE)
        self.original_due = self.due - days(rng.choice([7, 10, 14, 15, 21, 30])) if extended else self.due
        self.template: TaskTemplate = (
            rng.choice(DISTRICT_TEMPLATES) if rng.random() < 0.08 else rng.choice(WARD_TEMPLATES)
        )
        self.process = PROCESSES[self.template.process]
        self.step_days = [expected for _, expected in self.process.steps]
        self.start = start_day(
            rng, expected_days=self.process.expected_days, original_due=self.original_due, status=status
        )
        self.priority: str = rng.choices(list(Priority), weights=[8, 60, 25, 7])[0]
        self.ward = ward_code(
            rng, self.template, group=self.group, start=self.start, due=self.due, status=status
        )
        self.owner = rng.choice(self.members)
        others = [m for m in self.members if m != self.owner]
        self.coordinators = rng.sample(others, rng.choices([0, 1, 2], weights=[40, 45, 15])[0])
        outcome = self.template.outcome
        self.baseline = outcome_number(rng, outcome.baseline, outcome.decimals)
        self.target = outcome_number(rng, outcome.target, outcome.decimals)

    # ------------------------------------------------------------------ content

    def _outcome(self) -> dict[str, Any]:
        t: OutcomeTemplate = self.template.outcome
        return {
            "indicator": t.indicator,
            "unit": t.unit,
            "baseline": self.baseline,
            "target": self.target,
            "direction": t.direction,
        }

    # ------------------------------------------------------------------ actions

    def add(self, day: dt.date, kind: str, actor: str, **args: Any) -> Action:
        action = Action(day, kind, actor, args)
        self.actions.append(action)
        return action

    def _measure(self, *, achieved: bool, final: bool) -> Action:
        low, high = (1.0, 1.2) if achieved else ((0.5, 0.95) if final else (0.3, 0.7))
        value = measured_value(
            self.rng, self.template.outcome, self.baseline, self.target, achieved=achieved, low=low, high=high
        )
        evidence = self.rng.choice(EVIDENCE)
        # Day and date measured are set when the action is placed in time.
        return Action(FIRST_DAY, "measure", OWNER, {"value": value, "note": evidence})

    def _work(
        self,
        steps: int,
        first: dt.date,
        last: dt.date,
        *,
        measures: list[Action],
        closing: Sequence[Action] = (),
        may_pause: bool = True,
    ) -> None:
        """Start, complete `steps` steps and record `measures`, spread over [first, last].

        Each item takes time in proportion to its step's expected days, so a long step
        leaves a gap; `closing` items (submit, pause...) end the stretch on `last`.
        """
        rng = self.rng
        items: list[tuple[float, Action]] = [(rng.uniform(0, 2), Action(FIRST_DAY, "start", OWNER))]
        for order in range(1, steps + 1):
            weight = self.step_days[order - 1] * rng.uniform(0.6, 1.4)
            items.append((weight, Action(FIRST_DAY, "step", OWNER)))
        if measures:
            middle = 1 + max(1, steps // 2) if len(measures) > 1 else len(items)
            items.insert(min(middle, len(items)), (1.0, measures[0]))
            items.extend((1.0, m) for m in measures[1:])
        optional: list[list[tuple[float, Action]]] = []
        if may_pause and steps >= 2 and rng.random() < 0.12:
            reason = rng.choice(PAUSE_REASONS)
            who = rng.choice([OWNER, LEADER])
            optional.append(
                [
                    (0.5, Action(FIRST_DAY, "pause", who, {"note": reason})),
                    (
                        rng.randint(3, 12),
                        Action(FIRST_DAY, "resume", who, {"note": rng.choice(RESUME_NOTES)}),
                    ),
                ]
            )
        if steps >= 1 and rng.random() < 0.10:
            new_owner = rng.choice([m for m in self.members if m != self.owner])
            reason = rng.choice(REASSIGN_REASONS)
            who = rng.choice([LEADER, LEADER, OFFICE])
            optional.append(
                [(1.0, Action(FIRST_DAY, "reassign", who, {"owner": new_owner, "reason": reason}))]
            )
        if self.due != self.original_due:
            reason = rng.choice(EXTEND_REASONS)
            who = rng.choice([LEADER, LEADER, OFFICE])
            extend = Action(FIRST_DAY, "extend", who, {"due_date": self.due, "reason": reason})
            items.insert(1, (0.5, extend))  # early on: a deadline is moved before it passes
        if self.priority in (Priority.LOW, Priority.NORMAL) and rng.random() < 0.05:
            optional.append([(0.5, Action(FIRST_DAY, "edit", LEADER, {"priority": Priority.HIGH}))])
        for group in optional:
            at = rng.randint(1, len(items))  # never before the start
            items[at:at] = group
        items.extend((0.0, a) for a in closing)
        self._spread(items, first, last)

    def _spread(self, items: list[tuple[float, Action]], first: dt.date, last: dt.date) -> None:
        span = max(0, (last - first).days)
        total = sum(w for w, _ in items) or 1.0
        cumulative = 0.0
        for weight, action in items:
            cumulative += weight
            action.day = first + days(round(cumulative / total * span))
            if action.kind == "measure":
                action.args["measured_on"] = max(first, action.day - days(self.rng.randint(0, 2)))
            self.actions.append(action)

    def _return_cycle(self, first_submit: dt.date, final_submit: dt.date, *, achieved: bool) -> None:
        """A first submission sent back for rework, corrected and submitted again."""
        rng = self.rng
        returned = min(first_submit + days(rng.randint(1, 2)), final_submit)
        self.add(returned, "return", rng.choice([LEADER, LEADER, OFFICE]), note=rng.choice(RETURN_REASONS))
        measure = self._measure(achieved=achieved, final=True)
        measure.day = day_between(rng, returned, final_submit)
        measure.args["measured_on"] = measure.day
        self.actions.append(measure)
        self.add(final_submit, "submit", OWNER, note=rng.choice(SUBMIT_NOTES))

    def _submission(self, first: dt.date, submit: dt.date, *, achieved: bool) -> None:
        """All steps, the measurements, and the submission on `submit` (maybe returned once)."""
        rng = self.rng
        steps = len(self.step_days)
        returned = (submit - first).days >= 12 and rng.random() < 0.15
        measures = [self._measure(achieved=False, final=False)] if rng.random() < 0.4 else []
        # A returned first submission fell short; the corrected one has the final value.
        measures.append(self._measure(achieved=achieved and not returned, final=True))
        first_submit = submit - days(rng.randint(3, 8)) if returned else submit
        closing = [Action(FIRST_DAY, "submit", OWNER, {"note": rng.choice(SUBMIT_NOTES)})]
        self._work(steps, first, first_submit, measures=measures, closing=closing)
        if returned:
            self._return_cycle(first_submit, submit, achieved=achieved)

    def _done(self) -> dt.date:
        rng, due = self.rng, self.due
        if self.ds == DS.DONE_ON_TIME:
            submit = due
        elif self.ds == DS.DONE_LATE:
            submit = due + days(rng.randint(1, min(25, (LAST_DAY - days(1) - due).days)))
        elif due > LAST_DAY:
            submit = day_between(
                rng, self.start + days((LAST_DAY - self.start).days * 2 // 3), LAST_DAY - days(1)
            )
        elif due != self.original_due:
            submit = day_between(rng, self.original_due + days(1), due - days(1))
        else:
            submit = due - days(rng.randint(1, max(1, min(20, (due - self.start).days // 3))))
        self._submission(self.start, submit, achieved=rng.random() < 0.8)
        accepted = min(submit + days(rng.choice([0, 0, 1, 1, 2, 3, 5])), LAST_DAY)
        self.add(accepted, "accept", rng.choice([LEADER] * 6 + [OFFICE]), note=rng.choice(ACCEPT_NOTES))
        return accepted

    def _cancelled(self) -> dt.date:
        rng = self.rng
        cancel = day_between(rng, self.start + days(3), min(self.due + days(20), LAST_DAY))
        before = rng.choice([Status.ASSIGNED] * 4 + [Status.IN_PROGRESS] * 4 + [Status.PAUSED] * 2)
        self._until(before, self.start, cancel - days(1))
        self.add(cancel, "cancel", rng.choice([LEADER] * 4 + [OFFICE]), note=rng.choice(CANCEL_REASONS))
        return cancel

    def _until(self, status: Status, first: dt.date, last: dt.date) -> None:
        """Actions that leave an open task in `status` by `last`."""
        rng = self.rng
        last = max(first, last)
        steps = len(self.step_days)
        if status == Status.ASSIGNED:
            if self.due != self.original_due:
                extend = {"due_date": self.due, "reason": rng.choice(EXTEND_REASONS)}
                self.add(day_between(rng, first, last), "extend", LEADER, **extend)
        elif status == Status.SUBMITTED:
            self._submission(first, last, achieved=rng.random() < 0.7)
        else:
            done = rng.randint(1 if status == Status.PAUSED else 0, steps - 1)
            measures = (
                [self._measure(achieved=False, final=False)] if done >= 2 and rng.random() < 0.5 else []
            )
            closing = []
            if status == Status.PAUSED:
                closing = [
                    Action(
                        FIRST_DAY, "pause", rng.choice([OWNER, LEADER]), {"note": rng.choice(PAUSE_REASONS)}
                    )
                ]
            self._work(
                done, first, last, measures=measures, closing=closing, may_pause=status != Status.PAUSED
            )

    def _open(self) -> dt.date:
        rng = self.rng
        last = day_between(rng, max(self.start + days(1), LAST_DAY - days(15)), LAST_DAY)
        if self.status == Status.ASSIGNED:
            last = LAST_DAY
        self._until(self.status, self.start, last)
        if self.ds == DS.OPEN_OVERDUE and rng.random() < 0.6:
            self.add(
                day_between(rng, max(last, self.due + days(1)), LAST_DAY),
                "note",
                LEADER,
                text=rng.choice(OVERDUE_NOTES),
            )
        if self.ds == DS.OPEN_OVERDUE:
            self._explanation()
        return max(a.day for a in self.actions) if self.actions else self.start

    def _explanation(self) -> None:
        """Half the overdue owners explain the delay, on the story's last day or later.
        Its own generator: the rest of the story, and the demo's figures, stay as they were."""
        rng = random.Random(f"explain-{self.number}")
        if rng.random() >= 0.5:
            return
        first = max([self.due + days(1), *(a.day for a in self.actions)])
        if first > LAST_DAY:
            return
        proposed = LAST_DAY + days(rng.randint(7, 30))
        reason = rng.choice(DELAY_REASONS)
        self.add(
            day_between(rng, first, LAST_DAY), "explain", OWNER, reason=reason, proposed_due_date=proposed
        )

    def _notes(self, last: dt.date) -> None:
        rng = self.rng
        count = rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]
        notes = []
        for _ in range(count):
            role = rng.choices([OWNER, LEADER, COORDINATOR, OFFICE], weights=[40, 30, 20, 10])[0]
            if role == COORDINATOR and not self.coordinators:
                role = LEADER
            text = rng.choice(NOTES_BY_ROLE[role])
            notes.append(Action(day_between(rng, self.start, last), "note", role, {"text": text}))
        days = [a.day for a in self.actions]
        if days != sorted(days):
            raise RuntimeError(f"task {self.number}: the story goes back in time")
        # Stable: on a shared day the story's own actions come first.
        self.actions = sorted(self.actions + notes, key=lambda a: a.day)

    def _timestamps(self) -> dt.datetime:
        """Give every action a moment in Hanoi office hours, strictly after the previous one."""
        created, moments = office_moments(self.rng, self.start, [a.day for a in self.actions])
        for action, moment in zip(self.actions, moments, strict=True):
            action.at = moment
        return created

    def _people_and_directions(
        self, created_at: dt.datetime, outcome: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Some stories also correct the outcome, set watchers, change the coordinators or
        hear a direction. Chosen by the task's number and timed a second after a moment
        already planned, they draw no random number: every other story stays as it was.
        Answers the outcome as assigned when it is corrected."""
        second = dt.timedelta(seconds=1)

        def after(index: int, action: Action) -> None:
            # Between the action at `index - 1` (or the creation) and the next one, which
            # comes at least 20 seconds later (_timestamps).
            previous = self.actions[index - 1].at if index > 0 else created_at
            assert previous is not None
            action.at = previous + second
            action.day = action.at.date()
            self.actions.insert(index, action)

        n = self.number
        if n % 7 == 0:
            direction = Action(
                FIRST_DAY, "direction", STANDING, {"text": DIRECTIONS[n // 7 % len(DIRECTIONS)]}
            )
            after(len(self.actions) // 2 + (1 if self.actions else 0), direction)
        if self.status not in CLOSED_STATUSES and n % 13 == 0:
            owner = next(
                (a.args["owner"] for a in reversed(self.actions) if a.kind == "reassign"), self.owner
            )
            current = [m for m in self.coordinators if m not in {a.args.get("owner") for a in self.actions}]
            extra = [m for m in sorted(self.members) if m != owner and m not in current]
            if extra:
                change = Action(FIRST_DAY, "coordinators", LEADER, {"coordinators": [*current, extra[0]]})
                after(len(self.actions), change)
        as_assigned = None
        if n % 23 == 0 and outcome["baseline"] is not None:
            # Assigned without its baseline; the leader adds it before anything is measured.
            after(0, Action(FIRST_DAY, "correct outcome", LEADER, {"baseline": outcome["baseline"]}))
            as_assigned = {**outcome, "baseline": None}
        if n % 11 == 0:
            watchers = Action(FIRST_DAY, "watchers", LEADER, {"watchers": [org.SECRETARY.username]})
            after(1 if as_assigned else 0, watchers)
        return as_assigned

    def plan(self) -> TaskPlan:
        rng = self.rng
        n = rng.randint(1, 30)
        ward_name = ward_names().get(self.ward or "", "")
        source = source_of(rng, self.start)
        creator = rng.choice([LEADER] * 6 + [OFFICE])
        target = self.template.target if self.due <= TERM_END and rng.random() < 0.6 else None

        if self.status == Status.DONE:
            last = self._done()
        elif self.status == Status.CANCELLED:
            last = self._cancelled()
        else:
            last = self._open()
        self._notes(last)
        created_at = self._timestamps()
        outcome = self._outcome()
        outcome_as_assigned = self._people_and_directions(created_at, outcome)
        return TaskPlan(
            number=self.number,
            title=self.template.title.format(ward=ward_name, n=n),
            description=self.template.description.format(ward=ward_name, n=n),
            source=source,
            priority=self.priority,
            group=self.group,
            ward=self.ward,
            owner=self.owner,
            coordinators=self.coordinators,
            process=self.process.key,
            target=target,
            start_date=self.start,
            due_date=self.original_due,
            outcome=outcome,
            outcome_as_assigned=outcome_as_assigned,
            creator=creator,
            created_at=created_at,
            actions=self.actions,
            status=self.status,
            deadline_status=self.ds,
            final_due_date=self.due,
        )
