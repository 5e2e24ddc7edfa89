"""The cue mixer: a sound is heard at its moment, never early, never cut short, never clipped."""

from __future__ import annotations

import struct
from array import array

from app.core.session.mixer import FULL_SCALE, Mixer

RATE = 1000  # one sample a millisecond keeps the arithmetic readable


def samples(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 2}h", data))


def test_a_sound_starts_at_its_moment_within_a_chunk() -> None:
    mixer = Mixer(RATE)
    mixer.schedule(10.015, array("h", [100] * 5), "count")
    first = samples(mixer.render(10.0, 10))
    second = samples(mixer.render(10.010, 10))
    assert first == [0] * 10
    assert second == [0] * 5 + [100] * 5
    assert mixer.placed == [("count", 10.015, 10.015)]
    assert not mixer.busy


def test_a_late_sound_starts_at_once_and_is_played_whole() -> None:
    mixer = Mixer(RATE)
    mixer.schedule(9.0, array("h", [7] * 25), "start")
    heard = samples(mixer.render(10.0, 10)) + samples(mixer.render(10.01, 10))
    heard += samples(mixer.render(10.02, 10))
    assert heard == [7] * 25 + [0] * 5
    assert mixer.placed == [("start", 9.0, 10.0)]


def test_overlapping_sounds_add_up_without_wrapping_past_full_scale() -> None:
    mixer = Mixer(RATE)
    mixer.schedule(0.0, array("h", [30000] * 4))
    mixer.schedule(0.0, array("h", [30000] * 4))
    assert samples(mixer.render(0.0, 4)) == [FULL_SCALE] * 4


def test_volume_scales_the_mix() -> None:
    mixer = Mixer(RATE, volume=0.5)
    mixer.schedule(0.0, array("h", [1000, -1000]))
    assert samples(mixer.render(0.0, 2)) == [500, -500]
