"""Reminders: when one is due and what it says, with the clock and the zone passed in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.core.plan.today import plan_today
from app.core.plan.types import Logbook
from app.core.preferences import Preferences
from app.core.records import SessionStatus, Side
from app.core.reminders.due import (
    CHECK,
    START_SESSION,
    Facts,
    ReminderSettings,
    decide,
    facts_from,
    reminded_today,
)
from tests.core.plan.test_plan import BASE, CHECKS, CONTENT, PINCH, done, log, pinched

LONDON = ZoneInfo("Europe/London")
# Monday 9 November 2026, 18:30 in London (UTC+0 in November)
MONDAY_EVENING = datetime(2026, 11, 9, 18, 30, tzinfo=UTC)
ON = ReminderSettings(enabled=True, days=(0, 2, 4), at="18:00")
FACTS = Facts(plan_minutes=20, sessions_this_week=0, done_today=False)


def due(settings=ON, facts=FACTS, last=None, now=MONDAY_EVENING, tz=LONDON):
    return decide(settings, facts, last, now, tz)


def test_reminders_are_off_until_switched_on() -> None:
    decision = due(settings=ReminderSettings())
    assert decision.reminder is None and decision.why == "reminders are off"


def test_on_a_chosen_day_after_the_time_it_says_the_plans_real_length() -> None:
    reminder = due(facts=replace(FACTS, plan_minutes=27)).reminder
    assert reminder is not None
    assert reminder.title == "Time for today's 27-minute session"
    assert reminder.action == START_SESSION


@pytest.mark.parametrize(
    ("now", "why"),
    [
        (datetime(2026, 11, 10, 18, 30, tzinfo=UTC), "Tuesday is not a reminder day"),
        (datetime(2026, 11, 9, 17, 59, tzinfo=UTC), "it is before 18:00"),
        (datetime(2026, 11, 9, 21, 45, tzinfo=UTC), "it is in the quiet hours (21:30 to 08:00)"),
    ],
)
def test_not_on_other_days_before_the_time_or_in_the_quiet_hours(now, why) -> None:
    decision = due(now=now)
    assert decision.reminder is None and decision.why == why


def test_exactly_at_the_time_it_is_due() -> None:
    assert due(now=datetime(2026, 11, 9, 18, 0, tzinfo=UTC)).reminder is not None


def test_quiet_hours_that_do_not_cross_midnight() -> None:
    settings = replace(ON, at="07:00", quiet_from="12:00", quiet_until="14:00")
    assert due(settings, now=datetime(2026, 11, 9, 12, 30, tzinfo=UTC)).reminder is None
    assert due(settings, now=datetime(2026, 11, 9, 14, 0, tzinfo=UTC)).reminder is not None


def test_no_reminder_on_a_day_already_done() -> None:
    decision = due(facts=replace(FACTS, done_today=True))
    assert decision.reminder is None and decision.why == "today's session is done"


def test_none_twice_a_day_but_again_the_next_chosen_day() -> None:
    earlier = MONDAY_EVENING - timedelta(minutes=30)
    assert due(last=earlier).why == "already reminded today"
    wednesday = MONDAY_EVENING + timedelta(days=2)
    assert due(last=earlier, now=wednesday).reminder is not None


def test_a_clock_set_back_across_midnight_does_not_remind_twice() -> None:
    reminded = datetime(2026, 11, 10, 0, 5, tzinfo=UTC)  # Tuesday, just after midnight
    settings = replace(ON, days=(0, 1), quiet_from="00:00", quiet_until="00:00")
    now = datetime(2026, 11, 9, 23, 50, tzinfo=UTC)  # then the clock went back to Monday
    assert due(settings, last=reminded, now=now).why == "already reminded today"


def test_a_reminder_recorded_by_a_clock_far_ahead_is_ignored() -> None:
    wrong = MONDAY_EVENING + timedelta(days=40)
    assert due(last=wrong).reminder is not None


def test_a_computer_asleep_for_days_gets_one_reminder_not_one_per_day() -> None:
    last_week = MONDAY_EVENING - timedelta(days=7)
    assert due(last=last_week).reminder is not None
    assert due(last=MONDAY_EVENING, now=MONDAY_EVENING + timedelta(hours=1)).reminder is None


def test_the_day_and_time_are_the_zone_of_the_computer() -> None:
    instant = datetime(2026, 11, 9, 17, 30, tzinfo=UTC)  # Monday 17:30 London, 18:30 Berlin
    assert due(now=instant, tz=LONDON).why == "it is before 18:00"
    assert due(now=instant, tz=ZoneInfo("Europe/Berlin")).reminder is not None
    late = datetime(2026, 11, 9, 23, 30, tzinfo=UTC)  # Tuesday 08:30 in Tokyo
    tokyo = due(
        replace(ON, quiet_from="00:00", quiet_until="00:00"), now=late, tz=ZoneInfo("Asia/Tokyo")
    )
    assert tokyo.why == "Tuesday is not a reminder day"


def test_the_once_a_day_rule_reads_dates_in_the_current_zone() -> None:
    reminded = datetime(2026, 11, 9, 23, 0, tzinfo=UTC)  # Monday in London, Tuesday in Tokyo
    later = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
    assert reminded_today(reminded, later, ZoneInfo("Asia/Tokyo"))
    assert not reminded_today(reminded, later, LONDON)


def test_the_weekly_goal_counts_what_is_left_and_stops_once_met() -> None:
    settings = replace(ON, weekly_goal=3)
    reminder = due(settings, replace(FACTS, sessions_this_week=1)).reminder
    assert reminder is not None and "Two sessions to this week's goal." in reminder.body
    one = due(settings, replace(FACTS, sessions_this_week=2)).reminder
    assert one is not None and "One session to this week's goal." in one.body
    met = due(settings, replace(FACTS, sessions_this_week=3))
    assert met.reminder is None and met.why == "this week's goal of 3 sessions is met"


def test_a_due_recheck_leads_and_opens_the_check() -> None:
    facts = replace(FACTS, recheck_last=date(2026, 11, 3), tighter_side=Side.LEFT)
    reminder = due(facts=facts).reminder
    assert reminder is not None
    assert reminder.title == "Your left hip is due a re-check (last on 3 Nov)"
    assert reminder.action == CHECK and reminder.action_label == "Self-check"
    assert "Then today's 20-minute session." in reminder.body
    both = due(facts=replace(facts, tighter_side=None)).reminder
    assert both is not None and both.title == "Your hips are due a re-check (last on 3 Nov)"
    off = due(replace(ON, recheck=False), facts).reminder
    assert off is not None and off.action == START_SESSION


def test_a_met_goal_still_reminds_of_a_due_recheck() -> None:
    facts = replace(FACTS, sessions_this_week=3, recheck_last=date(2026, 11, 3))
    reminder = due(replace(ON, weekly_goal=3), facts).reminder
    assert reminder is not None and reminder.action == CHECK


def test_settings_survive_a_round_trip_and_a_hand_edit_falls_back() -> None:
    chosen = ReminderSettings(True, (1, 3), "07:15", False, 4, "22:00", "06:30", True, True)
    assert ReminderSettings.from_dict(chosen.to_dict()) == chosen
    broken = {"enabled": "yes", "days": [9], "at": "25:00", "weekly_goal": 12, "recheck": 1}
    assert ReminderSettings.from_dict(broken) == ReminderSettings()
    assert ReminderSettings.from_dict(None) == ReminderSettings()
    assert ReminderSettings(days=tuple(range(7))).describe_days() == "every day"
    assert ON.describe_days() == "Monday, Wednesday and Friday"


# --- facts from a real plan -------------------------------------------------------------------


def plan_for(history: Logbook, today: date):
    return plan_today(history, Preferences(), {}, {}, None, today, CONTENT, CHECKS, UTC)


def test_a_pinch_last_time_is_named_when_the_exercise_starts_easier_today() -> None:
    history = Logbook(sessions=(log(1, 4, sets=pinched(PINCH)),))
    now = datetime(2026, 5, 6, 18, 30, tzinfo=UTC)
    plan = plan_for(history, now.date())
    facts = facts_from(plan, history, None, now, UTC)
    assert facts.eased == ("Crossed-knee sit-back",)
    reminder = decide(replace(ON, days=tuple(range(7))), facts, None, now, UTC).reminder
    assert reminder is not None
    assert "The crossed-knee sit-back pinched last time: it starts easier today." in reminder.body
    assert reminder.title == f"Time for today's {round(plan.seconds / 60)}-minute session"


def test_no_pinch_line_when_it_was_done_without_one_since() -> None:
    history = Logbook(sessions=(log(1, 4, sets=pinched(PINCH)), log(2, 5, sets=done(PINCH))))
    now = datetime(2026, 5, 6, 18, 30, tzinfo=UTC)
    facts = facts_from(plan_for(history, now.date()), history, None, now, UTC)
    assert facts.eased == ()


def test_sessions_this_week_start_on_monday_in_the_persons_zone() -> None:
    # Sunday 3 May 23:30 UTC is already Monday 4 May in Berlin: this week there, last week in UTC.
    sunday_night = replace(
        log(1, 3, sets=done(PINCH)), started_at=datetime(2026, 5, 3, 23, 30, tzinfo=UTC)
    )
    wednesday = log(2, 6, sets=done(PINCH))
    abandoned_empty = log(3, 6, status=SessionStatus.ABANDONED)
    history = Logbook(sessions=(sunday_night, wednesday, abandoned_empty))
    now = datetime(2026, 5, 7, 18, 30, tzinfo=UTC)  # Thursday
    plan = plan_for(history, now.date())
    assert facts_from(plan, history, None, now, UTC).sessions_this_week == 1
    berlin = facts_from(plan, history, None, now, ZoneInfo("Europe/Berlin"))
    assert berlin.sessions_this_week == 2
    assert not berlin.done_today
    same_day = facts_from(plan, history, None, datetime(2026, 5, 6, 20, 0, tzinfo=UTC), UTC)
    assert same_day.done_today


def test_an_empty_plan_still_says_something_true() -> None:
    facts = replace(FACTS, plan_minutes=0)
    reminder = due(facts=facts).reminder
    assert reminder is not None and reminder.title == "Time for today's session"
    assert BASE.items  # the shipped routine is never empty: 0 only if everything is left out
