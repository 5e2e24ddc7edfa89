"""Whether a write changes what the History page shows, so it redraws for nothing else."""

from __future__ import annotations

from app.core.changes import Changes, Kind

#: What History shows: checks, sessions with their sets, and each session's check-in.
HISTORY_KINDS = (Kind.SESSIONS, Kind.CHECKINS, Kind.CHECKS)


def history_changed(changes: Changes) -> bool:
    """Whether a write may change what the History page shows (no setting does)."""
    return changes.touches(HISTORY_KINDS)
