"""Plans survive the round trip through the database, so a resumed session is the same one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.content.exercises import load_content
from app.core.preferences import Preferences
from app.core.records import Side
from app.core.routine import PlanItem, SessionPlan, default_plan

CONTENT = load_content()


def test_default_plan_is_every_core_exercise_in_stage_order() -> None:
    plan = default_plan(CONTENT)
    stages = [item.exercise.stage for item in plan.items]
    assert stages == sorted(stages) and set(stages) == {1, 2, 3, 4, 5, 6}
    assert not any(item.exercise.optional for item in plan.items)


def test_plan_round_trips_with_changed_doses_and_sides() -> None:
    plan = default_plan(CONTENT, get_ready_seconds=7, rest_seconds=20)
    first = plan.items[0]
    changed = PlanItem(first.exercise, replace(first.dose, seconds=105, sets=2), Side.RIGHT)
    plan = SessionPlan((changed, *plan.items[1:]), 7, 20, 25)
    again = SessionPlan.from_dict(plan.to_dict(), CONTENT)
    assert again == plan


def test_a_removed_exercise_is_reported() -> None:
    data = default_plan(CONTENT).to_dict()
    data["items"][0]["slug"] = "no-such-exercise"
    with pytest.raises(KeyError):
        SessionPlan.from_dict(data, CONTENT)


@given(st.dictionaries(st.text(max_size=20), st.one_of(st.integers(), st.booleans(), st.text())))
def test_preferences_from_anything_stay_in_bounds(raw: dict) -> None:
    preferences = Preferences.from_dict(raw)
    assert 0 <= preferences.volume <= 100
    assert 3 <= preferences.get_ready_seconds <= 60
    assert isinstance(preferences.voice_on, bool)


@pytest.mark.parametrize("stored", [None, [1], "loud", 7])
def test_preferences_that_are_not_a_table_fall_back_to_defaults(stored: object) -> None:
    assert Preferences.from_dict(stored) == Preferences()


def test_preferences_keep_good_values_and_drop_bad_ones() -> None:
    raw = {"volume": 30, "get_ready_seconds": 500, "voice_on": "yes", "sound_on": False}
    preferences = Preferences.from_dict(raw)
    assert (preferences.volume, preferences.get_ready_seconds) == (30, 10)
    assert (preferences.voice_on, preferences.sound_on) == (True, False)
    assert Preferences.from_dict(preferences.to_dict()) == preferences
