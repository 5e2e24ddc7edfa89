"""Whether a write changes what the Today page shows, so it re-plans for nothing else.

Light on purpose: the window's change handler imports it before the first paint, and the plan
engine it guards is the work between paint and usable.
"""

from __future__ import annotations

from app.core.changes import Changes, Kind
from app.core.plan.settings_keys import EQUIPMENT_KEY, PINCH_ANSWERS_KEY
from app.core.preferences import PREFERENCES_KEY

#: What Today is worked out from: every session, check-in, check and saved choice, and these
#: settings (not, say, the reminders or the voice's "caution told" list).
TODAY_KINDS = (Kind.SESSIONS, Kind.CHECKINS, Kind.CHECKS, Kind.ROUTINE)
TODAY_SETTINGS = (PREFERENCES_KEY, PINCH_ANSWERS_KEY, EQUIPMENT_KEY)


def replan_needed(changes: Changes) -> bool:
    """Whether a write may change what the Today page shows."""
    return changes.touches(TODAY_KINDS, TODAY_SETTINGS)
