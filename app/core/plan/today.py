"""Today's plan from what is stored and what the person chose, in one call for the page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo

from app.core.checks.types import CheckDefinition
from app.core.content.exercises import Content, Exercise
from app.core.formatting import format_minutes
from app.core.plan.engine import plan_next
from app.core.plan.equipment import equipment_choices, with_equipment
from app.core.plan.types import ExerciseChoice, Logbook, Plan, PlanPreferences
from app.core.plan.words import join_words, the
from app.core.preferences import Preferences

NEW_PERSON_MINUTES = 20  # a first session is about this long; the full routine is one choice away


def plan_today(
    history: Logbook,
    preferences: Preferences,
    saved_choices: Mapping[str, ExerciseChoice],
    today_choices: Mapping[str, ExerciseChoice],
    budget_minutes: int | None,
    today: date,
    content: Content,
    checks: Sequence[CheckDefinition],
    tz: tzinfo,
    cleared: Mapping[str, datetime] | None = None,
    missing_equipment: Iterable[str] = (),
) -> Plan:
    """The engine's plan within today's budget, then today's one-off changes on top.

    `cleared` holds the person's answers to the pinch question (`read_pinch_answers`);
    exercises needing `missing_equipment` are swapped or left out, and the plan says why."""
    settings = PlanPreferences(
        time_budget_minutes=budget_minutes,
        recheck_days=preferences.recheck_days,
        get_ready_seconds=float(preferences.get_ready_seconds),
        rest_seconds=float(preferences.rest_seconds),
        # Today's changes ride on the saved ones, so the plan still fits the budget.
        always=with_equipment(
            equipment_choices(content, missing_equipment), {**saved_choices, **today_choices}
        ),
    )
    if cleared:
        history = replace(history, cleared={**history.cleared, **cleared})
    return plan_next(history, settings, today, content, checks, tz=tz)


def read_pinch_answers(stored: object) -> dict[str, datetime]:
    """The stored answers to the pinch question; anything unreadable is no answer, so a
    hand-edited value can only keep an exercise out, never let it back in."""
    if not isinstance(stored, dict):
        return {}
    answers = {}
    for slug, when in stored.items():
        if not isinstance(slug, str) or not isinstance(when, str):
            continue
        try:
            moment = datetime.fromisoformat(when)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            answers[slug] = moment.astimezone(UTC)
    return answers


def with_pinch_answer(stored: object, slugs: Sequence[str], now: datetime) -> dict[str, str]:
    """The stored answers with "assessed or pain-free now" added for these exercises."""
    answers = {slug: when.isoformat() for slug, when in read_pinch_answers(stored).items()}
    for slug in slugs:
        answers[slug] = now.astimezone(UTC).isoformat()
    return answers


def pinch_question(plan: Plan, content: Content) -> str | None:
    """The Today page's question for exercises left out for a pinch that came back."""
    if not plan.awaiting_answer:
        return None
    names = join_words([the(content.exercise(slug)) for slug in plan.awaiting_answer])
    one = len(plan.awaiting_answer) == 1
    it, is_ = ("it", "is") if one else ("them", "are")
    return (
        f"A pinch keeps coming back in {names}, so {'it' if one else 'they'} {is_} left out. "
        f"Has a physiotherapist or doctor assessed {it}, or is your hip pain-free now? "
        f"Answer yes and {'it returns' if one else 'they return'} at {'its' if one else 'their'} "
        "easiest."
    )


def starting_budget(stored_preferences: object, history: Logbook) -> int | None:
    """Today's budget before the person picks one: their saved default when they set one;
    for someone who has not done a session yet, about 20 minutes (a first session of the
    whole routine is about an hour with eleven kinds of equipment); else the full routine."""
    if isinstance(stored_preferences, dict) and "time_budget" in stored_preferences:
        return Preferences.from_dict(stored_preferences).budget_minutes
    if not any(session.sets for session in history.sessions):
        return NEW_PERSON_MINUTES
    return None


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
