"""When the plan asks for a check: a baseline before the first, a re-check of both positions
when they disagree about the tighter side, and a re-check on schedule.

A main check older than the re-check interval still sets the level, but no dose rises on it
until a new one; the Today page's prompt and the reminders share recheck_due, so both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from app.core.checks.types import CheckDefinition, CheckRecord
from app.core.plan.standing import CheckStatus, latest_record, sides_disagree
from app.core.plan.types import PlanPreferences, SessionLog
from app.core.plan.words import describe_day, join_words
from app.core.records import SessionStatus


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


def check_is_stale(
    statuses: Sequence[CheckStatus], preferences: PlanPreferences, today: date, tz: tzinfo
) -> bool:
    """The latest main check is older than the re-check interval in days: it still sets the
    level, but no dose rises on it until a new check."""
    if not statuses:
        return False
    days = (today - latest_record(statuses).taken_at.astimezone(tz).date()).days
    return days >= preferences.recheck_days


def recheck_due(
    statuses: Sequence[CheckStatus],
    sessions: Sequence[SessionLog],
    preferences: PlanPreferences,
    today: date,
    tz: tzinfo,
) -> tuple[CheckRecord, int, int] | None:
    """The latest main check, days and finished sessions since, once a re-check is due;
    None before. The plan keeps the check's time (Plan.recheck_last), so the Today page's
    prompt and the reminders agree."""
    if not statuses:
        return None
    latest = latest_record(statuses)
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
    due: tuple[CheckRecord, int, int] | None,
    preferences: PlanPreferences,
    today: date,
    tz: tzinfo,
) -> list[str]:
    """Time to re-check once the interval is reached (`due`, from recheck_due): `recheck_days`
    days or `recheck_sessions` finished sessions since the latest main check."""
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
