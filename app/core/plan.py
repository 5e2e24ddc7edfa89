"""The next session, built from the person's own checks and how their last sessions went.

`plan_next` reads the history and returns a `Plan` whose every reason quotes the data behind
it. It is pure and deterministic: the same history, preferences and day give the same plan;
there is no wall clock (the day and the time zone dates are shown in are passed in).

How one exercise's dose is found
--------------------------------
1. **Level.** Start from the dose as last planned (the latest session that planned it), else
   the content's base dose, clamped into the allowed ranges.
2. **Standing target.** The checks set a target relative to the *base* dose, in steps of the
   dose's main value (`MAIN_VALUES`): restricted → strengthening and integration one step
   down; two checks in a row at the reference → releases one step down, strengthening one
   step up; a tighter side → holds in stages 1–3 one step up; otherwise the base dose.
   Targets are relative to the base, not to the level, so a standing that lasts for weeks
   does not compound session after session.
   - Below its target, a dose rises one step a session back toward it (not while a recent
     pinch or "too hard" holds it down).
   - Above a *lowering* target (restricted strengthening/integration, progressed releases),
     it comes down to the target: that rule binds, even after "too easy".
   - Above any other target it is kept: a progression earned with "too easy" stays.
3. **Feedback** from the latest sessions: a pinch or pain lowers one step (or leaves the
   exercise out when it is already at its easiest); "too hard" lowers one step; "too easy"
   on the last two check-ins raises one step.
4. **Safety.** Every value stays inside its range and rises at most one step against the
   level (one combined step: a return toward the target and "too easy" never add up).
5. **Saved doses** (`preferences.always`) are the person's own: their values replace the
   engine's (clamped into range, not rate-limited), except after a recent pinch or pain,
   when safety wins and the engine's lower dose is kept.

Design choices
--------------
- Restricted: strengthening (5) and integration (6) keep every exercise, each one step
  shorter on its main value (fewer reps, shorter holds); stages 1–3 come first in the
  budget and are held at no less than their full (base) dose.
- Two checks in a row at the reference: releases one step shorter where their range allows
  and, since the shipped releases already start at the bottom of theirs, only the first
  `RELEASES_KEPT_WHEN_PROGRESSED` releases are kept.
- A tighter side (asymmetry ≥ 5°) goes first in every one-side exercise, and gets extra
  volume as one step longer holds in stages 1–3 (releases, stretches, band distractions). A
  plan item cannot give one side more than the other, so both sides get the longer hold;
  a longer hold costs about 6 minutes where an extra set would cost over half an hour.
- Time budget: items are left out lowest priority first. The first exercise of each stage is
  protected until every other item is gone; stages rank emphasised first, then in routine
  order (releases last when progressed); so that stages shrink evenly, the deepest position
  in any stage goes first (emphasised stages after the others). Then left-out items that fit
  again are added back, most important first, to use the spare minutes (never one of a
  stage that is not emphasised while an emphasised one stays out). Every left-out exercise
  and every stage left out entirely is named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum

from app.core.checks import (
    NOISE_DEGREES,
    Asymmetry,
    CheckDefinition,
    CheckRecord,
    Mode,
    asymmetry,
    format_degrees,
    format_reference,
    measured_sides,
    record_method,
    record_mode,
    side_value,
    tenths,
)
from app.core.content import DOSE_VALUES, Content, Dose, DoseKind, Exercise, Sides
from app.core.dates import day_month
from app.core.feedback import CheckIn, Effort
from app.core.plan_types import ExerciseChoice, History, Plan, PlanPreferences, SessionLog
from app.core.records import SessionStatus, SetResult, Side
from app.core.routine import PlanItem, SessionPlan
from app.core.steps import plan_seconds

RELEASES, STRETCHES, MOBILIZATION, GENTLE, STRENGTHENING, INTEGRATION = range(1, 7)
RECENT_SESSIONS = 3  # how far back a pinch, "too hard" or skipping is remembered
REPEATED_PAIN = 2  # a pinch in this many of the recent sessions: see a professional
SKIPPED_IN_A_ROW = 3  # skipped this many times where planned: moved to the end of its stage
RELEASES_KEPT_WHEN_PROGRESSED = 2
BUDGET_GRACE_SECONDS = 60  # a plan fits its budget when it is at most a minute over

# The value a progression or regression step moves, per kind of dose. Going down walks the
# list in order; going up walks it backwards, so one step down and one step up always land
# where they started (hold per rep: shorten the hold first, then cut reps; restore reps first,
# then lengthen the hold).
MAIN_VALUES: Mapping[DoseKind, tuple[str, ...]] = {
    DoseKind.HOLD: ("seconds",),
    DoseKind.REPS: ("reps",),
    DoseKind.HOLD_PER_REP: ("seconds", "reps"),
    DoseKind.CYCLES: ("reps",),
}
WHOLE_VALUES = frozenset({"sets", "reps"})
_EPSILON = 1e-9


# --- Dose steps -----------------------------------------------------------------------------


def _clamped(dose: Dose, name: str, value: float) -> float | int:
    """A value inside its range; counts stay whole numbers."""
    allowed = dose.ranges[name]
    value = min(max(value, allowed.low), allowed.high)
    return round(value) if name in WHOLE_VALUES else float(value)


def with_values(dose: Dose, values: Mapping[str, float]) -> Dose:
    """The dose with some values replaced, every used value clamped into its range.

    Names the dose's kind does not use are ignored (a saved dose may predate a content edit).
    """
    used = DOSE_VALUES[dose.kind]
    merged = {name: values.get(name, getattr(dose, name)) for name in used}
    return replace(dose, **{name: _clamped(dose, name, merged[name]) for name in used})


def step_dose(dose: Dose, delta_steps: int, value_name: str) -> Dose:
    """Move one value by whole steps of its range, clamped into the range."""
    if value_name not in DOSE_VALUES[dose.kind]:
        raise ValueError(f"a {dose.kind.value} dose has no {value_name!r}")
    moved = getattr(dose, value_name) + delta_steps * dose.ranges[value_name].step
    return replace(dose, **{value_name: _clamped(dose, value_name, moved)})


def _can_move(dose: Dose, name: str, direction: int) -> bool:
    value, allowed = getattr(dose, name), dose.ranges[name]
    return value < allowed.high - _EPSILON if direction > 0 else value > allowed.low + _EPSILON


def can_step_main(dose: Dose, direction: int) -> bool:
    """Whether the main value can still move one step up (+1) or down (-1)."""
    return any(_can_move(dose, name, direction) for name in MAIN_VALUES[dose.kind])


def step_main(dose: Dose, delta_steps: int) -> Dose:
    """Move the main value by whole steps (see MAIN_VALUES); stops at the ends of the range."""
    direction = 1 if delta_steps > 0 else -1
    names = MAIN_VALUES[dose.kind]
    order = names if direction < 0 else tuple(reversed(names))
    for _ in range(abs(delta_steps)):
        name = next((n for n in order if _can_move(dose, n, direction)), None)
        if name is None:
            break
        dose = step_dose(dose, direction, name)
    return dose


def main_rank(dose: Dose) -> float:
    """How many steps the main value sits above the bottom of its range: one number that
    orders two doses of one exercise, whichever of its main values differ."""
    return sum(
        (getattr(dose, name) - dose.ranges[name].low) / dose.ranges[name].step
        for name in MAIN_VALUES[dose.kind]
    )


def limit_rise(dose: Dose, previous: Dose) -> Dose:
    """Each value at most one step above the previous dose's: the safety bound per session."""
    capped = {}
    for name in DOSE_VALUES[dose.kind]:
        before = getattr(previous, name)
        if before is not None:
            capped[name] = min(getattr(dose, name), before + dose.ranges[name].step)
    return with_values(dose, capped)


# --- Words ----------------------------------------------------------------------------------


def describe_minutes(minutes: float) -> str:
    """'1 minute', '20 minutes'."""
    whole = round(minutes)
    return "1 minute" if whole == 1 else f"{whole} minutes"


def _day(moment: datetime, today: date, tz: tzinfo) -> str:
    """'3 May', or '3 May 2025' when it is not this year (month names fixed, not the locale)."""
    local = moment.astimezone(tz).date()
    text = day_month(local)
    return text if local.year == today.year else f"{text} {local.year}"


def _join(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'; semicolons when a name has a comma of its own."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    separator = "; " if any("," in word for word in words) else ", "
    return f"{separator.join(words[:-1])} and {words[-1]}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _the(exercise: Exercise) -> str:
    """'the posterior capsule stretch': an exercise's name inside a sentence."""
    return f"the {_lower_first(exercise.name)}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _value_words(dose: Dose, name: str) -> str:
    value = getattr(dose, name)
    if name == "sets":
        return "1 set" if value == 1 else f"{value} sets"
    if name == "seconds":
        what = {DoseKind.HOLD_PER_REP: "hold per rep", DoseKind.CYCLES: "push"}
        return f"{value:g} s {what.get(dose.kind, 'hold')}"
    if name == "reps":
        return f"{value} {'rounds' if dose.kind is DoseKind.CYCLES else 'reps'}"
    if name == "cadence":
        return f"one rep every {value:g} s"
    if name == "move_seconds":
        return f"{value:g} s to lift and to lower"
    return f"{value:g} s relax"


def describe_dose_change(before: Dose, after: Dose) -> str:
    """'45 s hold instead of 60 s hold': only the values that differ."""
    return ", ".join(
        f"{_value_words(after, name)} instead of {_value_words(before, name)}"
        for name in DOSE_VALUES[after.kind]
        if getattr(after, name) != getattr(before, name)
    )


# --- Checks: where the hips stand -----------------------------------------------------------


class Level(StrEnum):
    """Where the latest checks put the person, which sets the stage targets."""

    NO_CHECK = "no_check"
    RESTRICTED = "restricted"  # a side below the reference by the noise margin or more
    NEAR = "near"  # near or at the reference
    PROGRESSED = "progressed"  # at or above it on two checks in a row


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


def check_statuses(
    records: Iterable[CheckRecord], checks: Sequence[CheckDefinition]
) -> tuple[CheckStatus, ...]:
    """The main checks (not optional) that have a passive record, in the definitions' order.

    Active readings are not judged against the passive references, and "twice in a row"
    only counts an earlier record taken with the same method.

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
                r
                for r in records
                if r.check_slug == definition.slug
                and measured_sides(r)
                and record_mode(r) is Mode.PASSIVE  # the references are passive ranges
            ),
            key=_record_order,
        )
        if mine:
            latest = mine[-1]
            same_way = [r for r in mine[:-1] if record_method(r) == record_method(latest)]
            statuses.append(CheckStatus(definition, latest, same_way[-1] if same_way else None))
    return tuple(statuses)


def find_level(statuses: Sequence[CheckStatus]) -> Level:
    """Restricted if any latest main check is below; progressed only when every one is at or
    above the reference and one of them has been twice in a row; near otherwise."""
    if not statuses:
        return Level.NO_CHECK
    if any(status.gaps() for status in statuses):
        return Level.RESTRICTED
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
    return statuses[0] if statuses else None


def find_asymmetry(statuses: Sequence[CheckStatus]) -> tuple[CheckStatus, Asymmetry] | None:
    """The largest left/right difference beyond the noise among the latest main checks."""
    found = [
        (status, result)
        for status in statuses
        if (result := asymmetry(status.latest)) is not None and result.tighter is not None
    ]
    return max(found, key=lambda pair: pair[1].difference) if found else None


def _stage_offset(level: Level, stage: int) -> int:
    """Steps from the base dose the standing asks of a stage."""
    if level is Level.RESTRICTED and stage in (STRENGTHENING, INTEGRATION):
        return -1
    if level is Level.PROGRESSED and stage == RELEASES:
        return -1
    if level is Level.PROGRESSED and stage == STRENGTHENING:
        return 1
    return 0


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
    if level is Level.PROGRESSED:
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
    when = _day(status.latest.taken_at, today, tz)
    if len(values) == 1:
        ((side, value),) = values.items()
        return f"Your {side.value} hip turned in {format_degrees(value)} {where} on {when}"
    left, right = format_degrees(values[Side.LEFT]), format_degrees(values[Side.RIGHT])
    return f"Your hips turned in {left} (left) and {right} (right) {where} on {when}"


def _against_reference(status: CheckStatus) -> str:
    """'15° short of the reference of 45°', 'at or above the reference of 45°', ..."""
    reference = f"the reference of {format_reference(status.definition.reference)}"
    gaps = status.gaps()
    if gaps and len(gaps) == len(status.values()):
        return f"{_join([format_degrees(gap) for gap in gaps.values()])} short of {reference}"
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
            "and strengthening and integration are one step shorter today."
        )
    if level is Level.PROGRESSED:
        return (
            "releases are shorter, strengthening is one step harder, "
            "and integration is at full dose."
        )
    more = ""
    if all(status.reached for status in statuses):
        more = " One more check at the reference and strengthening steps up."
    return f"all stages at their usual dose.{more}"


def standing_reasons(
    statuses: Sequence[CheckStatus], level: Level, today: date, tz: tzinfo
) -> list[str]:
    """One sentence per main check; the deciding one also says what the plan does about it."""
    if level is Level.NO_CHECK:
        return ["No check yet, so all six stages are at their usual dose."]
    deciding = _deciding(statuses, level)
    assert deciding is not None
    reasons = []
    for status in statuses:
        fact = f"{_readings(status, today, tz)}, {_against_reference(status)}"
        if status is deciding:
            reasons.insert(0, f"{fact}: {_consequence(level, statuses)}")
        else:
            reasons.append(f"{fact}.")
    return reasons


def asymmetry_reason(
    found: tuple[CheckStatus, Asymmetry] | None, today: date, tz: tzinfo
) -> list[str]:
    if found is None:
        return []
    status, result = found
    assert result.tighter is not None
    tighter = result.tighter.value
    looser = "right" if result.tighter is Side.LEFT else "left"
    where = status.definition.name.lower()
    when = _day(status.latest.taken_at, today, tz)
    return [
        f"Your {tighter} side is {format_degrees(result.difference)} tighter than your "
        f"{looser} {where} on {when}, so the {tighter} goes first in every one-side exercise "
        f"and its holds in releases, stretches and joint work are one step longer."
    ]


def baseline_prompt(checks: Sequence[CheckDefinition]) -> str:
    positions = _join([d.name.lower() for d in checks if not d.optional])
    return (
        f"Do a baseline check first ({positions}, both sides), "
        "so the plan can follow your own range."
    )


def recheck_prompt(
    statuses: Sequence[CheckStatus],
    sessions: Sequence[SessionLog],
    preferences: PlanPreferences,
    today: date,
    tz: tzinfo,
) -> list[str]:
    """Time to re-check once the interval is reached: `recheck_days` days or
    `recheck_sessions` finished sessions since the latest main check ("every 14 days")."""
    if not statuses:
        return []
    latest = max((status.latest for status in statuses), key=_record_order)
    days = (today - latest.taken_at.astimezone(tz).date()).days
    done = sum(
        1
        for session in sessions
        if session.status is SessionStatus.FINISHED and session.started_at > latest.taken_at
    )
    parts = []
    if days >= preferences.recheck_days:
        parts.append(f"{days} days ago")
    if done >= preferences.recheck_sessions:
        parts.append(f"{done} sessions ago")
    if not parts:
        return []
    return [
        f"Time to re-check: your last check was on {_day(latest.taken_at, today, tz)}, "
        f"{' and '.join(parts)} (re-check every {preferences.recheck_days} days "
        f"or {preferences.recheck_sessions} sessions)."
    ]


# --- Sessions: how they went ----------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """What the latest sessions say about one exercise."""

    pain_last_time: bool = False  # a pinch or pain the last time it was done (recently)
    pain_sessions: int = 0  # of its last RECENT_SESSIONS sessions, those with a pinch
    pain_window: int = 0  # how many of its sessions were looked at (up to RECENT_SESSIONS)
    too_hard: bool = False  # the latest check-in rated it too hard
    too_easy_twice: bool = False  # the last two check-ins rated it too easy
    held: bool = False  # a recent pinch or "too hard": it is not raised today
    skipped_in_a_row: bool = False  # skipped in each of its last SKIPPED_IN_A_ROW sessions


def _session_order(session: SessionLog) -> tuple[datetime, int]:
    return (session.started_at, session.id)


def _results(session: SessionLog, slug: str) -> list[SetResult]:
    return [result for result in session.sets if result.exercise_slug == slug]


def _involves(session: SessionLog, slug: str) -> bool:
    planned = any(item.exercise.slug == slug for item in session.plan.items)
    return planned or bool(_results(session, slug))


def _had_pain(session: SessionLog, slug: str) -> bool:
    return any(result.pain for result in _results(session, slug))


def _skipped(session: SessionLog, slug: str) -> bool:
    """Every set of it skipped, none for pain (a pinch has its own rule); a session that
    stopped before reaching it is no evidence either way."""
    results = _results(session, slug)
    return bool(results) and all(r.skipped and not r.pain for r in results)


def effort_for(checkin: CheckIn, slug: str) -> Effort:
    """The exercise's own rating when given, else the session's overall rating."""
    return checkin.exercise_effort.get(slug, checkin.effort)


def _checkins(sessions: Sequence[SessionLog]) -> list[CheckIn]:
    return [session.checkin for session in sessions if session.checkin is not None]


def feedback_for(slug: str, sessions: Sequence[SessionLog]) -> Feedback:
    """Read one exercise's feedback from sessions sorted oldest first.

    A pinch counts "last time" when it came in the latest of the recent sessions that
    involved the exercise, so an exercise left out for a pinch comes back after a few
    sessions instead of never. Effort ratings act once: only when the latest session has a
    check-in, so a missing check-in never repeats an earlier step.
    """
    recent = sessions[-RECENT_SESSIONS:]
    involved = [s for s in sessions if _involves(s, slug)][-RECENT_SESSIONS:]
    last_time = next((s for s in reversed(recent) if _involves(s, slug)), None)
    pains = sum(1 for s in involved if _had_pain(s, slug))
    latest = sessions[-1] if sessions else None
    checkins = _checkins(sessions)
    rated_now = latest is not None and latest.checkin is not None
    too_hard = rated_now and effort_for(checkins[-1], slug) is Effort.TOO_HARD
    too_easy_twice = (
        rated_now
        and len(checkins) >= 2
        and all(effort_for(c, slug) is Effort.TOO_EASY for c in checkins[-2:])
    )
    hard_lately = any(effort_for(c, slug) is Effort.TOO_HARD for c in _checkins(recent))
    done = [s for s in sessions if _results(s, slug)][-SKIPPED_IN_A_ROW:]
    return Feedback(
        pain_last_time=last_time is not None and _had_pain(last_time, slug),
        pain_sessions=pains,
        pain_window=len(involved),
        too_hard=too_hard,
        too_easy_twice=too_easy_twice,
        held=pains > 0 or hard_lately,
        skipped_in_a_row=len(done) == SKIPPED_IN_A_ROW and all(_skipped(s, slug) for s in done),
    )


def last_planned(slug: str, sessions: Sequence[SessionLog]) -> Dose | None:
    """The dose the exercise had in the latest session that planned it."""
    for session in reversed(sessions):
        for item in session.plan.items:
            if item.exercise.slug == slug:
                return item.dose
    return None


def starting_dose(exercise: Exercise, last: Dose | None) -> Dose:
    """The last planned values on the content's current dose and ranges; the base dose when
    there is none or the content changed the kind of dose since."""
    base = exercise.dose
    if last is None or last.kind is not base.kind:
        return base
    return with_values(base, {name: getattr(last, name) for name in DOSE_VALUES[base.kind]})


# --- One exercise's dose --------------------------------------------------------------------


@dataclass(frozen=True)
class DoseDecision:
    start: Dose  # the level it started from
    dose: Dose | None  # None: left out today
    causes: tuple[str, ...]  # what moved it, in plain words, in the order applied


def _target_cause(level: Level, exercise: Exercise, start: Dose) -> str:
    if main_rank(start) < main_rank(exercise.dose) - _EPSILON:
        return "one step back toward its usual dose"
    if level is Level.PROGRESSED and exercise.stage == STRENGTHENING:
        return "one step harder now your hips reach the reference"
    return "one step back toward its usual dose"


def _lowering_cause(level: Level) -> str:
    if level is Level.RESTRICTED:
        return "one step shorter while your range is restricted"
    return "shorter now your hips reach the reference"


def decide_dose(
    exercise: Exercise,
    last: Dose | None,
    level: Level,
    feedback: Feedback,
    saved: Mapping[str, float],
) -> DoseDecision:
    """Today's dose for one exercise: level, standing target, feedback, safety, saved dose.

    See the module docstring for the order and why each step is there.
    """
    start = starting_dose(exercise, last)
    offset = _stage_offset(level, exercise.stage)
    target = step_main(exercise.dose, offset)
    dose = start
    causes: list[str] = []

    def move(new: Dose, cause: str) -> None:
        nonlocal dose
        if new != dose:
            causes.append(cause)
            dose = new

    if feedback.pain_last_time:
        if not can_step_main(dose, -1):
            return DoseDecision(start, None, ("it is already at its easiest",))
        move(step_main(dose, -1), "easier after a pinch or pain last time")
    elif feedback.too_hard:
        move(step_main(dose, -1), "one step easier: you marked it too hard")
    elif not feedback.held:
        if feedback.too_easy_twice:
            move(step_main(dose, 1), "one step harder: you marked it too easy twice in a row")
        elif main_rank(dose) < main_rank(target) - _EPSILON:
            move(step_main(dose, 1), _target_cause(level, exercise, start))
    while offset < 0 and main_rank(dose) > main_rank(target) + _EPSILON:
        lower = step_main(dose, -1)
        if lower == dose:
            break
        move(lower, _lowering_cause(level))
    dose = limit_rise(dose, start)
    if saved and feedback.pain_sessions == 0:
        engine, dose = dose, with_values(dose, saved)
        if not _differs_outside(engine, start, saved):
            causes = []  # the engine only moved values the saved dose sets again
        if dose != start:
            causes.append("your saved dose")
    return DoseDecision(start, dose, tuple(causes))


def _differs_outside(dose: Dose, start: Dose, saved: Mapping[str, float]) -> bool:
    """Whether the engine moved a value the saved dose does not set."""
    return any(
        getattr(dose, name) != getattr(start, name)
        for name in DOSE_VALUES[dose.kind]
        if name not in saved
    )


# --- The routine: which exercises, in which order -------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One exercise of today's routine before its dose is decided."""

    exercise: Exercise
    saved: Mapping[str, float]  # the saved dose values, if any


def _swap_problem(content: Content, exercise: Exercise, slug: str, taken: set[str]) -> str | None:
    try:
        other = content.exercise(slug)
    except KeyError:
        return "the exercise it names is no longer in the routine"
    if other.stage != exercise.stage:
        return "it belongs to another stage"
    if slug in taken:
        return "it is already in the plan"
    return None


def _for(content: Content, slug: str) -> str:
    """' for the swivel chair', or nothing when the slug names no exercise."""
    try:
        return f" for {_the(content.exercise(slug))}"
    except KeyError:
        return ""


def saved_routine(
    content: Content, always: Mapping[str, ExerciseChoice]
) -> tuple[list[Slot], list[str], dict[str, str]]:
    """The default routine with the saved choices applied: drops, swaps, own doses.

    Returns the slots, the reasons (brief: one sentence for what was applied, one per saved
    swap that could not be used) and the per-exercise changes.
    """
    routine = content.default_routine()
    taken = {exercise.slug for exercise in routine}
    slots: list[Slot] = []
    applied: list[str] = []
    reasons: list[str] = []
    changes: dict[str, str] = {}
    for exercise in routine:
        choice = always.get(exercise.slug)
        if choice is None:
            slots.append(Slot(exercise, {}))
            continue
        if choice.dropped:
            applied.append(f"{_the(exercise)} left out")
            changes[exercise.slug] = "Left out, as you chose."
            continue
        if choice.swap_for:
            problem = _swap_problem(content, exercise, choice.swap_for, taken)
            if problem is None:
                other = content.exercise(choice.swap_for)
                taken.add(other.slug)
                own = always.get(other.slug)
                saved = choice.dose or (own.dose if own else {})
                slots.append(Slot(other, saved))
                applied.append(f"{_the(other)} instead of {_the(exercise)}")
                changes[other.slug] = f"Instead of {_the(exercise)}, as you chose."
                changes[exercise.slug] = f"Swapped for {_the(other)}, as you chose."
                continue
            reasons.append(
                f"Your saved swap of {_the(exercise)}{_for(content, choice.swap_for)} was not "
                f"used: {problem}."
            )
        slots.append(Slot(exercise, choice.dose))
        if choice.dose:
            applied.append(f"your own dose for {_the(exercise)}")
    if applied:
        reasons.insert(0, f"As you chose: {_join(applied)}.")
    return slots, reasons, changes


def move_skipped_down(slots: Sequence[Slot], skipped: set[str]) -> list[Slot]:
    """Exercises skipped again and again go to the end of their stage, in their order."""
    ordered: list[Slot] = []
    for stage in sorted({slot.exercise.stage for slot in slots}):
        mine = [slot for slot in slots if slot.exercise.stage == stage]
        ordered += [s for s in mine if s.exercise.slug not in skipped]
        ordered += [s for s in mine if s.exercise.slug in skipped]
    return ordered


# --- The time budget ------------------------------------------------------------------------


def _session(items: Sequence[PlanItem], preferences: PlanPreferences) -> SessionPlan:
    return SessionPlan(
        items=tuple(items),
        get_ready_seconds=preferences.get_ready_seconds,
        rest_seconds=preferences.rest_seconds,
    )


def fits(seconds: float, minutes: int | None) -> bool:
    """Within the budget, or at most a minute over it; no budget fits everything."""
    return minutes is None or seconds <= minutes * 60 + BUDGET_GRACE_SECONDS + _EPSILON


def drop_order(
    items: Sequence[PlanItem], importance: Sequence[int], emphasised: frozenset[int]
) -> list[int]:
    """Item indices, the first to leave out first.

    The first exercise of each stage is protected until every other item is gone, so whole
    stages go last. Items of emphasised stages go after the others. Within those groups the
    stages shrink evenly: the deepest position in a stage goes first, and of equal positions
    the least important stage's.
    """
    rank = {stage: position for position, stage in enumerate(importance)}
    seen: dict[int, int] = {}
    keys = []
    for index, item in enumerate(items):
        stage = item.exercise.stage
        within = seen.get(stage, 0)
        seen[stage] = within + 1
        keys.append((within == 0, stage in emphasised, -within, -rank.get(stage, 99), index))
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
        return plan_seconds(_session([items[i] for i in sorted(chosen)], preferences))

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
    names = _join([_lower_first(item.exercise.name) for item in left_out])
    reasons = [f"To fit {budget}, left out: {names}."]
    kept_stages = {item.exercise.stage for item in kept}
    gone = sorted({item.exercise.stage for item in left_out} - kept_stages)
    if gone:
        stages = _join([_lower_first(content.stage(stage).name) for stage in gone])
        reasons.append(
            f"No {stages} today: {'it does' if len(gone) == 1 else 'they do'} not fit in {budget}."
        )
    return reasons


# --- Feedback reasons -----------------------------------------------------------------------


def pain_reason(exercise: Exercise, feedback: Feedback, decision: DoseDecision) -> str:
    """A pinch regresses or drops the exercise; repeated, the advice gets firmer."""
    if decision.dose is None:
        what = "so it is left out today: it was already at its easiest"
    elif decision.dose != decision.start:
        what = f"so it is easier today ({describe_dose_change(decision.start, decision.dose)})"
    else:
        what = "so it is not made harder today"
    name = _the(exercise)
    if feedback.pain_sessions >= REPEATED_PAIN:
        return (
            f"{_sentence(name)} caused a pinch or pain in {feedback.pain_sessions} of your last "
            f"{feedback.pain_window} sessions with it, {what}. A pinch that keeps coming back "
            "needs a look: please see a physiotherapist or doctor before you push it further."
        )
    easier = f" An easier way to do it: {exercise.regressions[0]}" if exercise.regressions else ""
    return (
        f"Last time {name} caused a pinch or pain, {what}.{easier} "
        "If a pinch keeps coming back, have a physiotherapist look at your hip."
    )


def effort_reasons(
    sessions: Sequence[SessionLog], planned: Sequence[Exercise], level: Level = Level.NEAR
) -> list[str]:
    """The check-in ratings that move doses today: overall first, then the exercises whose
    own rating does something the overall one does not."""
    if not sessions or sessions[-1].checkin is None:
        return []
    checkins = _checkins(sessions)
    latest, previous = checkins[-1], (checkins[-2] if len(checkins) > 1 else None)
    overall_hard = latest.effort is Effort.TOO_HARD
    overall_easy = latest.effort is Effort.TOO_EASY and bool(
        previous and previous.effort is Effort.TOO_EASY
    )
    reasons = []
    if overall_hard:
        reasons.append(
            "You marked your last session too hard, so exercises are one step easier today "
            "where their range allows."
        )
    if overall_easy:
        kept_short = (
            ", except strengthening and integration, which stay short while your range is "
            "restricted"
            if level is Level.RESTRICTED
            else ""
        )
        reasons.append(
            "You marked your last two sessions too easy, so exercises are one step harder "
            f"today where their range allows{kept_short} (never more than one step a session)."
        )
    for exercise in planned:
        if exercise.slug not in latest.exercise_effort:
            continue
        hard = effort_for(latest, exercise.slug) is Effort.TOO_HARD
        easy = feedback_for(exercise.slug, sessions).too_easy_twice
        if hard and not overall_hard:
            reasons.append(
                f"You marked {_the(exercise)} too hard last time, so it is one step easier."
            )
        elif easy and not overall_easy:
            reasons.append(
                f"You marked {_the(exercise)} too easy twice in a row, so it is one step harder."
            )
    return reasons


def skipped_reason(exercise: Exercise, content: Content) -> str:
    stage = _lower_first(content.stage(exercise.stage).name)
    return (
        f"You skipped {_the(exercise)} in each of your last {SKIPPED_IN_A_ROW} sessions with "
        f"it, so it moves to the end of the {stage} stage."
    )


# --- The plan -------------------------------------------------------------------------------


def _first_side(dose: Dose, tighter: Side | None) -> Side:
    return tighter if tighter is not None and dose.sides is Sides.EACH else Side.LEFT


def plan_next(
    history: History,
    preferences: PlanPreferences,
    today: date,
    content: Content,
    checks: Sequence[CheckDefinition],
    *,
    tz: tzinfo = UTC,
) -> Plan:
    """The next session: items with doses and first sides, its exact length, and why.

    `tz` is the zone dates are read and shown in (pass the person's local zone from the UI;
    UTC by default, so a test gives the same text on every machine).
    """
    sessions = sorted(history.sessions, key=_session_order)
    statuses = check_statuses(history.checks, checks)
    level = find_level(statuses)
    lopsided = find_asymmetry(statuses)
    tighter = lopsided[1].tighter if lopsided else None

    reasons = standing_reasons(statuses, level, today, tz)
    reasons += asymmetry_reason(lopsided, today, tz)
    slots, saved_reasons, changes = saved_routine(content, preferences.always)
    reasons += saved_reasons

    feedback = {slot.exercise.slug: feedback_for(slot.exercise.slug, sessions) for slot in slots}
    skipped = [slot.exercise for slot in slots if feedback[slot.exercise.slug].skipped_in_a_row]
    slots = move_skipped_down(slots, {exercise.slug for exercise in skipped})
    items, pain_reasons = _decide_items(slots, sessions, level, tighter, feedback, changes)
    reasons += pain_reasons
    reasons += effort_reasons(sessions, [item.exercise for item in items], level)
    for exercise in skipped:
        reasons.append(skipped_reason(exercise, content))
        _add_change(changes, exercise.slug, "Moved to the end of its stage: skipped lately.")
    items, cut_reasons = _cut_releases(items, level, changes)
    reasons += cut_reasons
    items, fit_reasons = _fit(items, level, preferences, content, changes)
    reasons += fit_reasons

    prompts = [baseline_prompt(checks)] if level is Level.NO_CHECK else []
    prompts += recheck_prompt(statuses, sessions, preferences, today, tz)
    session = _session(items, preferences)
    return Plan(
        session=session,
        seconds=plan_seconds(session),
        reasons=tuple(reasons),
        prompts=tuple(prompts),
        emphasised_stages=emphasised_stages(level),
        changes=changes,
        tighter_side=tighter,
    )


def _decide_items(
    slots: Sequence[Slot],
    sessions: Sequence[SessionLog],
    level: Level,
    tighter: Side | None,
    feedback: Mapping[str, Feedback],
    changes: dict[str, str],
) -> tuple[list[PlanItem], list[str]]:
    """Each slot's dose and first side; the pinch reasons, in routine order."""
    items: list[PlanItem] = []
    reasons: list[str] = []
    for slot in slots:
        exercise, fb = slot.exercise, feedback[slot.exercise.slug]
        last = last_planned(exercise.slug, sessions)
        decision = decide_dose(exercise, last, level, fb, slot.saved)
        if fb.pain_last_time:
            reasons.append(pain_reason(exercise, fb, decision))
        if decision.dose is None:
            _add_change(changes, exercise.slug, "Left out today: a pinch or pain last time.")
            continue
        if decision.causes and decision.dose != decision.start:
            change = describe_dose_change(decision.start, decision.dose)
            what = _sentence("; ".join(decision.causes))
            _add_change(changes, exercise.slug, f"{what}: {change}.")
        extra = tighter_extra(exercise, decision.dose) if tighter is not None else 0.0
        if extra and tighter is not None:
            _add_change(changes, exercise.slug, f"{extra:g} s longer on your {tighter.value} side.")
        first = _first_side(decision.dose, tighter)
        items.append(PlanItem(exercise, decision.dose, first, extra))
    return items, reasons


def _fit(
    items: list[PlanItem],
    level: Level,
    preferences: PlanPreferences,
    content: Content,
    changes: dict[str, str],
) -> tuple[list[PlanItem], list[str]]:
    """The items that fit the time budget, and the reasons naming what was left out."""
    minutes = preferences.time_budget_minutes
    if minutes is None:
        return items, []
    kept, left_out = fit_budget(items, minutes, level, preferences)
    for item in left_out:
        _add_change(changes, item.exercise.slug, f"Left out to fit {describe_minutes(minutes)}.")
    return kept, budget_reasons(left_out, kept, minutes, content)


def _add_change(changes: dict[str, str], slug: str, sentence: str) -> None:
    changes[slug] = f"{changes[slug]} {sentence}" if slug in changes else sentence


def _cut_releases(
    items: list[PlanItem], level: Level, changes: dict[str, str]
) -> tuple[list[PlanItem], list[str]]:
    """When progressed, only the first releases are kept: less release work is needed once
    the hips reach the reference, and the shipped releases cannot be any shorter."""
    if level is not Level.PROGRESSED:
        return items, []
    releases = [item for item in items if item.exercise.stage == RELEASES]
    cut = releases[RELEASES_KEPT_WHEN_PROGRESSED:]
    if not cut:
        return items, []
    for item in cut:
        _add_change(changes, item.exercise.slug, "Left out: fewer releases are needed now.")
    names = _join([_lower_first(item.exercise.name) for item in cut])
    reason = f"Fewer releases now your hips reach the reference: left out {names}."
    return [item for item in items if item not in cut], [reason]


# --- Today's own changes --------------------------------------------------------------------


def apply_choices(plan: Plan, choices: Mapping[str, ExerciseChoice], content: Content) -> Plan:
    """Today's one-off changes from the Today page: drop, swap or set a dose within range.

    Each change adds a reason line and a `changes` entry, and the length is recomputed.
    Choices for exercises not in the plan are ignored (the plan may have changed under the
    page). A swap must name another exercise of the same stage that is not already planned;
    the swapped-in exercise starts from its base dose and keeps the first side.
    """
    items = list(plan.session.items)
    reasons = list(plan.reasons)
    changes = dict(plan.changes)
    for slug, choice in choices.items():
        index = next((i for i, item in enumerate(items) if item.exercise.slug == slug), None)
        if index is None:
            continue
        item = items[index]
        if choice.dropped:
            del items[index]
            reasons.append(f"Left out today, as you chose: {_the(item.exercise)}.")
            _add_change(changes, slug, "Left out today, as you chose.")
            continue
        if choice.swap_for:
            item = _swapped(item, choice.swap_for, {i.exercise.slug for i in items}, content)
            reasons.append(
                f"{_sentence(_the(item.exercise))} instead of {_the(items[index].exercise)} "
                "today, as you chose."
            )
            _add_change(changes, item.exercise.slug, f"Instead of {_the(items[index].exercise)}.")
        if choice.dose:
            before = item.dose
            item = replace(item, dose=with_values(item.dose, choice.dose))
            if item.dose != before:
                change = describe_dose_change(before, item.dose)
                reasons.append(f"{_sentence(_the(item.exercise))}: {change} today, as you chose.")
                _add_change(changes, item.exercise.slug, f"Your dose today: {change}.")
        items[index] = item
    session = replace(plan.session, items=tuple(items))
    return replace(
        plan,
        session=session,
        seconds=plan_seconds(session),
        reasons=tuple(reasons),
        changes=changes,
    )


def _swapped(item: PlanItem, slug: str, planned: set[str], content: Content) -> PlanItem:
    problem = _swap_problem(content, item.exercise, slug, planned)
    if problem is not None:
        raise ValueError(f"cannot swap {item.exercise.slug!r} for {slug!r}: {problem}")
    other = content.exercise(slug)
    side = item.first_side if other.dose.sides is Sides.EACH else Side.LEFT
    return PlanItem(other, other.dose, side)
