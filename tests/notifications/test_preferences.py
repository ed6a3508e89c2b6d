"""The one place a person's channels and calendar secret change (the settings page and
`me/notification-settings/` both call it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assignments.choices import NotificationKind
from assignments.models import NotificationSettings
from assignments.notifications import preferences
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_first_change_creates_the_row_with_the_defaults_for_the_rest():
    user = UserFactory()
    row = preferences.update_settings(user, push=False)
    assert (row.email, row.push, row.digest, row.email_off, row.push_off) == (True, False, True, [], [])
    assert NotificationSettings.objects.get(user=user).push is False


def test_what_is_not_given_is_left_as_it_is():
    user = UserFactory()
    preferences.update_settings(user, email=False, email_off=[NotificationKind.DUE_SOON])
    row = preferences.update_settings(user, digest=False)
    assert (row.email, row.digest, row.email_off) == (False, False, ["due_soon"])


def test_kinds_are_kept_in_the_choices_order_once_each():
    user = UserFactory()
    row = preferences.update_settings(user, push_off=["overdue", "assigned", "overdue"], email_off=[])
    assert row.push_off == ["assigned", "overdue"]
    assert row.email_off == []


def test_an_unknown_kind_is_refused_naming_the_field_and_nothing_is_saved():
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        preferences.update_settings(user, email=False, push_off=["assigned", "lottery"])
    assert "lottery" in refused.value.message_dict["push_off"][0]
    assert not NotificationSettings.objects.filter(user=user).exists()

    preferences.update_settings(user, email=False)
    with pytest.raises(ValidationError):
        preferences.update_settings(user, email=True, email_off=["nope"])
    assert NotificationSettings.objects.get(user=user).email is False


def test_a_new_calendar_secret_replaces_the_old_one():
    user = UserFactory()
    old = preferences.settings_for(user).calendar_token
    row = preferences.reset_calendar(user)
    assert row.calendar_token != old and len(row.calendar_token) >= 32
    assert NotificationSettings.objects.get(user=user).calendar_token == row.calendar_token


def test_resetting_before_any_choice_makes_the_row():
    user = UserFactory()
    row = preferences.reset_calendar(user)
    assert NotificationSettings.objects.get(user=user).calendar_token == row.calendar_token
