"""The Today page's text: the plan as rows, the latest checks at a glance.

Computed here so the page only lays out strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.core.checks.labels import check_name, check_names, format_degrees
from app.core.checks.types import CheckDefinition
from app.core.content.exercises import Content
from app.core.dates import short_day_month
from app.core.formatting import describe_dose, format_minutes
from app.core.plan.types import Plan
from app.core.records import Side
from app.core.routine import SessionPlan
from app.core.session.steps import StepKind, build_steps


@dataclass(frozen=True)
class PlanRow:
    """A stage heading (slug None) or one exercise under it."""

    text: str
    dose: str
    minutes: str
    slug: str | None = None
    emphasised: bool = False
    note: str = ""  # what changed since last time, and why


def item_seconds(session: SessionPlan) -> dict[str, float]:
    """Each exercise's share of the session: its get-ready, work and set rests."""
    seconds: dict[str, float] = {}
    for step in build_steps(session):
        if step.kind is StepKind.REST and step.between_exercises:
            continue
        slug = step.item.exercise.slug
        seconds[slug] = seconds.get(slug, 0.0) + step.duration
    return seconds


def first_side_text(side: Side, chosen: bool) -> str:
    """Said on the plan when the plan chose it (the tighter side) or it is not the usual left."""
    return f", {side.value} first" if chosen or side is Side.RIGHT else ""


def plan_rows(plan: Plan, content: Content) -> list[PlanRow]:
    rows: list[PlanRow] = []
    shares = item_seconds(plan.session)
    stage = None
    for item in plan.session.items:
        exercise = item.exercise
        if exercise.stage != stage:
            stage = exercise.stage
            emphasised = stage in plan.emphasised_stages
            stage_seconds = sum(
                shares[i.exercise.slug] for i in plan.session.items if i.exercise.stage == stage
            )
            rows.append(
                PlanRow(
                    content.stage(stage).heading + (" · focus today" if emphasised else ""),
                    "",
                    format_minutes(stage_seconds),
                    emphasised=emphasised,
                )
            )
        chosen = plan.tighter_side is not None
        each = item.dose.sides.value == "each"
        sides = first_side_text(item.first_side, chosen) if each else ""
        if item.first_side_extra:
            sides += f" (+{item.first_side_extra:g} s on the {item.first_side.value})"
        rows.append(
            PlanRow(
                exercise.name,
                describe_dose(item.dose) + sides,
                format_minutes(shares[exercise.slug]),
                exercise.slug,
                exercise.stage in plan.emphasised_stages,
                plan.changes.get(exercise.slug, ""),
            )
        )
    return rows


@dataclass(frozen=True)
class LatestCheck:
    check_slug: str
    taken_at: datetime
    left: float | None
    right: float | None


def describe_latest_checks(
    latest: Sequence[LatestCheck], definitions: Sequence[CheckDefinition], tz: tzinfo | None = None
) -> str:
    """'Lying face down: left 31°, right 45° (21 Nov)' per check, or what to do first."""
    names = check_names(definitions)
    order = {d.slug: n for n, d in enumerate(definitions)}
    lines = []
    for check in sorted(latest, key=lambda c: order.get(c.check_slug, 99)):
        sides = [
            f"{side} {format_degrees(value)}"
            for side, value in (("left", check.left), ("right", check.right))
            if value is not None
        ]
        when = check.taken_at.astimezone(tz)
        lines.append(
            f"{check_name(names, check.check_slug)}: {', '.join(sides)} ({short_day_month(when)})"
        )
    return "\n".join(lines) if lines else "No self-check yet."
