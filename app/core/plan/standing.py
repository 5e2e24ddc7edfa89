"""Where the hips stand: the latest main checks read into a level and, when the evidence
agrees, a tighter side.

The checks set the plan's frame: a level (restricted, near, progressed, above) that
stage_targets.py turns into each stage's target and emphasis, and a tighter side that goes
first and gets longer holds. Only passive readings of the main positions count, and a change
within the measurement noise moves nothing. What the plan says about all this is in
standing_reasons.py and recheck.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum

from app.core.checks.readings import (
    NOISE_DEGREES,
    Asymmetry,
    asymmetry,
    measured_sides,
    record_method,
    record_mode,
    side_trials,
    side_value,
    tenths,
)
from app.core.checks.types import CheckDefinition, CheckRecord, Method, Mode
from app.core.records import Side


class Level(StrEnum):
    """Where the latest checks put the person, which sets the stage targets."""

    NO_CHECK = "no_check"
    RESTRICTED = "restricted"  # a side below the reference by the noise margin or more
    NEAR = "near"  # near or at the reference
    PROGRESSED = "progressed"  # at or above it on two checks in a row
    ABOVE = "above"  # a side above the reference by more than the noise margin


@dataclass(frozen=True)
class CheckStatus:
    """The latest record of one main check, and the one before it."""

    definition: CheckDefinition
    latest: CheckRecord
    previous: CheckRecord | None

    def values(self) -> dict[Side, float]:
        return {side: _side(self.latest, side) for side in measured_sides(self.latest)}

    def gaps(self) -> dict[Side, float]:
        """Degrees short of the reference, for the sides below it beyond the noise."""
        reference = self.definition.reference
        gaps = {side: tenths(reference.low - value) for side, value in self.values().items()}
        return {side: gap for side, gap in gaps.items() if gap > NOISE_DEGREES}

    def excess(self) -> dict[Side, float]:
        """Degrees above the reference, for the sides above it by more than the noise."""
        high = self.definition.reference.high
        over = {side: tenths(value - high) for side, value in self.values().items()}
        return {side: degrees for side, degrees in over.items() if degrees > NOISE_DEGREES}

    @property
    def reached(self) -> bool:
        return _reached(self.latest, self.definition)

    @property
    def reached_twice(self) -> bool:
        return (
            self.previous is not None and self.reached and _reached(self.previous, self.definition)
        )


def _side(record: CheckRecord, side: Side) -> float:
    value = side_value(record, side)
    assert value is not None  # only measured sides are asked for
    return value


def _reached(record: CheckRecord, definition: CheckDefinition) -> bool:
    """Every measured side at or above the reference (its low end)."""
    sides = measured_sides(record)
    low = tenths(definition.reference.low)
    return bool(sides) and all(tenths(_side(record, side)) >= low for side in sides)


def _record_order(record: CheckRecord) -> tuple[datetime, int]:
    return (record.taken_at, record.id or 0)


def passive_part(record: CheckRecord) -> CheckRecord:
    """The record's passive trials only: an active reading is not judged against a passive
    reference, but a record mixing both keeps its usable passive side."""
    return replace(record, trials=tuple(t for t in record.trials if t.mode is Mode.PASSIVE))


def check_statuses(
    records: Iterable[CheckRecord],
    checks: Sequence[CheckDefinition],
    today: date | None = None,
    tz: tzinfo = UTC,
) -> tuple[CheckStatus, ...]:
    """The main checks (not optional) that have passive readings, in the definitions' order.

    Active readings are not judged against the passive references (a record's passive
    trials still count), and "twice in a row" only counts a comparable earlier record. A
    record dated after `today` (a clock that was wrong) is not used, so no reason quotes a
    date in the future.

    Optional checks (the straight-leg raise measures the hamstrings, not rotation) are for
    the person's charts; the plan follows the two main positions. Records with no trials
    are ignored.
    """
    statuses = []
    for definition in checks:
        if definition.optional:
            continue
        mine = sorted(
            (
                passive
                for r in records
                if r.check_slug == definition.slug
                and (today is None or r.taken_at.astimezone(tz).date() <= today)
                and measured_sides(passive := passive_part(r))
            ),
            key=_record_order,
        )
        if mine:
            latest = mine[-1]
            statuses.append(CheckStatus(definition, latest, _comparable_before(mine, definition)))
    return tuple(statuses)


def _comparable_before(
    mine: Sequence[CheckRecord], definition: CheckDefinition
) -> CheckRecord | None:
    """The record before the latest that "twice in a row" may count: the latest comparable one
    (same method and mode for every trial, in both), with nothing in between that conflicts
    (a record of the same check below the reference). A record that mixes instruments never
    counts."""
    latest = mine[-1]
    method = record_method(latest)
    if method is None or record_mode(latest) is None:
        return None
    for index in range(len(mine) - 2, -1, -1):
        earlier = mine[index]
        if record_method(earlier) is method and record_mode(earlier) is record_mode(latest):
            between = mine[index + 1 : -1]
            if any(not _reached(record, definition) for record in between):
                return None
            return earlier
    return None


def find_level(statuses: Sequence[CheckStatus]) -> Level:
    """Restricted if any latest main check is below; progressed only when every one is at or
    above the reference and one of them has been twice in a row; near otherwise."""
    if not statuses:
        return Level.NO_CHECK
    if any(status.gaps() for status in statuses):
        return Level.RESTRICTED
    if any(status.excess() for status in statuses):
        return Level.ABOVE
    if all(status.reached for status in statuses) and any(s.reached_twice for s in statuses):
        return Level.PROGRESSED
    return Level.NEAR


TRIALS_FOR_A_SIDE = 2  # trials per side before a difference may pick the tighter side


def differences(statuses: Sequence[CheckStatus]) -> list[tuple[CheckStatus, Asymmetry]]:
    return [
        (status, result)
        for status in statuses
        if (result := asymmetry(status.latest)) is not None and result.tighter is not None
    ]


def sides_disagree(statuses: Sequence[CheckStatus]) -> bool:
    """The positions name different tighter sides: the evidence does not agree."""
    return len({result.tighter for _, result in differences(statuses)}) > 1


def thin_evidence(record: CheckRecord) -> str | None:
    """Why a record cannot pick a side yet: 'by eye', 'from one trial per side', or None."""
    if all(trial.method is Method.EYE for trial in record.trials):
        return "by eye"
    if any(len(side_trials(record, side)) < TRIALS_FOR_A_SIDE for side in measured_sides(record)):
        return "from one trial per side"
    return None


def largest_difference(
    statuses: Sequence[CheckStatus],
) -> tuple[CheckStatus, Asymmetry] | None:
    """The largest left/right difference beyond the noise, however good the evidence."""
    found = differences(statuses)
    return max(found, key=lambda pair: pair[1].difference) if found else None


def find_asymmetry(statuses: Sequence[CheckStatus]) -> tuple[CheckStatus, Asymmetry] | None:
    """The tighter side, only when the evidence agrees: the positions name the same side and
    the largest difference comes from two or more trials per side with an instrument."""
    if sides_disagree(statuses):
        return None
    found = largest_difference(statuses)
    if found is None or thin_evidence(found[0].latest) is not None:
        return None
    return found


def latest_record(statuses: Sequence[CheckStatus]) -> CheckRecord:
    """The latest record among the main checks' latest ones (the later stored on a tie)."""
    return max((status.latest for status in statuses), key=_record_order)
