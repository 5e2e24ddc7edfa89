"""The Today page's state, worked out without a window: stored facts in, words out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core.content.safety import DISCLAIMER
from app.core.plan.equipment import to_stored
from app.core.plan.settings_keys import EQUIPMENT_KEY, PINCH_ANSWERS_KEY
from app.core.plan.today import with_pinch_answer
from app.core.plan.today_state import Unfinished, today_state
from app.core.plan.types import Logbook
from app.core.plan.view import LatestCheck
from app.core.preferences import FROM_SETTINGS, PREFERENCES_KEY, Preferences
from tests.core.plan.test_plan import CHECKS, CONTENT, PINCH, PINCHED_TWICE

# Sunday 10 May 2026, noon: after the sessions of PINCHED_TWICE (2, 3 and 4 May)
NOON = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


def state(settings=None, sessions=(), budget=FROM_SETTINGS, now=NOON, **facts):
    return today_state(
        settings=settings or {},
        history=Logbook(sessions=tuple(sessions)),
        saved_choices={},
        today_choices={},
        budget_minutes=budget,
        now=now,
        content=CONTENT,
        checks=CHECKS,
        tz=UTC,
        **facts,
    )


def test_a_new_person_sees_a_20_minute_plan_the_disclaimer_and_the_equipment_question() -> None:
    today = state()
    assert today.budget_minutes == 20
    assert today.plan.seconds <= 20 * 60 + 59
    assert today.summary.startswith(f"Today: {len(today.plan.session.items)} exercises")
    assert len(today.rows) >= len(today.plan.session.items)
    assert today.ask_equipment
    assert today.disclaimer == DISCLAIMER
    assert today.last_session == "No sessions yet"
    assert today.unfinished is None and today.question is None


def test_what_the_person_said_before_is_not_asked_again() -> None:
    settings = {
        PREFERENCES_KEY: Preferences(disclaimer_seen=True).to_dict(),
        EQUIPMENT_KEY: to_stored([]),
    }
    today = state(settings, budget=None)  # the person chose the full routine today
    assert today.budget_minutes is None
    assert today.disclaimer is None and not today.ask_equipment
    assert today.preferences.disclaimer_seen
    assert today.plan.seconds > state(budget=20).plan.seconds


def test_the_last_session_the_latest_checks_and_an_unfinished_one_are_said() -> None:
    yesterday = NOON - timedelta(days=1)
    check = LatestCheck(CHECKS[0].slug, yesterday, 30.0, 35.0)
    today = state(
        last_session=yesterday,
        latest_checks=[check],
        unfinished=Unfinished(yesterday, 2, 3),
    )
    assert today.last_session == "Last session: yesterday"
    assert today.latest_checks != state().latest_checks
    assert today.unfinished is not None and "with 2 sets done" in today.unfinished


def test_the_pinch_question_is_asked_until_it_is_answered() -> None:
    asked = state(sessions=PINCHED_TWICE, budget=None)
    assert asked.question is not None and "pinch keeps coming back" in asked.question
    assert PINCH not in [item.exercise.slug for item in asked.plan.session.items]
    answer = with_pinch_answer({}, [PINCH], NOON)
    answered = state({PINCH_ANSWERS_KEY: answer}, sessions=PINCHED_TWICE, budget=None)
    assert answered.question is None
    assert PINCH in [item.exercise.slug for item in answered.plan.session.items]
