"""Plays cue sounds (QSoundEffect) and speaks cues (QTextToSpeech) when an engine works.

QtMultimedia and QtTextToSpeech are imported on first use, off the start-up path. When no
speech engine works, spoken cues fall back to sounds and a visible note.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QObject, QUrl, Signal

from app.core.cues import Sound

PREFERRED_ENGINES = ("speechd", "sapi", "winrt", "darwin", "macos", "flite")


class QtCueSink(QObject):
    """The app's real CueSink. `note` carries spoken words when they cannot be spoken."""

    note = Signal(str)
    speech_unavailable = Signal(str)

    def __init__(
        self, parent: QObject | None = None, engines: tuple[str, ...] = PREFERRED_ENGINES
    ) -> None:
        super().__init__(parent)
        self._engines = engines
        self._effects: dict[Sound, object] = {}
        self._speech: object | None = None
        self._speech_checked = False
        self.volume = 0.8
        self.speech_rate = 0.0

    # -- sounds -----------------------------------------------------------------------

    def play(self, sound: Sound) -> None:
        effect = self._effect(sound)
        if effect is not None:
            effect.setVolume(self.volume)
            effect.play()

    def _effect(self, sound: Sound):
        if sound not in self._effects:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError:
                self._effects[sound] = None
                return None
            effect = QSoundEffect(self)
            path = resources.files("app.content") / "sounds" / f"{sound.value}.wav"
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[sound] = effect
        return self._effects[sound]

    # -- speech -----------------------------------------------------------------------

    def say(self, words: str) -> None:
        speech = self._engine()
        if speech is None:
            self.note.emit(words)
            return
        speech.setVolume(self.volume)
        speech.setRate(self.speech_rate)
        speech.say(words)

    def speech_works(self) -> bool:
        return self._engine() is not None

    def _engine(self):
        if self._speech_checked:
            return self._speech
        self._speech_checked = True
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.speech_unavailable.emit(f"Spoken cues are off: {error}")
            return None
        engines = [e for e in self._engines if e in QTextToSpeech.availableEngines()]
        for engine in engines:
            speech = QTextToSpeech(engine, self)
            if speech.state() != QTextToSpeech.State.Error:
                self._speech = speech
                return speech
            speech.deleteLater()
        self.speech_unavailable.emit(
            "No speech engine works on this computer, so spoken cues show as text instead."
        )
        return None
