"""What History says when a tab has nothing to show: what to do first, or to choose a longer
range."""

from __future__ import annotations

from app.core.history.ranges import SPAN_PHRASES, Span

NO_CHECKS = (
    "No checks yet: take your first self-check from the Self-checks page. It takes a few "
    "minutes, and each check you take adds a point here, left and right, against the "
    "reference range."
)
NO_SESSIONS = (
    "No sessions yet: press Start on the Today page. Each session you do shows up here: "
    "your streak, minutes, holds and a calendar of the days you practised."
)
NO_SESSION_LOG = "No sessions yet: press Start on the Today page, and each one is listed here."


def no_checks_in(span: Span) -> str:
    return (
        f"No checks {SPAN_PHRASES[span]}. Choose a longer range above to see earlier ones, "
        "or take a check from the Self-checks page."
    )


def no_sessions_in(span: Span) -> str:
    return (
        f"No sessions {SPAN_PHRASES[span]}. Choose a longer range above, or press Start on "
        "the Today page."
    )


def checks_message(any_ever: bool, any_shown: bool, span: Span) -> str:
    """What the checks tab says above its charts: how to begin, to look further back, or
    nothing when it has charts to show."""
    if not any_ever:
        return NO_CHECKS
    return "" if any_shown else no_checks_in(span)


def practice_message(any_ever: bool, any_shown: bool, span: Span) -> str:
    """The same for the practice tab, by sessions."""
    if not any_ever:
        return NO_SESSIONS
    return "" if any_shown else no_sessions_in(span)
