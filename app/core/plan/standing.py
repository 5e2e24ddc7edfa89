"""Where the hips stand: the latest main checks, and what the plan does about them.

The checks set the plan's frame: a level (restricted, near, progressed) that gives each
stage a target offset from its base dose and picks the stages to emphasise, and a tighter
side that goes first and gets longer holds. The reasons and prompts that quote the
readings (and ask for a baseline or a re-check) live here too, next to the rules they
explain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum

from app.core.checks.labels import (
    format_degrees,
    format_reference,
)
from app.core.checks.model import (
    CheckDefinition,
    CheckRecord,
    Method,
    Mode,
)
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
from app.core.content.exercises import Dose, DoseKind, Exercise, Sides
from app.core.plan.types import PlanPreferences, SessionLog
from app.core.plan.words import describe_day, join_words
from app.core.records import SessionStatus, Side

# The routine's six stages, by number.
RELEASES, STRETCHES, MOBILIZATION, GENTLE, STRENGTHENING, INTEGRATION = range(1, 7)


# --- Checks: where the hips stand -----------------------------------------------------------


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


def _deciding(statuses: Sequence[CheckStatus], level: Level) -> CheckStatus | None:
    """The check that carries the consequence in the reasons: the largest gap when
    restricted, the first twice-at-the-reference one when progressed, else the first."""
    if level is Level.RESTRICTED:
        return max((s for s in statuses if s.gaps()), key=lambda s: max(s.gaps().values()))
    if level is Level.PROGRESSED:
        return next(s for s in statuses if s.reached_twice)
    if level is Level.ABOVE:
        return max((s for s in statuses if s.excess()), key=lambda s: max(s.excess().values()))
    return statuses[0] if statuses else None


LOOK_AT_DIFFERENCE = 15.0  # a left/right difference this large is worth a professional look
TRIALS_FOR_A_SIDE = 2  # trials per side before a difference may pick the tighter side


def _differences(statuses: Sequence[CheckStatus]) -> list[tuple[CheckStatus, Asymmetry]]:
    return [
        (status, result)
        for status in statuses
        if (result := asymmetry(status.latest)) is not None and result.tighter is not None
    ]


def sides_disagree(statuses: Sequence[CheckStatus]) -> bool:
    """The positions name different tighter sides: the evidence does not agree."""
    return len({result.tighter for _, result in _differences(statuses)}) > 1


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
    found = _differences(statuses)
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


# --- What the standing asks of each stage ---------------------------------------------------


def stage_offset(level: Level, stage: int) -> int:
    """Steps from the base dose the standing asks of a stage."""
    if level is Level.RESTRICTED and stage in (STRENGTHENING, INTEGRATION):
        return -1
    if level is Level.PROGRESSED and stage == RELEASES:
        return -1
    if level is Level.PROGRESSED and stage == STRENGTHENING:
        return 1
    return 0


def exercise_offset(level: Level, exercise: Exercise) -> int:
    """Steps from the base dose the standing asks of one exercise: above the reference,
    end-range stretches and band distractions one step shorter (and held there)."""
    if level is Level.ABOVE and (exercise.stage == STRETCHES or is_distraction(exercise)):
        return -1
    return stage_offset(level, exercise.stage)


def is_distraction(exercise: Exercise) -> bool:
    """A band distraction: the joint mobilization stage's holds."""
    return exercise.stage == MOBILIZATION and exercise.dose.kind is DoseKind.HOLD


def progresses_with_time(exercise: Exercise) -> bool:
    """Whether "too easy" may lengthen it: not a ball release or a band distraction, where
    longer is not better (their ranges only allow for a tighter side's extra time)."""
    return exercise.stage != RELEASES and not is_distraction(exercise)


def tighter_extra(exercise: Exercise, dose: Dose) -> float:
    """The tighter side's extra work: one step longer one-side holds in releases, stretches
    and mobilization, on that side only (it goes first, so its holds are the first side's)."""
    allowed = dose.ranges.get("seconds")
    if (
        exercise.stage not in (RELEASES, STRETCHES, MOBILIZATION)
        or dose.kind is not DoseKind.HOLD
        or dose.sides is not Sides.EACH
        or allowed is None
    ):
        return 0.0
    return float(allowed.step)


def emphasised_stages(level: Level) -> frozenset[int]:
    if level is Level.RESTRICTED:
        return frozenset({RELEASES, STRETCHES, MOBILIZATION})
    if level in (Level.PROGRESSED, Level.ABOVE):
        return frozenset({STRENGTHENING, INTEGRATION})
    return frozenset()


def stage_importance(level: Level) -> tuple[int, ...]:
    """Stages, most important first, for fitting a time budget."""
    emphasised = emphasised_stages(level)
    rest = [stage for stage in range(RELEASES, INTEGRATION + 1) if stage not in emphasised]
    if level is Level.PROGRESSED:
        rest.remove(RELEASES)
        rest.append(RELEASES)
    return (*sorted(emphasised), *rest)


# --- Check reasons and prompts --------------------------------------------------------------


def _readings(status: CheckStatus, today: date, tz: tzinfo) -> str:
    """'Your left hip turned in 30° lying face down on 3 May'."""
    values = status.values()
    where = status.definition.name.lower()
    when = describe_day(status.latest.taken_at, today, tz)
    if len(values) == 1:
        ((side, value),) = values.items()
        return f"Your {side.value} hip turned in {format_degrees(value)} {where} on {when}"
    left, right = format_degrees(values[Side.LEFT]), format_degrees(values[Side.RIGHT])
    return f"Your hips turned in {left} (left) and {right} (right) {where} on {when}"


def _against_reference(status: CheckStatus) -> str:
    """'15° short of the reference of 45°', 'at or above the reference of 45°', ..."""
    reference = f"the reference of {format_reference(status.definition.reference)}"
    gaps = status.gaps()
    excess = status.excess()
    if excess and len(excess) == len(status.values()):
        return f"{join_words([format_degrees(d) for d in excess.values()])} above {reference}"
    if excess and not gaps:
        ((side, degrees),) = excess.items()
        return f"the {side.value} {format_degrees(degrees)} above {reference}"
    if gaps and len(gaps) == len(status.values()):
        return f"{join_words([format_degrees(gap) for gap in gaps.values()])} short of {reference}"
    if gaps:
        ((side, gap),) = gaps.items()
        return f"the {side.value} {format_degrees(gap)} short of {reference}"
    if status.reached_twice:
        return f"at or above {reference} for the second check in a row"
    if status.reached:
        return f"at or above {reference}"
    return f"within {format_degrees(NOISE_DEGREES)} of {reference}"


def _consequence(level: Level, statuses: Sequence[CheckStatus]) -> str:
    if level is Level.RESTRICTED:
        return (
            "releases, stretches and joint work come first at full dose, "
            "and strengthening and standing moves are one step shorter today."
        )
    if level is Level.PROGRESSED:
        return (
            "releases are shorter, strengthening is one step harder, "
            "and standing moves are at full dose."
        )
    if level is Level.ABOVE:
        return (
            "that is more range than the reference, not a reason to stretch further, so the "
            "stretches and band pulls are shorter and do not grow, and the focus moves "
            "to control and strengthening."
        )
    more = ""
    if all(status.reached for status in statuses):
        more = " One more check at the reference and strengthening steps up."
    return f"all stages at their usual dose.{more}"


def no_passive_check(records: Iterable[CheckRecord], checks: Sequence[CheckDefinition]) -> str:
    """Why there is no standing: no check at all, or checks the plan cannot judge."""
    records = list(records)
    if not records:
        return "No check yet, so all six stages are at their usual dose."
    main = {d.slug for d in checks if not d.optional}
    names = {d.slug: d.name for d in checks}
    if any(r.check_slug in main for r in records):
        what = "active"
    elif not any(r.check_slug in names for r in records):
        what = "of a kind this version of Inward does not know"
    else:
        kinds = sorted({names[r.check_slug].lower() for r in records if r.check_slug in names})
        what = f"{join_words(kinds)} only"
    positions = " or ".join(d.name.lower() for d in checks if not d.optional)
    return (
        f"Your checks so far are {what}: the plan needs a passive check {positions}, so all "
        "six stages are at their usual dose."
    )


def standing_reasons(
    statuses: Sequence[CheckStatus],
    level: Level,
    today: date,
    tz: tzinfo,
    *,
    releases_at_minimum: bool = False,
) -> list[str]:
    """One sentence per main check; the deciding one also says what the plan does about it."""
    if level is Level.NO_CHECK:
        return ["No check yet, so all six stages are at their usual dose."]
    deciding = _deciding(statuses, level)
    assert deciding is not None
    reasons: list[str] = []
    for status in statuses:
        fact = f"{_readings(status, today, tz)}, {_against_reference(status)}"
        if status is deciding:
            consequence = _consequence(level, statuses)
            if releases_at_minimum:
                consequence = consequence.replace("releases are shorter", "fewer releases")
            reasons.insert(0, f"{fact}: {consequence}")
        else:
            reasons.append(f"{fact}.")
    return reasons


def lots_of_range_with_pain(statuses: Sequence[CheckStatus], pinched: bool) -> list[str]:
    """Pain together with more range than the reference: a professional should look."""
    above = [status for status in statuses if status.excess()]
    painful = any(trial.pain for status in above for trial in status.latest.trials)
    if not above or not (painful or pinched):
        return []
    return [
        "You have more range than the reference and also pain or a pinch. More stretching "
        "will not help that: please have a physiotherapist or doctor look at your hip."
    ]


def _look_at(result: Asymmetry) -> str:
    if tenths(result.difference) < LOOK_AT_DIFFERENCE:
        return ""
    return (
        f" A difference of {format_degrees(LOOK_AT_DIFFERENCE)} or more between sides is worth "
        "having a physiotherapist look at."
    )


def asymmetry_reason(statuses: Sequence[CheckStatus], today: date, tz: tzinfo) -> list[str]:
    """Which side is tighter and what the plan does about it; or why it picks no side."""
    if sides_disagree(statuses):
        parts = []
        for status, result in _differences(statuses):
            assert result.tighter is not None
            when = describe_day(status.latest.taken_at, today, tz)
            parts.append(
                f"{status.definition.name.lower()} on {when} your {result.tighter.value} side "
                f"was {format_degrees(result.difference)} tighter"
            )
        return [
            f"Your checks disagree about which side is tighter: {join_words(parts)}. Until a "
            "re-check agrees, both sides are treated the same."
        ]
    found = largest_difference(statuses)
    if found is None:
        return []
    status, result = found
    assert result.tighter is not None
    tighter = result.tighter.value
    looser = "right" if result.tighter is Side.LEFT else "left"
    where = status.definition.name.lower()
    when = describe_day(status.latest.taken_at, today, tz)
    thin = thin_evidence(status.latest)
    if thin is not None:
        return [
            f"Your {tighter} side looked {format_degrees(result.difference)} tighter than your "
            f"{looser} {where} on {when}, but {thin}. Do {TRIALS_FOR_A_SIDE} or 3 trials per "
            "side with an inclinometer, goniometer or photo before the plan favours a side."
            + _look_at(result)
        ]
    return [
        f"Your {tighter} side is {format_degrees(result.difference)} tighter than your "
        f"{looser} {where} on {when}, so the {tighter} goes first in every one-side exercise "
        f"and its holds in releases, stretches and joint work are one step longer."
        + _look_at(result)
    ]


def side_prompt(statuses: Sequence[CheckStatus]) -> list[str]:
    """Ask for a re-check when the positions disagree about the tighter side."""
    if not sides_disagree(statuses):
        return []
    return [
        "Re-check both positions, both sides, 2 or 3 trials each: your checks disagree about "
        "which side is tighter."
    ]


def baseline_prompt(checks: Sequence[CheckDefinition]) -> str:
    positions = join_words([d.name.lower() for d in checks if not d.optional])
    return (
        f"Do a baseline check first ({positions}, both sides), "
        "so the plan can follow your own range."
    )


def _latest(statuses: Sequence[CheckStatus]) -> CheckRecord:
    return max((status.latest for status in statuses), key=_record_order)


def check_is_stale(
    statuses: Sequence[CheckStatus], preferences: PlanPreferences, today: date, tz: tzinfo
) -> bool:
    """The latest main check is older than the re-check interval in days: it still sets the
    level, but no dose rises on it until a new check."""
    if not statuses:
        return False
    days = (today - _latest(statuses).taken_at.astimezone(tz).date()).days
    return days >= preferences.recheck_days


def recheck_due(
    statuses: Sequence[CheckStatus],
    sessions: Sequence[SessionLog],
    preferences: PlanPreferences,
    today: date,
    tz: tzinfo,
) -> tuple[CheckRecord, int, int] | None:
    """The latest main check, days and finished sessions since, once a re-check is due;
    None before. Shared by the Today page's prompt and the reminders, so both agree."""
    if not statuses:
        return None
    latest = _latest(statuses)
    days = (today - latest.taken_at.astimezone(tz).date()).days
    done = sum(
        1
        for session in sessions
        if session.status is SessionStatus.FINISHED and session.started_at > latest.taken_at
    )
    if days >= preferences.recheck_days or done >= preferences.recheck_sessions:
        return latest, days, done
    return None


def recheck_prompt(
    statuses: Sequence[CheckStatus],
    sessions: Sequence[SessionLog],
    preferences: PlanPreferences,
    today: date,
    tz: tzinfo,
) -> list[str]:
    """Time to re-check once the interval is reached: `recheck_days` days or
    `recheck_sessions` finished sessions since the latest main check ("every 14 days")."""
    due = recheck_due(statuses, sessions, preferences, today, tz)
    if due is None:
        return []
    latest, days, done = due
    parts = []
    hold = ""
    if days >= preferences.recheck_days:
        parts.append(f"{days} days ago")
        hold = " Doses do not rise until you re-check."
    if done >= preferences.recheck_sessions:
        parts.append(f"{done} sessions ago")
    return [
        f"Time to re-check: your last check was on {describe_day(latest.taken_at, today, tz)}, "
        f"{' and '.join(parts)} (re-check every {preferences.recheck_days} days "
        f"or {preferences.recheck_sessions} sessions).{hold}"
    ]
