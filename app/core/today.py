"""Today's plan from what is stored and what the person chose, in one call for the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo

from app.core.checks import CheckDefinition
from app.core.content import Content, Exercise
from app.core.formatting import format_minutes
from app.core.plan import apply_choices, plan_next
from app.core.plan_types import ExerciseChoice, History, Plan, PlanPreferences
from app.core.preferences import Preferences


def plan_today(
    history: History,
    preferences: Preferences,
    saved_choices: Mapping[str, ExerciseChoice],
    today_choices: Mapping[str, ExerciseChoice],
    budget_minutes: int | None,
    today: date,
    content: Content,
    checks: Sequence[CheckDefinition],
    tz: tzinfo | None = None,
) -> Plan:
    """The engine's plan within today's budget, then today's one-off changes on top."""
    settings = PlanPreferences(
        time_budget_minutes=budget_minutes,
        recheck_days=preferences.recheck_days,
        get_ready_seconds=float(preferences.get_ready_seconds),
        rest_seconds=float(preferences.rest_seconds),
        always=dict(saved_choices),
    )
    plan = plan_next(history, settings, today, content, checks, tz=tz or today_zone())
    return apply_choices(plan, today_choices, content) if today_choices else plan


def today_zone() -> tzinfo:
    """The computer's own zone, so dates read as the person's calendar does."""
    from datetime import datetime

    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def summary(plan: Plan) -> str:
    count = len(plan.session.items)
    return f"Today: {count} exercises, about {format_minutes(plan.seconds)}"


def alternatives(plan: Plan, slug: str, content: Content) -> list[Exercise]:
    """What an exercise can be swapped for: the others of its stage not already planned."""
    item = plan.item(slug)
    if item is None:
        return []
    planned = {i.exercise.slug for i in plan.session.items}
    return [
        exercise
        for exercise in content.exercises
        if exercise.stage == item.exercise.stage and exercise.slug not in planned
    ]
