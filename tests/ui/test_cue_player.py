"""The real cue player: sounds load, speech uses an engine or falls back to a visible note."""

from __future__ import annotations

import pytest

from app.core.cues import Sound
from app.ui.cue_player import QtCueSink


def test_without_a_speech_engine_words_become_a_note(qtbot) -> None:
    sink = QtCueSink(engines=("no-such-engine",))
    notes: list[str] = []
    sink.note.connect(notes.append)
    sink.say("Switch sides.")
    assert notes == ["Switch sides."]
    assert not sink.speech_works()


def test_mock_speech_engine_speaks_without_a_note(qtbot) -> None:
    tts = pytest.importorskip("PySide6.QtTextToSpeech")
    if "mock" not in tts.QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock speech engine is not installed")
    sink = QtCueSink(engines=("mock",))
    notes: list[str] = []
    sink.note.connect(notes.append)
    sink.say("Halfway.")
    assert sink.speech_works() and notes == []


def test_every_sound_loads_on_a_machine_with_sound(qtbot) -> None:
    """Qt reports Error for every sound when there is no audio device, so it needs one."""
    multimedia = pytest.importorskip("PySide6.QtMultimedia")
    if not multimedia.QMediaDevices.audioOutputs():
        pytest.skip("no audio output device on this machine (the WAVs are checked in test_sounds)")
    status = multimedia.QSoundEffect.Status
    sink = QtCueSink(engines=())
    for sound in Sound:
        effect = sink._effect(sound)
        assert effect is not None
        qtbot.waitUntil(lambda e=effect: e.status() != status.Loading, timeout=3000)
        assert effect.status() == status.Ready, sound
