"""The cue sounds as data: their tones, and how long each is heard.

`tools/make_sounds.py` renders these into WAVs; the cue timeline (`cues.deliver`) uses the
audible lengths so words start after a chime has ended and two chimes never overlap.
"""

from __future__ import annotations

RATE = 22_050
# Every WAV ends in silence this long: an audio stream that pauses with sound still queued
# loses its last few tens of milliseconds, and the silence is what gets lost instead.
PAD_SECONDS = 0.25
PEAK = 0.5  # of full scale: cues never clip, even with speech over them

# name -> list of (frequency Hz, seconds); 0 Hz is silence.
TONES: dict[str, list[tuple[float, float]]] = {
    "count": [(880.0, 0.2)],
    "count-last": [(1320.0, 0.2)],
    "tick": [(1320.0, 0.05)],
    "start": [(660.0, 0.12), (0.0, 0.03), (990.0, 0.2)],
    "switch": [(990.0, 0.12), (0.0, 0.05), (740.0, 0.12), (0.0, 0.05), (990.0, 0.12)],
    "done": [(523.25, 0.14), (659.25, 0.14), (783.99, 0.3)],
}


def audible_seconds(name: str) -> float:
    """How long a sound is heard, without its trailing silence."""
    return sum(seconds for _, seconds in TONES[name])
