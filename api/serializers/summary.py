"""The summary report: its query parameters in, its figures out (docs/api.md, "The summary")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from api.serializers.fields import DateField
from assignments import limits
from assignments.filtersets import UNKNOWN_PARAMETER
from assignments.summaries import COUNTS, FIGURES, GROUPINGS


class SummaryQuerySerializer(serializers.Serializer):
    """`by`, the reporting period and the narrowing filters; an empty value is no value."""

    by = serializers.ChoiceField(
        choices=GROUPINGS,
        default="group",
        help_text=_(
            "One row per committee group (default), ward, owner, month of the due date or assigning document."
        ),
    )
    period_start = DateField(
        required=False, help_text=_("Tasks due on or after this date (YYYY-MM-DD); no bound if left out.")
    )
    period_end = DateField(
        required=False, help_text=_("Tasks due on or before this date (YYYY-MM-DD); no bound if left out.")
    )
    # Bounded by the largest key a row can have: a larger number never matches a row,
    # and the databases refuse it as a parameter (SQLite: OverflowError, a 500).
    group = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=limits.ID_MAX,
        help_text=_("Only the tasks of this committee group (id)."),
    )
    ward = serializers.IntegerField(
        required=False, min_value=1, max_value=limits.ID_MAX, help_text=_("Only the tasks of this ward (id).")
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # A parameter the report does not know is a 400 naming it, as on the lists
        # (api/filters.py): a misspelt `ward` would otherwise count the whole committee.
        known = {*self.fields, api_settings.URL_FORMAT_OVERRIDE}
        unknown = sorted(name for name in data if name not in known)
        if unknown:
            message = UNKNOWN_PARAMETER % {"names": ", ".join(sorted(known))}
            raise serializers.ValidationError({name: [message] for name in unknown})
        # `?period_start=&period_end=` (a form sent with blanks) means no bound.
        present = {name: data.get(name) for name in self.fields if data.get(name) not in (None, "")}
        return super().to_internal_value(present)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_end": [_("The end of the period cannot be before its start.")]}
            )
        return attrs


class FiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Tasks not cancelled."))
    done = serializers.IntegerField(help_text="done_early + done_on_time + done_late.")
    done_in_time = serializers.IntegerField(help_text="done_early + done_on_time.")
    done_early = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    open = serializers.IntegerField(help_text="open_on_track + open_due_soon + open_overdue.")
    open_on_track = serializers.IntegerField()
    open_due_soon = serializers.IntegerField()
    open_overdue = serializers.IntegerField()
    cancelled = serializers.IntegerField(help_text=_("Cancelled tasks, counted apart from the total."))
    extended = serializers.IntegerField(help_text=_("Tasks (not cancelled) whose due date was extended."))
    escalated_leader = serializers.IntegerField(
        help_text=_("Open tasks overdue past the days to explain, not explained: raised to the group leader.")
    )
    escalated_committee = serializers.IntegerField(
        help_text=_("Open tasks overdue so long they are raised to the Standing Committee.")
    )
    outcome_achieved = serializers.IntegerField(help_text=_("Done tasks whose outcome measure is achieved."))
    completion_rate = serializers.FloatField(allow_null=True, help_text="done / total; null if total is 0.")
    on_time_rate = serializers.FloatField(
        allow_null=True, help_text="done_in_time / done; null if done is 0."
    )
    overdue_rate = serializers.FloatField(
        allow_null=True, help_text="open_overdue / total; null if total is 0."
    )
    outcome_rate = serializers.FloatField(
        allow_null=True, help_text="outcome_achieved / done; null if done is 0."
    )


class RowKeySerializer(serializers.Serializer):
    """What a row counts: a group {id, name, number}, a ward {id, name, code}, an owner
    {id, name}, a month {month} or a document {id, name, code, kind} (`code` its number
    and symbol). Tasks with no ward, or no document, have the key {id: null, code: null}."""

    id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(required=False)
    number = serializers.IntegerField(required=False, help_text=_("The group's number."))
    code = serializers.CharField(required=False, allow_null=True, help_text=_("The ward's code."))
    month = serializers.CharField(required=False, help_text=_("YYYY-MM, of the due date."))
    kind = serializers.CharField(
        required=False,
        allow_null=True,
        help_text=_("The document's kind (by=document; `code` is its number)."),
    )

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # Only the fields of this grouping's key (DRF would add the others as null).
        return {
            name: None if instance[name] is None else field.to_representation(instance[name])
            for name, field in self.fields.items()
            if name in instance
        }


class SummaryRowSerializer(FiguresSerializer):
    key = RowKeySerializer()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"key": fields.pop("key"), **fields}  # the key first, as docs/api.md shows a row


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)


class TargetFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Term targets."))
    achieved = serializers.IntegerField(help_text=_("Targets met (with a date achieved)."))
    achieved_early = serializers.IntegerField(help_text=_("Targets met before their deadline."))


class SummarySerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=_("The day the deadline statuses are counted on (today)."))
    by = serializers.ChoiceField(choices=GROUPINGS)
    period = PeriodSerializer()
    totals = FiguresSerializer(help_text=_("The sums of the rows."))
    rows = SummaryRowSerializer(many=True)
    targets = TargetFiguresSerializer()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        """The document the fields above declare, written out by hand: the same keys and
        values (tests/api/test_summary.py holds it to the fields' own output), without a
        field lookup and conversion per figure of every row."""
        return {
            "as_of": _date(instance.as_of),
            "by": instance.by,
            "period": {"start": _date(instance.period.start), "end": _date(instance.period.end)},
            "totals": _figures(instance.totals),
            "rows": [{"key": _key(row["key"]), **_figures(row)} for row in instance.rows],
            "targets": {
                name: int(instance.targets[name]) for name in ("total", "achieved", "achieved_early")
            },
        }


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _figures(figures: Any) -> dict[str, Any]:
    # As FiguresSerializer: the counts as integers, the rates as floats or null.
    return {
        name: (
            int(figures[name]) if name in COUNTS else None if figures[name] is None else float(figures[name])
        )
        for name in FIGURES
    }


def _key(key: dict[str, Any]) -> dict[str, Any]:
    # As RowKeySerializer: the key's own fields, in the declared order; names as text.
    return {
        name: None if key[name] is None else (int(key[name]) if name in ("id", "number") else str(key[name]))
        for name in ("id", "name", "number", "code", "month", "kind")
        if name in key
    }
