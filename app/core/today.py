"""Today's plan from what is stored and what the person chose, in one call for the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo

from app.core.checks import CheckDefinition
from app.core.content import Content, Exercise
from app.core.formatting import format_minutes
from app.core.plan import plan_next
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
    tz: tzinfo,
) -> Plan:
    """The engine's plan within today's budget, then today's one-off changes on top."""
    settings = PlanPreferences(
        time_budget_minutes=budget_minutes,
        recheck_days=preferences.recheck_days,
        get_ready_seconds=float(preferences.get_ready_seconds),
        rest_seconds=float(preferences.rest_seconds),
        # Today's changes ride on the saved ones, so the plan still fits the budget.
        always={**saved_choices, **today_choices},
    )
    return plan_next(history, settings, today, content, checks, tz=tz)


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


def retarget(
    slug: str, choice: ExerciseChoice, existing: Mapping[str, ExerciseChoice]
) -> tuple[str, ExerciseChoice]:
    """Where a change is kept: a change to an exercise that was swapped in belongs to the
    routine's own exercise, so the swap stays and the new dose or drop applies to it."""
    for original, earlier in existing.items():
        if earlier.swap_for == slug:
            if choice.dropped or choice.swap_for:
                return original, choice
            return original, ExerciseChoice(swap_for=slug, dose=dict(choice.dose))
    return slug, choice


def origin(slug: str, existing: Mapping[str, ExerciseChoice]) -> str:
    """The routine's own exercise behind a swapped-in one (itself when not swapped in)."""
    return next((o for o, c in existing.items() if c.swap_for == slug), slug)
