"""Places cue sounds on an audio stream's timeline and renders the stream in small chunks.

The cue worker keeps one output stream running and asks for the next few milliseconds at a
time, so a sound due at a moment starts in the first chunk that is heard after it. One
stream that never pauses is what keeps sound from hanging or clipping its tails: nothing is
paused with audio queued, and nothing waits for a device to wake.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

FULL_SCALE = 32767


@dataclass
class _Playing:
    at: float  # when its first sample should be heard (monotonic seconds)
    samples: array[int]
    label: str
    position: int = 0  # samples already rendered
    started: float | None = None  # when its first sample was placed


@dataclass
class Mixer:
    rate: int
    volume: float = 1.0
    _playing: list[_Playing] = field(default_factory=list)
    placed: list[tuple[str, float, float]] = field(default_factory=list)  # label, due, placed

    def schedule(self, at: float, samples: array[int], label: str = "") -> None:
        self._playing.append(_Playing(at, samples, label))

    @property
    def busy(self) -> bool:
        return bool(self._playing)

    def render(self, start: float, frames: int) -> bytes:
        """`frames` samples of the stream whose first sample is heard at `start`.

        A sound that is already late starts at the chunk's first sample: a cue is never
        dropped and never played early.
        """
        out = array("i", bytes(4 * frames))
        end = start + frames / self.rate
        for item in list(self._playing):
            if item.at >= end:
                continue
            if item.started is None:
                offset = max(0, round((item.at - start) * self.rate))
                item.started = start + offset / self.rate
                self.placed.append((item.label, item.at, item.started))
            else:
                offset = 0
            count = min(frames - offset, len(item.samples) - item.position)
            source = item.samples
            for index in range(count):
                out[offset + index] += source[item.position + index]
            item.position += count
            if item.position >= len(item.samples):
                self._playing.remove(item)
        volume = self.volume
        if volume != 1.0:
            mixed = array("h", (_clip(int(value * volume)) for value in out))
        else:
            mixed = array("h", (_clip(value) for value in out))
        return mixed.tobytes()


def _clip(value: int) -> int:
    return -FULL_SCALE if value < -FULL_SCALE else min(value, FULL_SCALE)
