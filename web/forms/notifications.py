"""The notification settings page's form: the channels, the digest, and per kind of
notification a tick for mail and one for push (ticked: sent by that channel)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assignments.choices import NotificationKind
from assignments.models import NotificationSettings
from web.forms.base import PageForm, model_label


def _kinds_field(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NotificationSettingsForm(PageForm):
    email = forms.BooleanField(label=model_label(NotificationSettings, "email"), required=False)
    push = forms.BooleanField(label=model_label(NotificationSettings, "push"), required=False)
    digest = forms.BooleanField(
        label=model_label(NotificationSettings, "digest"),
        required=False,
        help_text=_("The day's reminders in one mail in the morning rather than one mail each."),
    )
    email_kinds = _kinds_field(_("Sent by email"))
    push_kinds = _kinds_field(_("Sent by push"))

    @classmethod
    def initial_from(cls, row: NotificationSettings) -> dict[str, Any]:
        return {
            "email": row.email,
            "push": row.push,
            "digest": row.digest,
            "email_kinds": [k for k in NotificationKind.values if k not in row.email_off],
            "push_kinds": [k for k in NotificationKind.values if k not in row.push_off],
        }

    def service_arguments(self) -> dict[str, Any]:
        """What `preferences.update_settings` takes: the kinds not ticked are turned off."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "push": data["push"],
            "digest": data["digest"],
            "email_off": [k for k in NotificationKind.values if k not in data["email_kinds"]],
            "push_off": [k for k in NotificationKind.values if k not in data["push_kinds"]],
        }

    def kind_rows(self) -> list[dict[str, Any]]:
        """A row per kind, with its two ticks as the form holds them (posted or saved)."""
        email = {str(v) for v in self["email_kinds"].value() or []}
        push = {str(v) for v in self["push_kinds"].value() or []}
        return [
            {"value": value, "label": label, "email": value in email, "push": value in push}
            for value, label in NotificationKind.choices
        ]
