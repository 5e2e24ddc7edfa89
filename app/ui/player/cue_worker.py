"""The cue workers: two small processes, one playing cue sounds and one speaking cue words.

Sound and speech can block: a stalled speech daemon holds `QTextToSpeech` inside its
client library for good (and with it Python's lock, so no thread of that process runs
again), a speech engine takes about 1.5 s to start, and an audio server can make Qt's sound
effects spin. None of that may stop the countdown or the chimes, so each lives in a process
of its own that the window talks to through standard input and output without ever waiting
(`cue_client.CueClient`).

The sound worker feeds one output stream that never stops (`core.session.mixer`) a few
milliseconds ahead from a precise timer. The voice worker owns the speech engine and says
each phrase at its moment.

Messages are JSON lines. In: `settings` (volume, rate), `play` (sound, at), `say` (words,
at), `quit`; `at` is a moment on the shared monotonic clock. Out: `alive` four times a
second, `sound` or `voice` (ok, with a name or the reason), `placed` (what was mixed where,
for the audio test).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import wave
from array import array
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QIODevice,
    QLocale,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from app.core.session.cue_messages import decode, encode
from app.core.session.cues import Sound
from app.core.session.mixer import Mixer
from app.core.session.sound_design import RATE

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioSink
    from PySide6.QtTextToSpeech import QTextToSpeech

ALIVE_INTERVAL_MS = 250
FILL_INTERVAL_MS = 5
QUEUE_SECONDS = 0.015  # audio kept ahead of the speaker: the floor of how late a cue is heard
# Speech engines tried in order; INWARD_SPEECH_ENGINES (comma-separated) replaces the list.
PREFERRED_ENGINES = ("speechd", "sapi", "winrt", "darwin", "macos", "flite")
SPEECH_VOLUME = 0.45  # of the chosen volume: speech over a chime must stay below clipping


def send(message: dict[str, object]) -> None:
    sys.stdout.write(encode(message))
    sys.stdout.flush()


def load_sound(sound: Sound) -> array:
    path = resources.files("app.content") / "sounds" / f"{sound.value}.wav"
    with resources.as_file(path) as file, wave.open(str(file), "rb") as wav:
        samples = array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def speak_english(speech) -> None:
    """Cue words are English: under LANG=C an engine may pick any language's voice."""
    locales = [locale for locale in speech.availableLocales() if locale.name().startswith("en")]
    if not locales:
        return
    names = [locale.name() for locale in locales]
    for preferred in (QLocale.system().name(), "en_US", "en_GB"):
        if preferred in names:
            speech.setLocale(locales[names.index(preferred)])
            break
    else:
        speech.setLocale(locales[0])
    voices = speech.availableVoices()
    chosen = pick_voice([voice.name() for voice in voices], speech.locale().name())
    if chosen is not None:
        speech.setVoice(voices[chosen])


COUNTRY_WORDS = {"US": "America", "GB": "Great Britain"}


def pick_voice(names: list[str], locale_name: str) -> int | None:
    """The plain voice of the locale's own country ("English (America)" for en_US), else the
    first plain voice: espeak lists regional accents and "+variant" voices first."""
    if not names:
        return None
    plain = [index for index, name in enumerate(names) if "+" not in name] or [0]
    country = COUNTRY_WORDS.get(locale_name.partition("_")[2], "\0")
    return next((index for index in plain if country in names[index]), plain[0])


class Worker(QObject):
    """What both workers share: messages in on a plain thread, `alive` out on a timer."""

    message = Signal(dict)

    def __init__(self) -> None:
        super().__init__()
        self.message.connect(self._handle)
        self._alive_timer = QTimer(self)
        self._alive_timer.setInterval(ALIVE_INTERVAL_MS)
        self._alive_timer.timeout.connect(lambda: send({"ev": "alive"}))
        self._alive_timer.start()

    @Slot(dict)
    def _handle(self, message: dict) -> None:
        op = message.get("op")
        if op == "quit":
            QCoreApplication.quit()
        elif op == "settings":
            self.configure(float(message.get("volume", 0.8)), float(message.get("rate", 0.0)))
        else:
            self.handle(str(op), message)

    def configure(self, volume: float, rate: float) -> None:
        raise NotImplementedError

    def handle(self, op: str, message: dict) -> None:
        raise NotImplementedError


class SoundWorker(Worker):
    def __init__(self) -> None:
        super().__init__()
        self.mixer = Mixer(RATE)
        self.sounds = {sound: load_sound(sound) for sound in Sound}
        self._sink: QAudioSink | None = None
        self._device: QIODevice | None = None
        self._fill_timer = QTimer(self)
        self._fill_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._fill_timer.setInterval(FILL_INTERVAL_MS)
        self._fill_timer.timeout.connect(self._fill)
        self._open()

    def configure(self, volume: float, rate: float) -> None:
        self.mixer.volume = volume

    def handle(self, op: str, message: dict) -> None:
        if op == "play":
            sound = Sound(message["sound"])
            self.mixer.schedule(float(message["at"]), self.sounds[sound], sound.value)

    def _open(self) -> None:
        try:
            from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices
        except ImportError as error:
            send({"ev": "sound", "ok": False, "why": f"the sound module is missing ({error})"})
            return
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            send({"ev": "sound", "ok": False, "why": "there is no sound device"})
            return
        audio_format = QAudioFormat()
        audio_format.setSampleRate(RATE)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._sink = QAudioSink(device, audio_format, self)
        self._sink.setBufferSize(int(RATE * 2 * QUEUE_SECONDS * 3))
        self._device = self._sink.start()
        if self._device is None:
            send({"ev": "sound", "ok": False, "why": "the sound device would not open"})
            return
        self._fill_timer.start()
        send({"ev": "sound", "ok": True, "name": device.description()})

    def _fill(self) -> None:
        sink, device = self._sink, self._device
        if sink is None or device is None:
            return
        queued = sink.bufferSize() - sink.bytesFree()
        want = int(RATE * QUEUE_SECONDS) * 2 - queued
        frames = min(want, sink.bytesFree()) // 2
        if frames <= 0:
            return
        start = time.monotonic() + queued / (2 * RATE)
        device.write(self.mixer.render(start, frames) if self.mixer.busy else bytes(2 * frames))
        for label, due, placed in self.mixer.placed:
            send({"ev": "placed", "what": label, "due": due, "placed": placed})
        self.mixer.placed.clear()


class VoiceWorker(Worker):
    """Owns the speech engine. Starting it may block this whole process: the window sees
    `alive` stop and gives the voice up, while the sound worker plays on."""

    def __init__(self) -> None:
        super().__init__()
        self.volume, self.rate = 0.8, 0.0
        self._speech: QTextToSpeech | None = None
        QTimer.singleShot(0, self._start)

    def configure(self, volume: float, rate: float) -> None:
        self.volume, self.rate = volume, rate

    def handle(self, op: str, message: dict) -> None:
        if op == "say" and self._speech is not None:
            delay = max(0, round((float(message["at"]) - time.monotonic()) * 1000))
            words = str(message["words"])
            QTimer.singleShot(delay, lambda: self._say(words))

    def _say(self, words: str) -> None:
        speech = self._speech
        assert speech is not None  # said only once the voice has started
        speech.setVolume(self.volume * SPEECH_VOLUME)
        speech.setRate(self.rate)
        speech.say(words)

    def _start(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            send({"ev": "voice", "ok": False, "why": f"the speech module is missing ({error})"})
            return
        wanted = os.environ.get("INWARD_SPEECH_ENGINES")
        engines = wanted.split(",") if wanted is not None else PREFERRED_ENGINES
        available = QTextToSpeech.availableEngines()
        for engine in (e for e in engines if e in available):
            speech = QTextToSpeech(engine, self)
            if speech.state() == QTextToSpeech.State.Error:
                speech.deleteLater()
                continue
            speak_english(speech)
            self._speech = speech
            send({"ev": "voice", "ok": True, "name": speech.voice().name() or engine})
            return
        send({"ev": "voice", "ok": False, "why": "no speech engine works on this computer"})


def read_commands(worker: Worker) -> None:
    """Reads the window's messages on a plain thread; the end of input means quit."""
    for line in sys.stdin:
        message = decode(line)
        if message is not None:
            worker.message.emit(message)
    worker.message.emit({"op": "quit"})


ROLES = {"sound": SoundWorker, "voice": VoiceWorker}


def run(role: str) -> int:
    app = QCoreApplication([sys.argv[0]])
    worker = ROLES[role]()
    threading.Thread(target=read_commands, args=(worker,), daemon=True).start()
    app.exec()
    sys.stdout.flush()
    os._exit(0)  # a speech engine's threads may still be waiting on its daemon
