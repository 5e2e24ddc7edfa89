"""A computer without a voice: the spoken cues appear as big words, apart from the notice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from tests.conftest import RecordingSink
from tests.e2e.test_session import start


class VoicelessSink(QObject):
    """Like the app's cue client on a machine with no voice: words come back as
    `words_shown`, and why as a `notice`."""

    words_shown = Signal(str)
    notice = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.recording = RecordingSink(speech=False)
        self.played = self.recording.played

    def play(self, sound, delay: float = 0.0) -> None:
        self.recording.play(sound, delay)

    def say(self, words: str, delay: float = 0.0) -> None:
        self.words_shown.emit(words)

    def speech_works(self) -> bool:
        return False


@pytest.fixture
def sink() -> VoicelessSink:
    return VoicelessSink()


def test_spoken_cues_show_as_big_words_beside_the_notice(make_window, clock, qtbot, sink) -> None:
    window = make_window(size=(1366, 768))
    page = window.player_page
    start(window, qtbot)
    sink.notice.emit("No voice on this computer: cues appear as words here")
    clock.run(window.controller, 10)  # "Go." as the hold starts
    assert page.cue_words_label.isVisible()
    assert page.cue_words_label.text() == "Go."
    assert page.note_label.text() == "No voice on this computer: cues appear as words here"
    assert page.cue_words_label.font().pixelSize() >= window.height() / 20


def test_a_pinch_without_a_voice_is_shown_once_then_the_figure_returns(
    make_window, clock, qtbot
) -> None:
    window = make_window(size=(1366, 768))
    page = window.player_page
    start(window, qtbot)
    clock.run(window.controller, 20)
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert page.pinch_label.isVisible()
    assert page.pinch_label.text().startswith("Pinch noted: Deep glute release stopped")
    page.pinch_timer.timeout.emit()
    assert page.illustration.isVisible()  # its spoken copy does not linger as words
