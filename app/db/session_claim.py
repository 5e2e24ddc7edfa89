"""Which window plays a session: the claim a playing window keeps renewed, and when a claim
still holds.

Two Inward windows may share one data file. The one playing a session says so in a setting
every few seconds; the other must then neither abandon nor resume that session. A claim goes
stale when it is not renewed for a while, or at once when the Inward that left it has crashed
on this computer. The Store reads and writes the setting; this module holds the rules.
"""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from typing import Any

#: The setting naming the window that plays the session in progress, renewed while it plays.
SESSION_CLAIM_KEY = "session-in-use"
#: A claim renewed within this many seconds is a window still open (it renews every 15 s).
CLAIM_FRESH_SECONDS = 90.0


def new_claim(session_id: int, owner: str, now: datetime) -> dict[str, Any]:
    """The setting's value: window ``owner`` plays ``session_id`` and is alive at ``now``, in
    this process on this computer."""
    return {
        "session_id": session_id,
        "owner": owner,
        "seen": now.astimezone(UTC).isoformat(),
        "host": platform.node(),
        "pid": os.getpid(),
    }


def claim_owner(value_json: str) -> str | None:
    """The window named in a stored claim; None when the value is not a claim."""
    try:
        claim = json.loads(value_json)
    except ValueError:
        return None
    return claim.get("owner") if isinstance(claim, dict) else None


def held_elsewhere(claim: Any, session_id: int, owner: str | None, now: datetime) -> float | None:
    """Seconds since another window (not ``owner``) last said it plays ``session_id``, when
    that was within :data:`CLAIM_FRESH_SECONDS`; None when no live window does."""
    if not isinstance(claim, dict) or claim.get("session_id") != session_id:
        return None
    if claim.get("owner") == owner or _claimed_by_a_dead_process(claim):
        return None
    try:
        seen = datetime.fromisoformat(str(claim.get("seen")))
        age = abs((now - seen).total_seconds())
    except (TypeError, ValueError):
        return None
    return age if age <= CLAIM_FRESH_SECONDS else None


def _claimed_by_a_dead_process(claim: dict[str, Any]) -> bool:
    """A claim left by an Inward on this computer that has since crashed: its session may
    be resumed at once (other computers, and Windows, only by the claim's age)."""
    pid = claim.get("pid")
    if claim.get("host") != platform.node() or not isinstance(pid, int) or os.name != "posix":
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # another user's process: it exists
        return False
    return False
