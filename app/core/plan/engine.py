"""The next session, built from the person's own checks and how their last sessions went.

`plan_next` reads the history and returns a `Plan` whose every reason quotes the data behind
it. It is pure and deterministic: the same history, preferences and day give the same plan;
there is no wall clock (the day and the time zone dates are shown in are passed in).

This module only puts the steps in order; the rules live beside it, one job each:
`standing` (what the checks say), `stage_targets` (what that asks of each stage),
`standing_reasons` and `recheck` (the reasons and prompts that quote the checks), `feedback`
(what the last sessions say), `dose` (moving a dose by steps), `decide` (one exercise's dose),
`choices` (the person's own drops, swaps and doses), `budget` (the time budget) and `words`
(shared wording). The names other code imports from here are re-exported
(`__all__`), so `app.core.plan.engine` stays the engine's one front door.

How one exercise's dose is found
--------------------------------
The rules in plain words, with the clinical reason for each, are in docs/plan-rules.md.

1. **Level.** Start from the dose as last planned (the latest session that planned it), else
   the content's base dose, clamped into the allowed ranges.
2. **Standing target.** The checks set a target relative to the *base* dose, in steps of the
   dose's main value (`plan_dose.MAIN_VALUES`): restricted → strengthening and integration one
   step down; two comparable checks in a row at the reference → releases one step down,
   strengthening one step up; above the reference by more than the noise → stretches and band
   distractions one step down (and never grown); otherwise the base dose. A tighter side
   (only when the positions agree and the record has two or more instrument trials per side)
   gets one step longer holds in stages 1–3 on that side.
   Targets are relative to the base, not to the level, so a standing that lasts for weeks
   does not compound session after session.
   - Below its target, a dose rises one step a session back toward it (not while a pinch or
     "too hard" holds it down, nor after a break or on a stale check).
   - Above a *lowering* target it comes down to the target: that rule binds, even after
     "too easy".
   - Above any other target it is kept: a progression earned with "too easy" stays.
3. **Break.** 14+ days since the last session that did any work: doses above base step back
   one step per two weeks away (never below base) and nothing rises. Ratings and a single
   pinch older than 14 days are not used. A check older than the re-check interval lets
   nothing rise either.
4. **Feedback.** Pinch memory counts only sessions that reached the exercise (pinched it or
   did it). A pinch lowers the exercise one step from the dose it pinched at, until it is done
   once without a pinch (at its easiest already: left out for three sessions). A second pinch
   in the last three sessions that reached it leaves it out until the person answers the Today
   question (`History.cleared`); it then returns at its easiest. Pinches in two or more
   exercises in one session: one step lighter throughout and their stages left out once.
   "Too hard" lowers one step; "too easy" on the last two check-ins raises one step what was
   done in both (never releases or band distractions; at the top of the range a harder way is
   offered instead).
5. **Safety.** Every value stays inside its range and rises at most one step against the
   level (one combined step: a return toward the target and "too easy" never add up). Rises
   are kept only while the session stays within about 10% of the past week's longest.
6. **Saved doses** (`preferences.always`) are the person's own: their values replace the
   engine's (clamped into range, not rate-limited), except after a pinch: capped at one set,
   one step below the pinched dose, then back one step a session once done without a pinch,
   and not called "as you chose" while set aside.

Design choices
--------------
- Restricted: strengthening (5) and integration (6) keep every exercise, each one step
  shorter on its main value (fewer reps, shorter holds); stages 1–3 come first in the
  budget and are held at no less than their full (base) dose.
- Two checks in a row at the reference: releases one step shorter where their range allows
  and, since the shipped releases already start at the bottom of theirs ("fewer releases"),
  only the first `RELEASES_KEPT_WHEN_PROGRESSED` releases are kept.
- A tighter side (asymmetry ≥ 5°) goes first in every one-side exercise, and gets extra
  volume as one step longer holds in stages 1–3 (releases, stretches, band distractions). A
  plan item cannot give one side more than the other, so both sides get the longer hold;
  a longer hold costs about 6 minutes where an extra set would cost over half an hour.
  Positions that disagree, one trial per side, or by eye only: no side is picked.
- Time budget: a short session's core (a capsule or internal-rotation stretch, a joint
  mobilization, an active internal-rotation movement, the shortest strengthening exercise)
  goes last; before it, the first exercise of each other stage is protected until every
  other item is gone; stages rank emphasised first, then in routine order (releases last
  when progressed); so that stages shrink evenly, the deepest position in any stage goes
  first (emphasised stages after the others), and of equals the one needing new equipment.
  Then left-out items that fit again are added back, most important first, to use the spare
  minutes (never one of a stage that is not emphasised while an emphasised one stays out).
  Every left-out exercise and every stage left out entirely is named. A person who has not
  trained yet starts at about 20 minutes (`app.core.plan.today.starting_budget`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo

from app.core.checks.types import CheckDefinition
from app.core.content.exercises import Content, Dose, Exercise, Sides
from app.core.plan.budget import budget_reasons, build_session, fit_budget
from app.core.plan.choices import Slot, apply_choices, move_skipped_down, saved_routine
from app.core.plan.decide import decide_dose, last_planned, starting_dose
from app.core.plan.dose import (
    can_step_main,
    describe_dose_change,
    main_rank,
    no_higher,
    step_dose,
    step_main,
    with_values,
)
from app.core.plan.feedback import (
    BREAK_DAYS,
    Feedback,
    break_reason,
    days_away,
    effort_reasons,
    feedback_for,
    fresh_sessions,
    multi_pinch,
    multi_pinch_reason,
    pain_reason,
    skipped_reason,
    top_of_range_reason,
)
from app.core.plan.recheck import (
    baseline_prompt,
    check_is_stale,
    recheck_due,
    recheck_prompt,
    side_prompt,
)
from app.core.plan.stage_targets import (
    RELEASES,
    emphasised_stages,
    exercise_offset,
    progresses_with_time,
    tighter_extra,
)
from app.core.plan.standing import (
    Level,
    check_statuses,
    find_asymmetry,
    find_level,
)
from app.core.plan.standing_reasons import (
    asymmetry_reason,
    lots_of_range_with_pain,
    no_passive_check,
    standing_reasons,
)
from app.core.plan.types import Logbook, Plan, PlanPreferences, SessionLog
from app.core.plan.words import (
    add_change,
    as_sentence,
    describe_day,
    describe_minutes,
    join_words,
    lower_first,
)
from app.core.records import Side
from app.core.routine import PlanItem
from app.core.session.steps import plan_seconds

# Re-exported for the app and the tests, which import them from here.
__all__ = [
    "RELEASES_KEPT_WHEN_PROGRESSED",
    "apply_choices",
    "can_step_main",
    "check_statuses",
    "describe_minutes",
    "find_asymmetry",
    "find_level",
    "main_rank",
    "plan_next",
    "step_dose",
    "step_main",
    "with_values",
]


RELEASES_KEPT_WHEN_PROGRESSED = 2


def _session_order(session: SessionLog) -> tuple[datetime, int]:
    return (session.started_at, session.id)


def _first_side(dose: Dose, tighter: Side | None) -> Side:
    return tighter if tighter is not None and dose.sides is Sides.EACH else Side.LEFT


def plan_next(
    history: Logbook,
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
    fresh = fresh_sessions(sessions, today, tz)
    statuses = check_statuses(history.checks, checks, today, tz)
    level = find_level(statuses)
    lopsided = find_asymmetry(statuses)
    tighter = lopsided[1].tighter if lopsided else None

    slots, _, changes = saved_routine(content, preferences.always)
    releases = [slot.exercise for slot in slots if slot.exercise.stage == RELEASES]
    at_minimum = bool(releases) and not any(can_step_main(e.dose, -1) for e in releases)
    reasons = standing_reasons(statuses, level, today, tz, releases_at_minimum=at_minimum)
    if level is Level.NO_CHECK:
        reasons = [no_passive_check(history.checks, checks)]
    reasons += asymmetry_reason(statuses, today, tz)
    saved_at = len(reasons)

    away = days_away(sessions, today, tz)
    stale = check_is_stale(statuses, preferences, today, tz)
    break_at = len(reasons)
    steps = away // BREAK_DAYS if away >= BREAK_DAYS else 0
    rises = Rises(no_rise=steps > 0 or stale, ease_steps=steps)

    feedback = {
        slot.exercise.slug: feedback_for(
            slot.exercise.slug, sessions, fresh, history.cleared.get(slot.exercise.slug)
        )
        for slot in slots
    }
    slots, rises, several = _after_several_pinches(slots, fresh, rises, content, today, tz)
    if several:
        reasons.append(several[0])
        for slug in several[1:]:
            add_change(changes, slug, "Left out this once: pinches in several exercises.")
    skipped = [slot.exercise for slot in slots if feedback[slot.exercise.slug].skipped_in_a_row]
    before_moving = list(slots)
    slots = move_skipped_down(slots, {exercise.slug for exercise in skipped})
    items, pain_reasons, set_aside = _decide_items(
        slots, sessions, level, tighter, feedback, changes, rises
    )
    eased = any(note.startswith("Eased back after your break") for note in changes.values())
    reasons[break_at:break_at] = break_reason(sessions, away, today, tz, eased)
    reasons += pain_reasons
    items, growth = _limit_growth(items, sessions, preferences, changes, today, tz)
    pinched = any(fb.pinch_remembered for fb in feedback.values())
    reasons += lots_of_range_with_pain(statuses, pinched)
    planned = [item.exercise for item in items]
    reasons += effort_reasons(fresh, planned, level, no_rise=rises.no_rise)
    reasons += growth
    planned_slugs = {exercise.slug for exercise in planned}
    for exercise in skipped:
        moved = _moved(exercise, slots, before_moving)
        reasons.append(skipped_reason(exercise, content, moved, planned_slugs))
        if moved:
            add_change(changes, exercise.slug, "Moved to the end of its stage: skipped lately.")
    for item in items:
        fb = feedback[item.exercise.slug]
        easy = fb.too_easy_twice and not fb.held and not rises.no_rise
        if easy and progresses_with_time(item.exercise) and not can_step_main(item.dose, 1):
            top = top_of_range_reason(item.exercise, content, planned_slugs)
            reasons += [top] if top else []
    items, cut_reasons = _cut_releases(items, level, changes)
    reasons += cut_reasons
    items, fit_reasons = _fit(items, level, preferences, content, changes)
    reasons += fit_reasons
    _, saved_reasons, _ = saved_routine(content, preferences.always, set_aside)
    reasons[saved_at:saved_at] = saved_reasons

    prompts = [baseline_prompt(checks)] if level is Level.NO_CHECK else []
    due = recheck_due(statuses, sessions, preferences, today, tz)
    prompts += recheck_prompt(due, preferences, today, tz)
    prompts += side_prompt(statuses)
    session = build_session(items, preferences)
    return Plan(
        session=session,
        seconds=plan_seconds(session),
        reasons=tuple(reasons),
        prompts=tuple(prompts),
        emphasised_stages=emphasised_stages(level),
        changes=changes,
        tighter_side=tighter,
        awaiting_answer=tuple(
            slot.exercise.slug for slot in slots if feedback[slot.exercise.slug].stopped
        ),
        recheck_last=due[0].taken_at if due else None,
    )


@dataclass(frozen=True)
class Rises:
    """What may move up today: nothing after a break or on a stale check, and how far a
    break eases doses back; `lighter` steps every dose down after several pinches."""

    no_rise: bool = False
    ease_steps: int = 0
    lighter: bool = False


def _after_several_pinches(
    slots: list[Slot],
    fresh: Sequence[SessionLog],
    rises: Rises,
    content: Content,
    today: date,
    tz: tzinfo,
) -> tuple[list[Slot], Rises, list[str]]:
    """Pinches in two or more exercises in the latest session: the next session is lighter
    throughout and the stages they were in are left out once. Returns the slots, the rises
    and [reason, left-out slugs...] (empty when it does not apply)."""
    found = multi_pinch(fresh)
    if found is None:
        return slots, rises, []
    session, pinched = found
    known = [content.exercise(slug) for slug in pinched if _known(content, slug)]
    stages = sorted({exercise.stage for exercise in known})
    names = [lower_first(content.stage(stage).name) for stage in stages]
    when = describe_day(session.started_at, today, tz)
    gone = [slot.exercise.slug for slot in slots if slot.exercise.stage in stages]
    kept = [slot for slot in slots if slot.exercise.stage not in stages]
    reason = multi_pinch_reason(when, known, names)
    return kept, replace(rises, lighter=True), [reason, *gone]


WEEKLY_GROWTH = 0.10  # a session grows by no more than about this much on the past week's longest


def _limit_growth(
    items: list[PlanItem],
    sessions: Sequence[SessionLog],
    preferences: PlanPreferences,
    changes: dict[str, str],
    today: date,
    tz: tzinfo,
) -> tuple[list[PlanItem], list[str]]:
    """Dose rises are kept only while the session stays within about 10% of the longest one
    worked in the past week: tissue adapts to load over weeks, not sessions. The latest rises
    (deepest in the routine) are undone first."""
    week = [s for s in sessions if s.sets and (today - s.started_at.astimezone(tz).date()).days < 7]
    if not week:
        return items, []
    longest = max(plan_seconds(s.plan) for s in week)
    limit = longest * (1 + WEEKLY_GROWTH)
    last = {i.exercise.slug: last_planned(i.exercise.slug, sessions) for i in items}
    undone = []
    for index in range(len(items) - 1, -1, -1):
        if plan_seconds(build_session(items, preferences)) <= limit:
            break
        item, before = items[index], last[items[index].exercise.slug]
        if before is None or before.kind is not item.dose.kind:
            continue
        lower = no_higher(item.dose, starting_dose(item.exercise, before))
        if lower != item.dose:
            items[index] = replace(item, dose=lower)
            undone.append(item.exercise)
            changes[item.exercise.slug] = "Kept at last time's dose: the session grows slowly."
    if not undone:
        return items, []
    names = join_words([lower_first(e.name) for e in reversed(undone)])
    return items, [
        f"Your longest session this past week was {describe_minutes(longest / 60)}; a session "
        f"grows by no more than about {WEEKLY_GROWTH:.0%} a week, so these stay at last time's "
        f"dose: {names}."
    ]


def _moved(exercise: Exercise, after: Sequence[Slot], before: Sequence[Slot]) -> bool:
    """Whether moving the skipped exercises down changed this one's place in its stage."""

    def place(slots: Sequence[Slot]) -> int:
        stage = [s.exercise.slug for s in slots if s.exercise.stage == exercise.stage]
        return stage.index(exercise.slug)

    return place(after) != place(before)


def _known(content: Content, slug: str) -> bool:
    try:
        content.exercise(slug)
    except KeyError:
        return False
    return True


def _decide_items(
    slots: Sequence[Slot],
    sessions: Sequence[SessionLog],
    level: Level,
    tighter: Side | None,
    feedback: Mapping[str, Feedback],
    changes: dict[str, str],
    rises: Rises = Rises(),
) -> tuple[list[PlanItem], list[str], set[str]]:
    """Each slot's dose and first side; the pinch reasons, in routine order; and the
    exercises whose saved dose is set aside today."""
    items: list[PlanItem] = []
    reasons: list[str] = []
    set_aside: set[str] = set()
    for slot in slots:
        exercise, fb = slot.exercise, feedback[slot.exercise.slug]
        last = last_planned(exercise.slug, sessions)
        decision = decide_dose(
            exercise,
            last,
            level,
            fb,
            slot.saved,
            no_rise=rises.no_rise,
            ease_steps=rises.ease_steps,
            lighter=rises.lighter,
        )
        if fb.pinch_remembered:
            reasons.append(pain_reason(exercise, fb, decision))
        if decision.overridden:
            set_aside.add(exercise.slug)
        if decision.dose is None:
            why = (
                "Left out until it is assessed or pain-free: a pinch that keeps coming back."
                if fb.stopped
                else "Left out today: a pinch or pain last time."
            )
            add_change(changes, exercise.slug, why)
            continue
        if decision.causes and decision.dose != decision.start:
            change = describe_dose_change(decision.start, decision.dose)
            what = as_sentence("; ".join(decision.causes))
            add_change(changes, exercise.slug, f"{what}: {change}.")
        extra = tighter_extra(exercise, decision.dose) if tighter is not None else 0.0
        if level is Level.ABOVE and exercise_offset(level, exercise) < 0:
            extra = 0.0  # no extra end-range time on a hip that already has plenty
        if extra and tighter is not None:
            add_change(changes, exercise.slug, f"{extra:g} s longer on your {tighter.value} side.")
        first = _first_side(decision.dose, tighter)
        items.append(PlanItem(exercise, decision.dose, first, extra))
    return items, reasons, set_aside


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
        add_change(changes, item.exercise.slug, f"Left out to fit {describe_minutes(minutes)}.")
    return kept, budget_reasons(left_out, kept, minutes, content)


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
        add_change(changes, item.exercise.slug, "Left out: fewer releases are needed now.")
    names = join_words([lower_first(item.exercise.name) for item in cut])
    reason = f"Fewer releases now your hips reach the reference: left out {names}."
    return [item for item in items if item not in cut], [reason]
