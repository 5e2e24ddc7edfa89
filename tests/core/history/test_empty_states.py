"""What History says when there is nothing to show."""

from __future__ import annotations

from app.core.history.empty_states import (
    NO_CHECKS,
    NO_SESSIONS,
    checks_message,
    no_checks_in,
    no_sessions_in,
    practice_message,
)
from app.core.history.ranges import Span


def test_empty_states_say_what_to_do_first():
    assert NO_CHECKS.startswith("No checks yet: take your first self-check")
    assert "Self-checks page" in NO_CHECKS
    assert NO_SESSIONS.startswith("No sessions yet: press Start on the Today page")
    assert "last 4 weeks" in no_checks_in(Span.WEEKS_4)
    assert "longer range" in no_sessions_in(Span.YEAR)


def test_a_tab_asks_for_a_first_check_or_session_before_a_longer_range():
    assert checks_message(False, False, Span.YEAR) == NO_CHECKS
    assert checks_message(True, False, Span.WEEKS_4) == no_checks_in(Span.WEEKS_4)
    assert checks_message(True, True, Span.WEEKS_4) == ""  # the charts say it
    assert practice_message(False, False, Span.YEAR) == NO_SESSIONS
    assert practice_message(True, False, Span.YEAR) == no_sessions_in(Span.YEAR)
    assert practice_message(True, True, Span.YEAR) == ""
