"""Fitting a plan into the person's time budget, and naming what was left out.

Kept apart from the dose rules because it works on whole planned items: their length
(`app.core.session.steps`) against the minutes chosen, in the order of importance the standing
gives the stages.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.content.exercises import Content
from app.core.plan.dose import EPSILON
from app.core.plan.stage_targets import (
    GENTLE,
    MOBILIZATION,
    STRENGTHENING,
    STRETCHES,
    emphasised_stages,
    stage_importance,
)
from app.core.plan.standing import Level
from app.core.plan.types import PlanPreferences
from app.core.plan.words import describe_minutes, join_words, lower_first
from app.core.routine import PlanItem, SessionPlan
from app.core.session.steps import plan_seconds

BUDGET_GRACE_SECONDS = 60  # a plan fits its budget when it is at most a minute over


def build_session(items: Sequence[PlanItem], preferences: PlanPreferences) -> SessionPlan:
    """The items as a session, with the person's get-ready and rest times."""
    return SessionPlan(
        items=tuple(items),
        get_ready_seconds=preferences.get_ready_seconds,
        rest_seconds=preferences.rest_seconds,
    )


def fits(seconds: float, minutes: int | None) -> bool:
    """Within the budget, or at most a minute over it; no budget fits everything."""
    return minutes is None or seconds <= minutes * 60 + BUDGET_GRACE_SECONDS + EPSILON


# What a short session keeps longest, most important first: one capsule or internal-rotation
# stretch, one joint mobilization, one active internal-rotation movement, one strengthening
# exercise. Everything else (ball releases included) goes before these.
CAPSULE = "back of the hip joint (posterior capsule)"  # a target in exercises.toml


def essentials(items: Sequence[PlanItem]) -> list[int]:
    """Indices of the short session's core, most important first (see ESSENTIAL order)."""
    chosen: list[int] = []
    stretches = [i for i, item in enumerate(items) if item.exercise.stage == STRETCHES]
    capsule = [i for i in stretches if CAPSULE in items[i].exercise.targets]
    if capsule or stretches:
        chosen.append((capsule or stretches)[0])
    for stage in (MOBILIZATION, GENTLE):
        first = next((i for i, item in enumerate(items) if item.exercise.stage == stage), None)
        if first is not None:
            chosen.append(first)
    strengthening = [i for i, item in enumerate(items) if item.exercise.stage == STRENGTHENING]
    if strengthening:  # the shortest, so that it fits in the shortest sessions too
        chosen.append(min(strengthening, key=lambda i: (_alone(items[i]), i)))
    return chosen


def _alone(item: PlanItem) -> float:
    return plan_seconds(SessionPlan(items=(item,)))


def drop_order(
    items: Sequence[PlanItem], importance: Sequence[int], emphasised: frozenset[int]
) -> list[int]:
    """Item indices, the first to leave out first.

    The short session's core (`essentials`) goes last, least important of it first. Before
    it, the first exercise of each other stage is protected until every other item is gone,
    so whole stages go late. Items of emphasised stages go after the others. Within those
    groups the stages shrink evenly: the deepest position in a stage goes first, and of equal
    positions the least important stage's; then an item needing equipment the core does not
    already use (fewer set-ups).
    """
    core = essentials(items)
    core_stages = {items[i].exercise.stage for i in core}
    core_equipment = {name for i in core for name in items[i].exercise.equipment}
    rank = {stage: position for position, stage in enumerate(importance)}
    seen: dict[int, int] = {}
    keys = []
    for index, item in enumerate(items):
        stage = item.exercise.stage
        within = seen.get(stage, 0)
        seen[stage] = within + 1
        if index in core:
            keys.append((2, -core.index(index), 0, 0, 0, True, index))
            continue
        first = within == 0 and stage not in core_stages
        shares = set(item.exercise.equipment) <= core_equipment
        keys.append(
            (int(first), stage in emphasised, -within, -rank.get(stage, 99), 0, shares, index)
        )
    return [key[-1] for key in sorted(keys)]


def fit_budget(
    items: Sequence[PlanItem],
    minutes: int | None,
    level: Level,
    preferences: PlanPreferences,
) -> tuple[list[PlanItem], list[PlanItem]]:
    """Leave out the lowest-priority items until the plan fits, then add back left-out items
    that fit again, most important first, to use the spare minutes; an item of a stage that
    is not emphasised is never added back while an emphasised one stays out. Returns (kept,
    left out), both in plan order."""
    emphasised = emphasised_stages(level)

    def seconds(chosen: set[int]) -> float:
        return plan_seconds(build_session([items[i] for i in sorted(chosen)], preferences))

    def emphasised_out() -> bool:
        return any(items[i].exercise.stage in emphasised for i in dropped if i not in kept)

    kept = set(range(len(items)))
    dropped: list[int] = []
    for index in drop_order(items, stage_importance(level), emphasised):
        if fits(seconds(kept), minutes):
            break
        kept.discard(index)
        dropped.append(index)
    for index in reversed(dropped):
        if items[index].exercise.stage not in emphasised and emphasised_out():
            continue
        if fits(seconds(kept | {index}), minutes):
            kept.add(index)
    left_out = [items[i] for i in range(len(items)) if i not in kept]
    return [items[i] for i in sorted(kept)], left_out


def budget_reasons(
    left_out: Sequence[PlanItem], kept: Sequence[PlanItem], minutes: int, content: Content
) -> list[str]:
    """Every left-out exercise by name, and every stage left out entirely."""
    if not left_out:
        return []
    budget = describe_minutes(minutes)
    if not kept:
        return [f"Nothing fits in {budget} at today's doses: choose a longer session."]
    names = join_words([lower_first(item.exercise.name) for item in left_out])
    reasons = [f"To fit {budget}, left out: {names}."]
    kept_stages = {item.exercise.stage for item in kept}
    gone = sorted({item.exercise.stage for item in left_out} - kept_stages)
    if gone:
        stages = join_words([lower_first(content.stage(stage).name) for stage in gone])
        reasons.append(
            f"No {stages} today: {'it does' if len(gone) == 1 else 'they do'} not fit in {budget}."
        )
    return reasons
