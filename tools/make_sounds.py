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

from app.core.session.sound_design import PAD_SECONDS, PEAK, RATE, TONES

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "app" / "content" / "sounds"


def render(tones: list[tuple[float, float]], volume: float = PEAK) -> bytes:
    """A WAV file's bytes: each tone with short fades so it never clicks, then silence."""
    frames = bytearray()
    fade = int(RATE * 0.01)
    for frequency, seconds in tones:
        count = int(RATE * seconds)
        for n in range(count):
            envelope = min(1.0, n / fade, (count - n) / fade) if frequency else 0.0
            sample = volume * envelope * math.sin(2 * math.pi * frequency * n / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    frames += bytes(2 * int(RATE * PAD_SECONDS))
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
