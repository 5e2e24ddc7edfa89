"""The window's side of the cue worker: sends it cues, never waits for it.

`CueClient` is the app's real `CueSink`. It starts the worker process (`cue_worker`) early,
on the Today page, so the speech engine is warm before the first "Get ready". Writes to the
process are buffered by Qt and its replies arrive as events, so nothing here can block the
GUI thread. When the worker stops answering, or its voice stalls or is missing, the words
go to the screen instead (`words_shown`) and the person is told once, plainly
(`notice`). The next session tries again with a fresh worker.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from app.core.session.cue_messages import decode, encode
from app.core.session.cues import Sound

PATIENCE_SECONDS = 2.0  # a worker says it is alive four times a second
VOICE_START_PATIENCE_SECONDS = 6.0  # a speech engine takes about 1.5 s to start, blocked
WATCH_INTERVAL_MS = 500

NO_VOICE = "No voice works on this computer, so spoken cues show as words on the screen." + (
    " Installing speech-dispatcher-espeak-ng adds one." if sys.platform == "linux" else ""
)
VOICE_STALLED = (
    "The voice stopped answering, so spoken cues show as words on the screen. "
    "Inward will try the voice again next session."
)
SOUND_STOPPED = (
    "Sound stopped answering, so there are no beeps for now; the screen shows every step. "
    "Inward will try again next session."
)
NO_SOUND = "No sound device was found, so there are no beeps; the screen shows every step."


def worker_command(role: str) -> list[str]:
    """How to start a worker: the bundle's own program, or this Python with the app."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--cue-worker", role]
    return [sys.executable, "-m", "app", "--cue-worker", role]


class WorkerProcess(QObject):
    """One worker process: JSON lines both ways, and given up when it goes quiet."""

    message = Signal(dict)
    lost = Signal()  # it stopped answering or ended: it has been killed

    def __init__(
        self, command: list[str], clock: Callable[[], float], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._command = command
        self._clock = clock
        self._process: QProcess | None = None
        self._pending = b""
        self._last_heard = 0.0
        self.patience = PATIENCE_SECONDS
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self.check_alive)

    @property
    def running(self) -> bool:
        process = self._process
        return process is not None and process.state() != QProcess.ProcessState.NotRunning

    def start(self, patience: float = PATIENCE_SECONDS) -> None:
        process = QProcess(self)
        process.setStandardErrorFile(QProcess.nullDevice())
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._give_up)
        self._process, self._pending = process, b""
        self.patience = patience
        self._last_heard = self._clock()
        process.start(self._command[0], self._command[1:])
        self._watch.start()

    def stop(self) -> None:
        """Kill it without waiting for it to agree: a stuck worker would never answer."""
        process, self._process = self._process, None
        self._watch.stop()
        if process is None:
            return
        process.finished.disconnect(self._give_up)
        process.readyReadStandardOutput.disconnect(self._read)
        if process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            # Only reaps it: a killed process ends at once, but on a busy machine not always
            # within the wait, and deleting it then blocks on it (and Qt warns). Such a one is
            # let end in the background and deleted when it has.
            if not process.waitForFinished(50):
                process.setParent(None)  # nor deleted with this object, should it go first
                _ending.add(process)
                process.finished.connect(lambda *_: _forget(process))
                return
        process.deleteLater()

    def send(self, message: dict[str, object]) -> None:
        if self.running and self._process is not None:
            self._process.write(encode(message).encode())

    def check_alive(self) -> None:
        if self.running and self._clock() - self._last_heard > self.patience:
            self._give_up()

    def _give_up(self) -> None:
        self.stop()
        self.lost.emit()

    def _read(self) -> None:
        process = self._process
        if process is None:
            return
        self._pending += bytes(process.readAllStandardOutput().data())
        *lines, self._pending = self._pending.split(b"\n")
        if lines:
            self._last_heard = self._clock()
        for line in lines:
            message = decode(line)
            if message is not None:
                self.message.emit(message)


_ending: set[QProcess] = set()  # killed workers Qt has not yet seen end


def _forget(process: QProcess) -> None:
    _ending.discard(process)
    process.deleteLater()


class CueClient(QObject):
    words_shown = Signal(str)  # words that could not be spoken: the player shows them large
    notice = Signal(str)  # a plain sentence when sound or voice stops working
    voice_changed = Signal(bool)  # the voice became usable, or stopped being usable
    placed = Signal(str, float, float)  # what, due, placed in the stream (for the audio test)

    def __init__(
        self,
        parent: QObject | None = None,
        command: Callable[[str], list[str]] = worker_command,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.sound = WorkerProcess(command("sound"), clock, self)
        self.voice = WorkerProcess(command("voice"), clock, self)
        self.sound.message.connect(self._from_sound)
        self.voice.message.connect(self._from_voice)
        self.sound.lost.connect(self._sound_lost)
        self.voice.lost.connect(self._voice_lost)
        self.sound_ok = False
        self.voice_ok = False
        self.voice_name = ""
        self.problem = ""  # the latest notice, said again at the start of a session
        self._volume = 0.8
        self._rate = 0.0

    # -- the CueSink interface --------------------------------------------------------

    def play(self, sound: Sound, delay: float = 0.0) -> None:
        if self.sound_ok:
            self.sound.send({"op": "play", "sound": sound.value, "at": self._clock() + delay})

    def say(self, words: str, delay: float = 0.0) -> None:
        if self.voice_ok:
            self.voice.send({"op": "say", "words": words, "at": self._clock() + delay})
        else:
            self.words_shown.emit(words)

    def speech_works(self) -> bool:
        return self.voice_ok

    # -- settings and life ------------------------------------------------------------

    def configure(self, volume: float, rate: float) -> None:
        """Called with every cue's moment (the sink is fetched per event): sent on change."""
        if (volume, rate) == (self._volume, self._rate):
            return
        self._volume, self._rate = volume, rate
        for worker in (self.sound, self.voice):
            worker.send({"op": "settings", "volume": volume, "rate": rate})

    def warm_up(self) -> None:
        """Start both workers now, so the first cue of a session is not the one that waits."""
        settings = {"op": "settings", "volume": self._volume, "rate": self._rate}
        if not self.sound.running:
            self.sound_ok = False
            self.sound.start()
            self.sound.send(settings)
        if not self.voice.running:
            self._set_voice(False, "")
            self.voice.start(VOICE_START_PATIENCE_SECONDS)
            self.voice.send(settings)

    def begin_session(self) -> None:
        """A worker given up on earlier gets a fresh try; working ones are kept."""
        if not (self.sound.running and self.voice.running):
            self.problem = ""
        self.warm_up()

    @property
    def running(self) -> bool:
        return self.sound.running or self.voice.running

    def shut_down(self) -> None:
        self.sound.stop()
        self.voice.stop()
        self.sound_ok = False
        self._set_voice(False, "")

    # -- Settings' "Test sound" and "Test voice" ---------------------------------------

    def test_sound(self, volume: float, rate: float) -> str:
        self.configure(volume, rate)
        self.warm_up()
        if not self.sound_ok:
            return self.problem or "Sound is still starting: try again in a moment."
        self.play(Sound.START)
        self.play(Sound.DONE, 0.6)
        return "Playing the start and end chimes. Too quiet? Move the volume slider."

    def test_voice(self, volume: float, rate: float) -> str:
        self.configure(volume, rate)
        self.warm_up()
        if not self.voice_ok:
            return self.problem or "The voice is still starting: try again in a moment."
        self.say("This is the voice of your cues. Get ready: left side.")
        return f"Speaking with the voice {self.voice_name}."

    # -- what the workers say ---------------------------------------------------------

    def _from_sound(self, message: dict) -> None:
        event = message.get("ev")
        if event == "sound":
            self.sound_ok = bool(message.get("ok"))
            if not self.sound_ok:
                self._tell(NO_SOUND)
        elif event == "placed":
            self.placed.emit(str(message["what"]), float(message["due"]), float(message["placed"]))

    def _from_voice(self, message: dict) -> None:
        if message.get("ev") == "voice":
            self.voice.patience = PATIENCE_SECONDS
            works = bool(message.get("ok"))
            self._set_voice(works, str(message.get("name", "")))
            if not works:
                self._tell(NO_VOICE)

    def _sound_lost(self) -> None:
        self.sound_ok = False
        self._tell(SOUND_STOPPED)

    def _voice_lost(self) -> None:
        self._set_voice(False, "")
        self._tell(VOICE_STALLED)

    def _set_voice(self, works: bool, name: str) -> None:
        changed = works != self.voice_ok
        self.voice_ok, self.voice_name = works, name
        if changed:
            self.voice_changed.emit(works)

    def _tell(self, text: str) -> None:
        if text != self.problem:
            self.problem = text
            self.notice.emit(text)
