"""What a record's numbers say: each side's value, where it stands against a reference, the
difference between sides and the change since the last comparable record.

Only the same position, the same method and the same mode (passive or active) are compared,
and a change smaller than the measurement noise is called noise, not progress. The words for
all this live in result.py; here are only the numbers and the rules that judge them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from app.core.checks.types import MEASURED_SIDES, CheckRecord, Method, Mode, Reference, Trial
from app.core.records import Side

# The app's margin for measurement noise, in every position and mode. Only for active seated
# readings is a figure published (Krause et al.: 5.4° by inclinometer, checks.toml `noise`);
# elsewhere it is our working margin, and the result screen says which of the two it is.
NOISE_DEGREES = 5.0

_T = TypeVar("_T")


class Standing(StrEnum):
    """Where one side's value sits against a reference range, allowing for measurement noise.

    WITHIN: inside the range (ends included). NEAR: outside it, but by less than
    NOISE_DEGREES, so the reading cannot tell it apart from the range. BELOW / ABOVE: outside
    the range by NOISE_DEGREES or more.
    """

    BELOW = "below"
    NEAR = "near"
    WITHIN = "within"
    ABOVE = "above"


@dataclass(frozen=True)
class Asymmetry:
    """The left/right difference; `tighter` is None when the difference is only noise."""

    difference: float  # degrees, never negative
    tighter: Side | None


@dataclass(frozen=True)
class Change:
    """Per-side change against the latest comparable earlier record (this minus that)."""

    previous: CheckRecord
    deltas: Mapping[Side, float]  # only the sides measured both times


# --- Numbers ------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    """The middle value (mean of the middle two for an even count): one wild trial of three
    cannot drag a side's value the way it would drag a mean."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of no values")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def tenths(degrees: float) -> float:
    """Round to 0.1°, the finest step worth showing; judging and wording both use it, so a
    difference shown as 5° is never called noise and one shown as 4.9° always is."""
    return round(degrees, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def within_noise(degrees: float) -> bool:
    """A difference under NOISE_DEGREES cannot be told apart from measurement noise."""
    return abs(tenths(degrees)) < NOISE_DEGREES


# --- One record ---------------------------------------------------------------------------


def side_trials(record: CheckRecord, side: Side) -> tuple[Trial, ...]:
    return tuple(trial for trial in record.trials if trial.side is side)


def side_value(record: CheckRecord, side: Side) -> float | None:
    """A side's value is the median of its trials; None when that side was not measured."""
    trials = side_trials(record, side)
    return median(trial.degrees for trial in trials) if trials else None


def measured_sides(record: CheckRecord) -> tuple[Side, ...]:
    """The sides with at least one trial, left before right."""
    return tuple(side for side in MEASURED_SIDES if side_trials(record, side))


def record_method(record: CheckRecord) -> Method | None:
    """The one method every trial used; None when they mix (such a record is not compared,
    since instruments disagree by several degrees)."""
    return one_of(trial.method for trial in record.trials)


def record_mode(record: CheckRecord) -> Mode | None:
    """The one mode every trial used; None when passive and active trials are mixed."""
    return one_of(trial.mode for trial in record.trials)


def one_of(values: Iterable[_T]) -> _T | None:
    """The one value all of `values` share, or None when they differ (or there are none)."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def record_modes(record: CheckRecord) -> tuple[Mode, ...]:
    """The modes the record's trials used, passive first."""
    used = {trial.mode for trial in record.trials}
    return tuple(mode for mode in Mode if mode in used)


def asymmetry(record: CheckRecord) -> Asymmetry | None:
    """Left against right; the tighter side is named only when the gap is beyond noise.

    None when only one side was measured.
    """
    left, right = side_value(record, Side.LEFT), side_value(record, Side.RIGHT)
    if left is None or right is None:
        return None
    difference = abs(left - right)
    if within_noise(difference):
        return Asymmetry(difference, None)
    return Asymmetry(difference, Side.LEFT if left < right else Side.RIGHT)


def compare_to_reference(value: float, reference: Reference) -> Standing:
    """Place a value against a reference range, giving it the benefit of measurement noise."""
    value = tenths(value)
    if value < reference.low:
        return Standing.NEAR if within_noise(reference.low - value) else Standing.BELOW
    if value > reference.high:
        return Standing.NEAR if within_noise(value - reference.high) else Standing.ABOVE
    return Standing.WITHIN


# --- Against earlier records --------------------------------------------------------------


def _is_same(a: CheckRecord, b: CheckRecord) -> bool:
    return a is b or (a.id is not None and a.id == b.id)


def earlier_records(history: Sequence[CheckRecord], record: CheckRecord) -> list[CheckRecord]:
    """Records of the same check taken before this one, the record itself left out."""
    return [
        earlier
        for earlier in history
        if earlier.check_slug == record.check_slug
        and earlier.taken_at < record.taken_at
        and not _is_same(earlier, record)
    ]


def last_comparable(history: Sequence[CheckRecord], record: CheckRecord) -> CheckRecord | None:
    """The latest earlier record of the same check, method and mode; None when there is none
    or the record mixes methods or modes (different instruments differ by ~4.5°)."""
    method, mode = record_method(record), record_mode(record)
    if method is None or mode is None:
        return None
    comparable = [
        earlier
        for earlier in earlier_records(history, record)
        if record_method(earlier) is method and record_mode(earlier) is mode
    ]
    if not comparable:
        return None
    # Two records at the same moment: the one stored later (higher id) is the later one.
    return max(comparable, key=lambda earlier: (earlier.taken_at, earlier.id or 0))


def change_since_last(history: Sequence[CheckRecord], record: CheckRecord) -> Change | None:
    """Per-side change against the last comparable record; None when nothing is comparable."""
    previous = last_comparable(history, record)
    if previous is None:
        return None
    deltas = {}
    for side in MEASURED_SIDES:
        now, then = side_value(record, side), side_value(previous, side)
        if now is not None and then is not None:
            deltas[side] = now - then
    return Change(previous, deltas)
