"""The player's looks and beats: their own module because the theme needs them before the
first paint, and importing them from display would load the whole player with them."""

from __future__ import annotations

from enum import StrEnum


class Look(StrEnum):
    """Which of the player's states this is, for its colour and shape: from the mat, HOLD,
    REST and PAUSED must differ at a glance, not only in a word."""

    GET_READY = "get-ready"
    SWITCH = "switch"
    HOLD = "hold"
    REPS = "reps"  # reps, holds per rep and contract-relax cycles: the counter leads
    REST = "rest"
    PAUSED = "paused"
    DONE = "done"


class Beat(StrEnum):
    """The part of a rep or cycle under way, shown as a big coloured word."""

    LIFT = "lift"
    HOLD = "hold"
    LOWER = "lower"
    PUSH = "push"
    RELAX = "relax"
