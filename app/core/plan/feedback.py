"""How the last sessions went, per exercise, and the reasons that quote it.

Pinches, effort ratings and skipped sets are read from the history oldest first into one
`Feedback` per exercise; the dose rules (`plan_decide`) act on it, and the sentences here
tell the person which of their own answers moved what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from app.core.content.exercises import Content, Dose, Exercise
from app.core.content.safety import PINCH_STOP
from app.core.formatting import describe_dose
from app.core.plan.dose import DoseDecision, can_step_main, describe_dose_change
from app.core.plan.stage_targets import progresses_with_time
from app.core.plan.standing import Level
from app.core.plan.types import SessionLog
from app.core.plan.words import as_sentence, describe_day, join_words, lower_first, the
from app.core.records import SetResult
from app.core.session.checkin import CheckIn, Effort

RECENT_SESSIONS = 3  # how far back a pinch, "too hard" or skipping is remembered
REPEATED_PAIN = 2  # a pinch in this many of the recent sessions: left out until assessed
SKIPPED_IN_A_ROW = 3  # skipped this many times where planned: moved to the end of its stage
MEMORY_DAYS = 14  # ratings and a single pinch older than this (a break) are not used
BREAK_DAYS = 14  # this many days without a session is a break: one step back per BREAK_DAYS


# --- Sessions: how they went ----------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """What the latest sessions say about one exercise.

    Pinch memory counts only sessions that *reached* the exercise (recorded a set of it): a
    session left after a few seconds says nothing about a stretch it never got to.
    """

    pain_last_time: bool = False  # the last session that reached it had a pinch or pain
    pain_dose: Dose | None = None  # the dose it was planned at in that session
    pain_sessions: int = 0  # of its last RECENT_SESSIONS sessions that reached it, with a pinch
    pain_window: int = 0  # how many of those sessions were looked at (up to RECENT_SESSIONS)
    stopped: bool = False  # a pinch that came back: left out until the Today question is answered
    cleared: bool = False  # answered "assessed or pain-free" since its last pinch, not done since
    sessions_since_pain: int = 0  # sessions with any set done since its last pinch
    too_hard: bool = False  # the latest check-in rated it too hard
    too_easy_twice: bool = False  # the last two check-ins rated it too easy, and it was done
    held: bool = False  # a recent pinch or "too hard": it is not raised today
    skipped_in_a_row: bool = False  # skipped in each of its last SKIPPED_IN_A_ROW sessions

    @property
    def pinch_remembered(self) -> bool:
        """Whether a pinch still shapes it today (and its reason is shown)."""
        return self.pain_last_time or self.stopped or self.cleared


def _results(session: SessionLog, slug: str) -> list[SetResult]:
    return [result for result in session.sets if result.exercise_slug == slug]


def reached(session: SessionLog, slug: str) -> bool:
    """The session got as far as the exercise: at least one of its sets was recorded."""
    return bool(_results(session, slug))


def _done(session: SessionLog, slug: str) -> bool:
    """At least one set of it was actually done (not skipped, no pinch)."""
    return any(not r.skipped and not r.pain for r in _results(session, slug))


def _evidence(session: SessionLog, slug: str) -> bool:
    """The session says something about a pinch in it: it pinched, or it was done. Skipping
    every set of it reaches it but is no evidence it is pain-free."""
    return _had_pain(session, slug) or _done(session, slug)


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


def _planned_dose(session: SessionLog, slug: str) -> Dose | None:
    return next((i.dose for i in session.plan.items if i.exercise.slug == slug), None)


def fresh_sessions(sessions: Sequence[SessionLog], today: date, tz: tzinfo) -> list[SessionLog]:
    """The sessions recent enough for ratings and a single pinch: after a break of more than
    MEMORY_DAYS, how a session felt then says little about how the body is today."""
    return [s for s in sessions if (today - s.started_at.astimezone(tz).date()).days <= MEMORY_DAYS]


def feedback_for(
    slug: str,
    sessions: Sequence[SessionLog],
    fresh: Sequence[SessionLog] | None = None,
    cleared_at: datetime | None = None,
) -> Feedback:
    """Read one exercise's feedback from sessions sorted oldest first.

    `fresh` are the sessions recent enough by date (all of them when not given): ratings and a
    single pinch come from those. A pinch that came back (REPEATED_PAIN of the last sessions
    that reached it) is remembered however old, until `cleared_at` (the person's answer) is
    later than it. Effort ratings act once: only when the latest fresh session has a
    check-in, so a missing check-in never repeats an earlier step.
    """
    fresh = list(sessions if fresh is None else fresh)
    after = [s for s in sessions if cleared_at is None or s.started_at > cleared_at]
    reached_after = [s for s in after if _evidence(s, slug)][-RECENT_SESSIONS:]
    pains_after = sum(1 for s in reached_after if _had_pain(s, slug))
    stopped = pains_after >= REPEATED_PAIN
    pinches = [s for s in sessions if _had_pain(s, slug)]
    last_pinch = pinches[-1] if pinches else None
    cleared = (
        cleared_at is not None
        and last_pinch is not None
        and cleared_at > last_pinch.started_at
        and not reached_after
    )
    since_answer = {id(s) for s in after}
    reached_fresh = [s for s in fresh if _evidence(s, slug) and id(s) in since_answer]
    reached_fresh = reached_fresh[-RECENT_SESSIONS:]
    last_reached = reached_fresh[-1] if reached_fresh else None
    pain_last_time = last_reached is not None and _had_pain(last_reached, slug)
    pains = sum(1 for s in reached_fresh if _had_pain(s, slug))
    since = 0
    if last_pinch is not None:
        since = sum(1 for s in sessions if s.started_at > last_pinch.started_at and s.sets)
    latest = fresh[-1] if fresh else None
    checkins = _checkins(fresh)
    rated_now = latest is not None and latest.checkin is not None
    too_hard = rated_now and effort_for(checkins[-1], slug) is Effort.TOO_HARD
    rated = [s for s in fresh if s.checkin is not None][-2:]
    too_easy_twice = (
        rated_now
        and len(rated) == 2
        and all(effort_for(s.checkin, slug) is Effort.TOO_EASY for s in rated if s.checkin)
        and all(_done(s, slug) for s in rated)
    )
    hard_lately = any(
        effort_for(c, slug) is Effort.TOO_HARD for c in _checkins(fresh[-RECENT_SESSIONS:])
    )
    done = [s for s in fresh if _results(s, slug)][-SKIPPED_IN_A_ROW:]
    return Feedback(
        pain_last_time=pain_last_time,
        pain_dose=_planned_dose(last_reached, slug) if pain_last_time and last_reached else None,
        pain_sessions=pains_after if stopped else pains,
        pain_window=len(reached_after) if stopped else len(reached_fresh),
        stopped=stopped,
        cleared=cleared,
        sessions_since_pain=since,
        too_hard=too_hard,
        too_easy_twice=too_easy_twice,
        held=pains > 0 or stopped or cleared or hard_lately,
        skipped_in_a_row=len(done) == SKIPPED_IN_A_ROW and all(_skipped(s, slug) for s in done),
    )


def days_away(sessions: Sequence[SessionLog], today: date, tz: tzinfo) -> int:
    """Days since the latest session that did any work (0 when there is none)."""
    worked = [s for s in sessions if s.sets]
    if not worked:
        return 0
    return max(0, (today - worked[-1].started_at.astimezone(tz).date()).days)


def break_reason(
    sessions: Sequence[SessionLog], away: int, today: date, tz: tzinfo, eased: bool = True
) -> list[str]:
    """After a break, doses ease back toward their usual level and nothing rises. `eased`:
    whether any dose was above its usual level to ease back (the sentence says which)."""
    if away < BREAK_DAYS:
        return []
    worked = [s for s in sessions if s.sets]
    when = describe_day(worked[-1].started_at, today, tz)
    steps = away // BREAK_DAYS
    step_words = "one step" if steps == 1 else f"{steps} steps"
    start = (
        f"Your last session was on {when}, {away} days ago. After a break the body needs time "
        "to get used to the work again, so "
    )
    if not eased:
        return [
            f"{start}nothing is made harder today and ratings from before the break are not "
            "used (your doses were at their usual level already)."
        ]
    return [
        f"{start}doses above their usual level are {step_words} "
        "lower (one step for every two weeks away, never below the usual dose), nothing is "
        "made harder today, and ratings from before the break are not used."
    ]


def multi_pinch(sessions: Sequence[SessionLog]) -> tuple[SessionLog, list[str]] | None:
    """The latest session that did any work, when it had a pinch in two or more exercises."""
    worked = [s for s in sessions if s.sets]
    if not worked:
        return None
    latest = worked[-1]
    slugs = list(dict.fromkeys(r.exercise_slug for r in latest.sets if r.pain))
    return (latest, slugs) if len(slugs) >= REPEATED_PAIN else None


# --- Feedback reasons -----------------------------------------------------------------------


def pain_reason(exercise: Exercise, feedback: Feedback, decision: DoseDecision) -> str:
    """A pinch regresses or leaves out the exercise; when it comes back, it stays out until
    it has been assessed or is pain-free, and the advice to see a professional is firm."""
    name = the(exercise)
    easier = f" An easier way to do it: {exercise.regressions[0]}" if exercise.regressions else ""
    if feedback.stopped:
        return (
            f"{as_sentence(name)} caused a pinch or pain in {feedback.pain_sessions} of your last "
            f"{feedback.pain_window} sessions that reached it, so it is left out until you "
            "answer the question at the top: has a physiotherapist or doctor assessed it, or "
            "is your hip pain-free now? A pinch that keeps coming back needs a look: please "
            "see a physiotherapist or doctor before you do it again."
        )
    if feedback.cleared:
        assert decision.dose is not None
        return (
            f"You said {name} has been assessed or is pain-free now, so it is back at its "
            f"easiest ({describe_dose(decision.dose)}).{easier} {PINCH_STOP}"
        )
    if decision.dose is None:
        what = "so it is left out today: it was already at its easiest"
    elif decision.dose != decision.start:
        what = f"so it is easier today ({describe_dose_change(decision.start, decision.dose)})"
    elif "back at its easiest after a pinch" in decision.causes or not can_step_main(
        decision.dose, -1
    ):
        what = "so it is back at its easiest and is not made harder until you have done it once "
        what += "without a pinch"
    else:
        what = "so it stays easier until you have done it once without a pinch"
    return (
        f"Last time {name} caused a pinch or pain, {what}.{easier} "
        "If a pinch keeps coming back, have a physiotherapist look at your hip."
    )


def multi_pinch_reason(when: str, exercises: Sequence[Exercise], stages: Sequence[str]) -> str:
    """Pinches in several exercises at once: the whole session is lighter, at once advice."""
    names = join_words([the(e) for e in exercises])
    gone = join_words(stages)
    stage_words = f"the {gone} stage is" if len(stages) == 1 else f"the {gone} stages are"
    return (
        f"Your session on {when} had a pinch or pain in {len(exercises)} exercises ({names}), "
        f"so today is one step lighter throughout and {stage_words} left out this once. "
        "Pinches in more than one exercise need a look: please see a physiotherapist or "
        "doctor before you push further."
    )


def effort_reasons(
    sessions: Sequence[SessionLog],
    planned: Sequence[Exercise],
    level: Level = Level.NEAR,
    *,
    no_rise: bool = False,
) -> list[str]:
    """The check-in ratings that move doses today: overall first, then the exercises whose
    own rating does something the overall one does not. `sessions` are the fresh ones;
    with `no_rise` (a stale check) "too easy" moves nothing, so it is not said."""
    if not sessions or sessions[-1].checkin is None:
        return []
    checkins = _checkins(sessions)
    latest, previous = checkins[-1], (checkins[-2] if len(checkins) > 1 else None)
    overall_hard = latest.effort is Effort.TOO_HARD
    overall_easy = (
        not no_rise
        and latest.effort is Effort.TOO_EASY
        and bool(previous and previous.effort is Effort.TOO_EASY)
    )
    reasons = []
    if overall_hard:
        reasons.append(
            "You marked your last session too hard, so exercises are one step easier today "
            "where their range allows."
        )
    if overall_easy:
        kept_short = (
            "; strengthening and standing moves stay short while your range is restricted"
            if level is Level.RESTRICTED
            else ""
        )
        reasons.append(
            "You marked your last two sessions too easy, so the exercises you did in both are "
            "one step harder today where their range allows (never more than one step a "
            f"session; releases and band pulls stay as they are{kept_short})."
        )
    for exercise in planned:
        if exercise.slug not in latest.exercise_effort:
            continue
        hard = effort_for(latest, exercise.slug) is Effort.TOO_HARD
        easy = (
            not no_rise
            and feedback_for(exercise.slug, sessions).too_easy_twice
            and progresses_with_time(exercise)
        )
        if hard and not overall_hard:
            reasons.append(
                f"You marked {the(exercise)} too hard last time, so it is one step easier."
            )
        elif easy and not overall_easy:
            reasons.append(
                f"You marked {the(exercise)} too easy twice in a row, so it is one step harder."
            )
    return reasons


def skipped_reason(exercise: Exercise, content: Content, moved: bool, planned: set[str]) -> str:
    """Skipped again and again: an easier way or another exercise of its stage to try, and
    "moves to the end" only when it really moves."""
    stage = lower_first(content.stage(exercise.stage).name)
    where = f", so it moves to the end of the {stage} stage" if moved else ""
    others = [
        e
        for e in content.exercises
        if e.stage == exercise.stage and e.slug != exercise.slug and e.slug not in planned
    ]
    offer = ""
    if exercise.regressions:
        offer = f" An easier way to do it: {exercise.regressions[0]}"
    if others:
        swap = f" Or swap it for {the(others[0])} (Adjust…)."
        offer = f"{offer}{swap}" if offer else swap.replace(" Or swap", " Swap", 1)
    return (
        f"You skipped {the(exercise)} in each of your last {SKIPPED_IN_A_ROW} sessions with "
        f"it{where}.{offer}"
    )


def top_of_range_reason(exercise: Exercise, content: Content, planned: set[str]) -> str | None:
    """Too easy at the top of its range: a harder way or a variant, not more time."""
    variants = [
        e
        for e in content.exercises
        if e.stage == exercise.stage and e.optional and e.slug not in planned
    ]
    if exercise.progressions:
        offer = f"try a harder way: {exercise.progressions[0]}"
    elif variants:
        offer = f"try {the(variants[0])} instead (Adjust…)"
    else:
        return None
    return (
        f"You marked {the(exercise)} too easy, and it is at the top of its range, so rather "
        f"than more time, {offer}"
    )
