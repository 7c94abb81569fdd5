"""Settings helpers fail loudly on a bad value."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_choice


def test_env_choice_takes_a_listed_value_in_any_case(monkeypatch):
    monkeypatch.setenv("REMINDER_DIGEST", " Weekly ")
    assert env_choice("REMINDER_DIGEST", "daily", ["daily", "weekly"]) == "weekly"


def test_env_choice_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("REMINDER_DIGEST", raising=False)
    assert env_choice("REMINDER_DIGEST", "daily", ["daily", "weekly"]) == "daily"


def test_env_choice_names_the_variable_and_the_choices_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("REMINDER_DIGEST", "hourly")
    with pytest.raises(ImproperlyConfigured, match="REMINDER_DIGEST must be one of daily, weekly"):
        env_choice("REMINDER_DIGEST", "daily", ["daily", "weekly"])
