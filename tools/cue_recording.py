"""Hear the cues for real: a PulseAudio null sink, a recording of its monitor, and when each
cue was heard.

The audio test (tests/audio) and the acoustic benchmark (benchmarks/cue_acoustic.py) use
this. `NullSink` starts a private PulseAudio server whose only output is a null sink;
`Recorder` reads the sink's monitor with `parec` and maps every sample to the monotonic
clock (the earliest a chunk could have been captured, from the lower envelope of when chunks
arrived); `analyse` finds each chime's onset by its first tone, so speech around it does not
confuse it, and checks its tail was heard whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from app.core.session.sound_design import TONES, audible_seconds

RATE = 22_050
SINK = "inward_null"
FULL_SCALE = 32767
HOP = 0.001  # onsets are found to the millisecond
WINDOW = 0.008


def pulse_tools_present() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "parec"))


class NullSink:
    """A private PulseAudio server with one null sink; `env` points programs at it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="inward-pulse-"))
        self.folder.chmod(0o700)
        socket = self.folder / "native"
        self.env = {
            "PULSE_SERVER": f"unix:{socket}",
            "PULSE_RUNTIME_PATH": str(self.folder),
            "XDG_RUNTIME_DIR": str(self.folder),
        }
        command = [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
            f"--load=module-null-sink sink_name={SINK} rate=44100",
            "--load=module-suspend-on-idle timeout=1",  # as on a desktop: an idle sink sleeps
        ]
        environment = {**os.environ, **self.env}
        self.process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["pactl", "set-default-sink", SINK], env=environment, capture_output=True
            )
            if probe.returncode == 0:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise RuntimeError("PulseAudio did not start")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class SpeechDaemon:
    """speech-dispatcher on a socket of its own, speaking into the null sink."""

    def __init__(self, sink: NullSink) -> None:
        self.socket = sink.folder / "speechd.sock"
        self.process = subprocess.Popen(
            ["speech-dispatcher", "-s", "-c", "unix_socket", "-S", str(self.socket), "-t", "0"],
            env={**os.environ, **sink.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.env = {"SPEECHD_ADDRESS": f"unix_socket:{self.socket}"}

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(5)


@dataclass
class Recording:
    samples: np.ndarray  # int16 mono at RATE
    start: float  # monotonic time of samples[0]

    def index(self, moment: float) -> int:
        return round((moment - self.start) * RATE)

    def moment(self, index: float) -> float:
        return self.start + index / RATE


class Recorder:
    """Records the null sink's monitor from now until `stop`."""

    def __init__(self, sink: NullSink) -> None:
        command = [
            "parec",
            f"--device={SINK}.monitor",
            f"--rate={RATE}",
            "--channels=1",
            "--format=s16le",
            "--latency-msec=5",
            "--raw",
        ]
        self._process = subprocess.Popen(
            command, env={**os.environ, **sink.env}, stdout=subprocess.PIPE
        )
        self._data = bytearray()
        self._starts: list[float] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while chunk := stream.read1(4096):
            arrived = time.monotonic()
            self._data += chunk
            self._starts.append(arrived - len(self._data) // 2 / RATE)

    def now_heard(self) -> float:
        """How far the recording has got, on the monotonic clock."""
        return min(self._starts, default=time.monotonic()) + len(self._data) // 2 / RATE

    def stop(self) -> Recording:
        self._process.terminate()
        self._process.wait(5)
        self._thread.join(5)
        if self._process.stdout is not None:
            self._process.stdout.close()
        usable = len(self._data) // 2 * 2
        samples = np.frombuffer(bytes(self._data[:usable]), dtype="<i2").astype(np.int16)
        return Recording(samples, min(self._starts))


@dataclass(frozen=True)
class Placed:
    what: str
    due: float  # the cue's moment
    placed: float  # where the mixer put it


@dataclass
class Heard:
    what: str
    due: float
    onset: float | None  # None: not found
    tail_whole: bool

    @property
    def late_ms(self) -> float | None:
        return None if self.onset is None else (self.onset - self.due) * 1000


@dataclass
class Analysis:
    heard: list[Heard] = field(default_factory=list)
    peak: int = 0

    @property
    def lateness_ms(self) -> list[float]:
        return [h.late_ms for h in self.heard if h.late_ms is not None]

    @property
    def missing(self) -> list[Heard]:
        return [h for h in self.heard if h.onset is None]

    @property
    def cut_short(self) -> list[Heard]:
        return [h for h in self.heard if h.onset is not None and not h.tail_whole]


def tone_energy(samples: np.ndarray, frequency: float, start: int, stop: int) -> np.ndarray:
    """The tone's energy in a sliding window, one value per HOP from `start` to `stop`."""
    width, hop = round(WINDOW * RATE), max(1, round(HOP * RATE))
    start = max(0, start)
    stop = min(len(samples) - width, stop)
    if stop <= start:
        return np.zeros(0)
    phase = np.exp(-2j * np.pi * frequency * np.arange(width) / RATE)
    signal = samples.astype(np.float64) / FULL_SCALE
    starts = np.arange(start, stop, hop)
    return np.array([abs(np.dot(signal[s : s + width], phase)) for s in starts])


def find_onset(samples: np.ndarray, name: str, around: int, before: int, after: int) -> int | None:
    """The first sample where the sound's first tone reaches half its strength."""
    frequency = TONES[name][0][0]
    energy = tone_energy(samples, frequency, around - before, around + after)
    if len(energy) == 0 or energy.max() < 0.5:  # too weak to be our chime
        return None
    first = int(np.argmax(energy >= energy.max() / 2))
    return max(0, around - before) + first * max(1, round(HOP * RATE))


@cache
def detection_bias(name: str) -> int:
    """Where find_onset puts a sound that starts exactly at sample 1000 (its fade and window)."""
    from tools.make_sounds import render

    raw = render(TONES[name])
    wav = np.frombuffer(raw[44:], dtype="<i2")
    padded = np.concatenate([np.zeros(1000, dtype=np.int16), wav, np.zeros(2000, np.int16)])
    onset = find_onset(padded, name, 1000, 500, round(0.3 * RATE))
    assert onset is not None
    return onset - 1000


def analyse(recording: Recording, placed: list[Placed]) -> Analysis:
    analysis = Analysis(peak=int(np.abs(recording.samples.astype(np.int32)).max(initial=0)))
    for cue in placed:
        around = recording.index(cue.due)
        found = find_onset(
            recording.samples, cue.what, around, round(0.05 * RATE), round(0.3 * RATE)
        )
        if found is None:
            analysis.heard.append(Heard(cue.what, cue.due, None, False))
            continue
        start = found - detection_bias(cue.what)
        analysis.heard.append(
            Heard(cue.what, cue.due, recording.moment(start), tail_whole(recording, cue, start))
        )
    return analysis


def tail_whole(recording: Recording, cue: Placed, start: int) -> bool:
    """The last tone is still there in the 20 ms before the sound should end."""
    frequency = TONES[cue.what][-1][0]
    end = start + round(audible_seconds(cue.what) * RATE)
    tail = tone_energy(recording.samples, frequency, end - round(0.03 * RATE), end - 200)
    return len(tail) > 0 and tail.max() >= 0.5


def speech_onset(recording: Recording, after: float, until: float) -> float | None:
    """The first moment after `after` with sound that is clearly not silence."""
    first, last = recording.index(after), recording.index(until)
    window = recording.samples[max(0, first) : max(0, last)].astype(np.int32)
    loud = np.nonzero(np.abs(window) > 1500)[0]
    return None if len(loud) == 0 else recording.moment(max(0, first) + int(loud[0]))
