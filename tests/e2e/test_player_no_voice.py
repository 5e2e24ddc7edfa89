"""A computer without a voice: the spoken cues appear as big words, apart from the notice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal

from tests.conftest import RecordingSink
from tests.e2e.test_session import start


class VoicelessSink(QObject):
    """Like the app's sink on a machine with no speech engine: words come back as `note`."""

    note = Signal(str)
    speech_unavailable = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.recording = RecordingSink(speech=False)
        self.played = self.recording.played

    def play(self, sound) -> None:
        self.recording.play(sound)

    def say(self, words: str) -> None:
        self.note.emit(words)

    def speech_works(self) -> bool:
        return False


@pytest.fixture
def sink() -> VoicelessSink:
    return VoicelessSink()


def test_spoken_cues_show_as_big_words_beside_the_notice(make_window, clock, qtbot, sink) -> None:
    window = make_window(size=(1366, 768))
    page = window.player_page
    start(window, qtbot)
    sink.speech_unavailable.emit("No voice on this computer: cues appear as words here")
    clock.run(window.controller, 10)  # "Go." as the hold starts
    assert page.cue_words_label.isVisible()
    assert page.cue_words_label.text() == "Go."
    assert page.note_label.text() == "No voice on this computer: cues appear as words here"
    assert page.cue_words_label.font().pixelSize() >= window.height() / 20
