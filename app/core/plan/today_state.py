"""What the Today page shows, worked out in one pure call: the stored facts and today's
choices in, one TodayState out. The window only shows it (and keeps the plan Start plays).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from app.core.checks.types import CheckDefinition
from app.core.content.exercises import Content
from app.core.content.safety import DISCLAIMER
from app.core.formatting import describe_date, describe_unfinished
from app.core.plan.equipment import read_missing
from app.core.plan.settings_keys import EQUIPMENT_KEY, PINCH_ANSWERS_KEY
from app.core.plan.today import (
    pinch_question,
    plan_today,
    read_pinch_answers,
    starting_budget,
    summary,
)
from app.core.plan.types import ExerciseChoice, Logbook, Plan
from app.core.plan.view import LatestCheck, PlanRow, describe_latest_checks, plan_rows
from app.core.preferences import FROM_SETTINGS, PREFERENCES_KEY, Preferences


@dataclass(frozen=True)
class Unfinished:
    """A session that stopped before its end, as Today offers to resume it."""

    started_at: datetime
    done_sets: int  # sets finished, not skipped
    recorded_sets: int  # every set written, skipped ones too


@dataclass(frozen=True)
class TodayState:
    """Everything on the Today page, in words and rows ready to show."""

    preferences: Preferences
    budget_minutes: int | None
    plan: Plan
    summary: str
    rows: Sequence[PlanRow]
    ask_equipment: bool  # until the person has said which equipment they have
    question: str | None  # the pinch question, or nothing to ask
    latest_checks: str
    last_session: str
    disclaimer: str | None  # until it has been read once
    unfinished: str | None  # the resume offer, or no unfinished session


def local_day(now: datetime, tz: tzinfo | None = None) -> tuple[tzinfo | None, date]:
    """The zone (``tz``, else the computer's) and the day in it: the person's calendar."""
    zone = tz or now.astimezone().tzinfo
    return zone, now.astimezone(zone).date()


def today_state(
    *,
    settings: Mapping[str, Any],
    history: Logbook,
    saved_choices: Mapping[str, ExerciseChoice],
    today_choices: Mapping[str, ExerciseChoice],
    budget_minutes: int | None,
    now: datetime,
    content: Content,
    checks: Sequence[CheckDefinition],
    last_session: datetime | None = None,
    latest_checks: Sequence[LatestCheck] = (),
    unfinished: Unfinished | None = None,
    tz: tzinfo | None = None,
) -> TodayState:
    """Re-plan today from the stored facts; ``budget_minutes`` FROM_SETTINGS takes the
    settings' default. ``tz`` defaults to the computer's zone."""
    zone, today = local_day(now, tz)
    preferences = Preferences.from_dict(settings.get(PREFERENCES_KEY))
    if budget_minutes is FROM_SETTINGS:
        budget_minutes = starting_budget(settings.get(PREFERENCES_KEY), history)
    plan = plan_today(
        history,
        preferences,
        saved_choices,
        today_choices,
        budget_minutes,
        today,
        content,
        checks,
        zone,  # type: ignore[arg-type]  # astimezone() always has a zone
        read_pinch_answers(settings.get(PINCH_ANSWERS_KEY)),
        missing_equipment=read_missing(settings.get(EQUIPMENT_KEY)) or (),
    )
    return TodayState(
        preferences=preferences,
        budget_minutes=budget_minutes,
        plan=plan,
        summary=summary(plan),
        rows=plan_rows(plan, content),
        ask_equipment=EQUIPMENT_KEY not in settings,
        question=pinch_question(plan, content),
        latest_checks=describe_latest_checks(latest_checks, checks, zone),
        last_session=describe_date(last_session, today),
        disclaimer=None if preferences.disclaimer_seen else DISCLAIMER,
        # also one with no set yet: a crash during the first set
        unfinished=None
        if unfinished is None
        else describe_unfinished(
            unfinished.started_at, unfinished.done_sets, unfinished.recorded_sets
        ),
    )
