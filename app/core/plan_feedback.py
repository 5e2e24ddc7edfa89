"""How the last sessions went, per exercise, and the reasons that quote it.

Pinches, effort ratings and skipped sets are read from the history oldest first into one
`Feedback` per exercise; the dose rules (`plan_decide`) act on it, and the sentences here
tell the person which of their own answers moved what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.content import Content, Exercise
from app.core.feedback import CheckIn, Effort
from app.core.plan_dose import DoseDecision, describe_dose_change
from app.core.plan_standing import Level
from app.core.plan_types import SessionLog
from app.core.plan_words import as_sentence, lower_first, the
from app.core.records import SetResult

RECENT_SESSIONS = 3  # how far back a pinch, "too hard" or skipping is remembered
REPEATED_PAIN = 2  # a pinch in this many of the recent sessions: see a professional
SKIPPED_IN_A_ROW = 3  # skipped this many times where planned: moved to the end of its stage


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


# --- Feedback reasons -----------------------------------------------------------------------


def pain_reason(exercise: Exercise, feedback: Feedback, decision: DoseDecision) -> str:
    """A pinch regresses or drops the exercise; repeated, the advice gets firmer."""
    if decision.dose is None:
        what = "so it is left out today: it was already at its easiest"
    elif decision.dose != decision.start:
        what = f"so it is easier today ({describe_dose_change(decision.start, decision.dose)})"
    else:
        what = "so it is not made harder today"
    name = the(exercise)
    if feedback.pain_sessions >= REPEATED_PAIN:
        return (
            f"{as_sentence(name)} caused a pinch or pain in {feedback.pain_sessions} of your last "
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
                f"You marked {the(exercise)} too hard last time, so it is one step easier."
            )
        elif easy and not overall_easy:
            reasons.append(
                f"You marked {the(exercise)} too easy twice in a row, so it is one step harder."
            )
    return reasons


def skipped_reason(exercise: Exercise, content: Content) -> str:
    stage = lower_first(content.stage(exercise.stage).name)
    return (
        f"You skipped {the(exercise)} in each of your last {SKIPPED_IN_A_ROW} sessions with "
        f"it, so it moves to the end of the {stage} stage."
    )
