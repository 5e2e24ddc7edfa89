"""The app's safety words, in one place: the disclaimer and the one rule for a pinch.

A pinch in the hip can be a sign of impingement, so every text in the app says the same thing
about it: stop at the first pinch or pain. A set-up that places the hip near a pinch says
"just before any pinch", never "until it pinches" (tests/core/content/test_content_safety.py checks
every content file and every user-facing string against these phrases).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.content.exercises import Exercise

PINCH_STOP = "Stop at the first pinch or pain."
PINCH_POSITION = "just before any pinch"

DISCLAIMER = (
    "Inward is not medical advice. It guides exercises from published material and cannot "
    "examine you. Stop any exercise at the first pinch or pain (press X), and see a "
    "professional if it keeps happening. If you have had hip surgery or a hip replacement, "
    "ask your surgeon or physiotherapist before you start."
)


def first_caution(exercise: Exercise) -> str:
    """The one caution the get-ready shows, large, on one line: the content's first."""
    return exercise.cautions[0] if exercise.cautions else ""
