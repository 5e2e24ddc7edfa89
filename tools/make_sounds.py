"""Write the app's cue sounds (small mono WAVs) into app/content/sounds/.

The sounds are synthesised here rather than downloaded, so the project owns them and a
test can check the committed files match this script byte for byte.
"""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22_050
SOUNDS_DIR = Path(__file__).resolve().parent.parent / "app" / "content" / "sounds"

# name -> list of (frequency Hz, seconds); 0 Hz is silence.
TONES: dict[str, list[tuple[float, float]]] = {
    "count": [(880.0, 0.12)],
    "tick": [(1320.0, 0.05)],
    "start": [(660.0, 0.12), (0.0, 0.03), (990.0, 0.2)],
    "switch": [(990.0, 0.12), (0.0, 0.05), (740.0, 0.12), (0.0, 0.05), (990.0, 0.12)],
    "done": [(523.25, 0.14), (659.25, 0.14), (783.99, 0.3)],
}


def render(tones: list[tuple[float, float]], volume: float = 0.5) -> bytes:
    """A WAV file's bytes: each tone with short fades so it never clicks."""
    frames = bytearray()
    fade = int(RATE * 0.01)
    for frequency, seconds in tones:
        count = int(RATE * seconds)
        for n in range(count):
            envelope = min(1.0, n / fade, (count - n) / fade) if frequency else 0.0
            sample = volume * envelope * math.sin(2 * math.pi * frequency * n / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def expected_files() -> dict[str, bytes]:
    return {f"{name}.wav": render(tones) for name, tones in TONES.items()}


def main() -> int:
    SOUNDS_DIR.mkdir(parents=True, exist_ok=True)
    for name, data in expected_files().items():
        (SOUNDS_DIR / name).write_bytes(data)
        print(f"wrote {SOUNDS_DIR / name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
