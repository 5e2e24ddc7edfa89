"""The report's pinches and pain: each set stopped for a pinch (with its side and the dose of
that day), then the self-checks where pain was noted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from app.core.checks.types import CheckDefinition, CheckRecord
from app.core.content.exercises import Sides
from app.core.dates import short_date, short_date_time
from app.core.formatting import describe_dose, plural
from app.core.history.ranges import local_day
from app.core.history.report_adherence import slug_words
from app.core.plan.types import SessionLog
from app.core.records import SetResult, Side
from app.core.routine import PlanItem


@dataclass(frozen=True)
class PainFlag:
    what: str  # "Figure-4 stretch" or "Self-check: Lying face down"
    when: str  # "3 Mar 2026, 10 Mar 2026"
    count: str  # "3 sets", "1 reading"

    @property
    def text(self) -> str:
        return f"{self.what}: {self.when} ({self.count})"


@dataclass(frozen=True)
class Pinch:
    """One pinch or pain during an exercise (the X key): where, which side, at what dose."""

    when: str  # "3 Mar 2026 09:14"
    exercise: str
    side: str  # "Left", "Right", "Both legs", "Alternating"
    dose: str  # the dose planned that day: "60 s hold, each side"
    stopped: str  # "after 23 s of 60 s", "after 4 of 10 reps", "before it began"

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.when, self.exercise, self.side, self.dose, self.stopped)


PINCH_COLUMNS = ("Date", "Exercise", "Side", "Dose that day", "Stopped")


SIDE_WORDS = {Sides.BOTH: "Both legs", Sides.ALTERNATING: "Alternating"}


def _plan_item(session: SessionLog, slug: str) -> PlanItem | None:
    return next((item for item in session.plan.items if item.exercise.slug == slug), None)


def _pinch_dose(item: PlanItem | None, result: SetResult) -> str:
    """The dose the session's plan gave the exercise, with the first side's extra time."""
    if item is None:  # an exercise today's content no longer has: what the set planned
        if result.planned_reps is not None:
            return f"{result.planned_reps} reps"
        return f"{result.planned_seconds:g} s"
    text = describe_dose(item.dose)
    if item.first_side_extra and result.side is item.first_side:
        text += f" (+{item.first_side_extra:g} s on the {item.first_side.value})"
    return text


def _stopped(result: SetResult) -> str:
    """How far into the set the pinch came."""
    if result.planned_reps is not None:
        done = result.done_reps or 0
        if done == 0 and result.done_seconds < 1:
            return "before it began"
        return f"after {done} of {result.planned_reps} reps"
    if result.done_seconds < 1:
        return "before it began"
    return f"after {result.done_seconds:.0f} s of {result.planned_seconds:g} s"


def _side_word(item: PlanItem | None, result: SetResult) -> str:
    if result.side is not Side.BOTH:
        return result.side.value.capitalize()
    if item is not None and item.dose.sides in SIDE_WORDS:
        return SIDE_WORDS[item.dose.sides]
    return "Both legs"


def pinch_rows(
    sessions: Sequence[SessionLog], tz: tzinfo | None, names: Mapping[str, str]
) -> tuple[Pinch, ...]:
    """Every set stopped for a pinch or pain, with its side and the dose of that day.

    A session whose stored plan cannot be read any more (an older app's) still gives the
    set's own side and planned time; `names` are the content's exercise names."""
    pinches = []
    for session in sessions:
        for result in session.sets:
            if not result.pain:
                continue
            item = _plan_item(session, result.exercise_slug)
            when = result.started_at.astimezone(tz)
            slug = result.exercise_slug
            name = item.exercise.name if item is not None else names.get(slug, slug_words(slug))
            set_words = ""
            if item is not None and item.dose.sets > 1:
                set_words = f", set {result.set_index} of {item.dose.sets}"
            pinches.append(
                Pinch(
                    short_date_time(when),
                    name,
                    _side_word(item, result) + set_words,
                    _pinch_dose(item, result),
                    _stopped(result),
                )
            )
    return tuple(pinches)


def check_pain_flags(
    records_by_check: Sequence[tuple[CheckDefinition, Sequence[CheckRecord]]],
    tz: tzinfo | None,
) -> tuple[PainFlag, ...]:
    """Each check with a reading where pain was noted: its days and how many readings."""
    flags = []
    for definition, records in records_by_check:
        painful = [record for record in records if any(t.pain for t in record.trials)]
        if painful:
            days = sorted({local_day(record.taken_at, tz) for record in painful})
            flags.append(
                PainFlag(
                    f"Self-check: {definition.name}",
                    ", ".join(short_date(day) for day in days),
                    plural(len(painful), "reading"),
                )
            )
    return tuple(flags)
