"""Wording shared by the plan engine's reasons and change notes.

Every reason a plan gives is a sentence about the person's own data, built in several
modules (checks, feedback, budget, choices). These helpers keep days, lists, exercise names
and minutes written one way in all of them, and hold no rules of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from app.core.content.exercises import Exercise
from app.core.dates import day_month_in_year


def describe_minutes(minutes: float) -> str:
    """'1 minute', '20 minutes'."""
    whole = round(minutes)
    return "1 minute" if whole == 1 else f"{whole} minutes"


def describe_day(moment: datetime, today: date, tz: tzinfo) -> str:
    """'3 May', or '3 May 2025' when it is not this year (month names fixed, not the locale)."""
    return day_month_in_year(moment.astimezone(tz).date(), today.year)


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'; semicolons when a name has a comma of its own."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    separator = "; " if any("," in word for word in words) else ", "
    return f"{separator.join(words[:-1])} and {words[-1]}"


def lower_first(text: str) -> str:
    """A name inside a sentence: 'Swivel chair' -> 'swivel chair'."""
    return text[:1].lower() + text[1:]


def the(exercise: Exercise) -> str:
    """'the posterior capsule stretch': an exercise's name inside a sentence."""
    return f"the {lower_first(exercise.name)}"


def as_sentence(text: str) -> str:
    """Capitalised to start a sentence."""
    return text[:1].upper() + text[1:]


def add_change(changes: dict[str, str], slug: str, sentence: str) -> None:
    """Add a sentence to one exercise's change note (`Plan.changes`), after any before it."""
    changes[slug] = f"{changes[slug]} {sentence}" if slug in changes else sentence
