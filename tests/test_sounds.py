"""Every cue sound exists and is exactly what tools/make_sounds.py makes."""

from __future__ import annotations

import wave
from importlib import resources

from app.core.session.cues import Sound
from tools.make_sounds import expected_files


def test_committed_sounds_match_the_generator() -> None:
    folder = resources.files("app.content") / "sounds"
    for name, data in expected_files().items():
        assert (folder / name).read_bytes() == data, f"{name} differs: run `make sounds`"


def test_every_cue_sound_has_a_playable_wav() -> None:
    folder = resources.files("app.content") / "sounds"
    for sound in Sound:
        with wave.open(str(folder / f"{sound.value}.wav"), "rb") as wav:
            assert wav.getnframes() > 0
            assert wav.getframerate() == 22_050
