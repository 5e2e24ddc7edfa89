"""How times read on screen and aloud; kept in core so the wording is tested without Qt."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeGuard

from app.core.content.exercises import Dose, DoseKind, Sides
from app.core.dates import clock, weekday_date


def plural(count: int, word: str) -> str:
    """ "3 sessions", "1 session", "1,200 sets": the one way Inward counts things in words."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def format_clock(seconds: float) -> str:
    """m:ss for a countdown, rounding up so 0:00 only shows when time is really up."""
    whole = max(0, math.ceil(round(seconds, 6)))
    return f"{whole // 60}:{whole % 60:02d}"


def format_countdown(seconds: float, in_seconds: bool = False) -> str:
    """The big number: '1:15', or '75' for those who prefer plain seconds."""
    if in_seconds:
        return str(max(0, math.ceil(round(seconds, 6))))
    return format_clock(seconds)


def format_minutes(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    if minutes == 0 and seconds > 0:
        return "<1 min"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _even(reps: int | None) -> TypeGuard[int]:
    return reps is not None and reps % 2 == 0


def describe_dose(dose: Dose) -> str:
    """A dose as a person says it: '60 s hold, each side', '20 reps, one every 3 s'."""
    if dose.kind is DoseKind.HOLD:
        text = f"{dose.seconds:g} s hold"
    elif dose.kind is DoseKind.REPS and dose.sides is Sides.ALTERNATING and _even(dose.reps):
        # An alternating set counts every movement, left and right: say it per side, as
        # every other move is ("20 reps a side"), so 40 drops never read as 40 a side.
        text = f"{dose.reps // 2} reps a side ({dose.reps} in all), one every {dose.cadence:g} s"
    elif dose.kind is DoseKind.REPS:
        text = f"{dose.reps} reps, one every {dose.cadence:g} s"
    elif dose.kind is DoseKind.HOLD_PER_REP:
        text = f"{dose.reps} reps, hold {dose.seconds:g} s each"
    else:
        text = f"{dose.reps} × push {dose.seconds:g} s, relax {dose.relax_seconds:g} s"
    if dose.sets > 1:
        text = f"{dose.sets} sets of {text}"
    sides = {Sides.EACH: "each side", Sides.BOTH: "both legs", Sides.ALTERNATING: "alternating"}
    return f"{text}, {sides[dose.sides]}"


def describe_date(moment: datetime | None, today: date) -> str:
    """'today', 'yesterday', or a weekday and date, in the person's local time."""
    if moment is None:
        return "No sessions yet"
    local = moment.astimezone().date()
    days = (today - local).days
    if days == 0:
        return "Last session: today"
    if days == 1:
        return "Last session: yesterday"
    return f"Last session: {weekday_date(local)}"


def describe_unfinished(started_at: datetime, done_sets: int, recorded_sets: int = 1) -> str:
    """The home page's offer to resume a session that was cut off."""
    local = started_at.astimezone()
    when = f"{weekday_date(local.date())} at {clock(local)}"
    if done_sets == 0 and not recorded_sets:  # cut off during its first set
        return (
            f"You left a session on {when} before its first set was done. Resume to start it "
            "again from there, or discard it."
        )
    return (
        f"You left a session on {when} with {plural(done_sets, 'set')} done. Resume where you "
        "stopped, or discard it."
    )


def numbered(lines: Sequence[str]) -> tuple[str, ...]:
    """'1. Sit on the floor.', '2. ...': steps read in order, one per line."""
    return tuple(f"{number}. {line}" for number, line in enumerate(lines, start=1))
