"""How a finished session went, per exercise: what the check-in shows before asking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.formatting import format_minutes, plural
from app.core.records import SetResult
from app.core.routine import SessionPlan
from app.core.session.steps import StepKind, build_steps


@dataclass(frozen=True)
class ExerciseOutcome:
    slug: str
    name: str
    sets_done: int
    sets_planned: int
    pain: bool

    @property
    def flags(self) -> str:
        notes = []
        if self.pain:
            notes.append("pinch or pain")
        if self.sets_done < self.sets_planned:
            notes.append("skipped" if self.sets_done == 0 else "cut short")
        return ", ".join(notes)


def outcomes(plan: SessionPlan, sets: Sequence[SetResult]) -> list[ExerciseOutcome]:
    """One line per planned exercise, in plan order; sets never reached count as not done."""
    planned: dict[str, int] = {}
    for step in build_steps(plan):
        if step.kind is StepKind.WORK:
            slug = step.item.exercise.slug
            planned[slug] = planned.get(slug, 0) + 1
    result = []
    for item in plan.items:
        slug = item.exercise.slug
        mine = [s for s in sets if s.exercise_slug == slug]
        result.append(
            ExerciseOutcome(
                slug,
                item.exercise.name,
                sum(1 for s in mine if not s.skipped),
                planned[slug],
                any(s.pain for s in mine),
            )
        )
    return result


def describe_session(sets: Sequence[SetResult]) -> str:
    """'38 sets done, 2 skipped, 41 min of work.'"""
    done = [s for s in sets if not s.skipped]
    skipped = len(sets) - len(done)
    work = sum(s.done_seconds for s in sets)
    text = f"{plural(len(done), 'set')} done"
    if skipped:
        text += f", {skipped} skipped"
    return f"{text}, {format_minutes(work)} of work."
