"""What History says when there is nothing to show."""

from __future__ import annotations

from app.core.history.empty_states import NO_CHECKS, NO_SESSIONS, no_checks_in, no_sessions_in
from app.core.history.ranges import Span


def test_empty_states_say_what_to_do_first():
    assert NO_CHECKS.startswith("No checks yet: take your first self-check")
    assert "Self-checks page" in NO_CHECKS
    assert NO_SESSIONS.startswith("No sessions yet: press Start on the Today page")
    assert "last 4 weeks" in no_checks_in(Span.WEEKS_4)
    assert "longer range" in no_sessions_in(Span.YEAR)
