"""The person's settings, with defaults and bounds, so a bad stored value never breaks a run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

# name -> (low, high) for the numeric settings
BOUNDS: dict[str, tuple[float, float]] = {
    "volume": (0, 100),
    "speech_rate": (-10, 10),
    "get_ready_seconds": (3, 60),
    "rest_seconds": (0, 120),
}


@dataclass(frozen=True)
class Preferences:
    sound_on: bool = True
    voice_on: bool = True
    volume: int = 80
    speech_rate: int = 0  # -10 slow .. 10 fast
    get_ready_seconds: int = 10
    rest_seconds: int = 15
    disclaimer_seen: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Preferences:
        """Known keys of the right type and inside their bounds; anything else is a default."""
        if not isinstance(data, dict):
            data = {}
        values: dict[str, Any] = {}
        defaults = cls()
        for item in fields(cls):
            raw = data.get(item.name)
            default = getattr(defaults, item.name)
            if isinstance(default, bool):
                if isinstance(raw, bool):
                    values[item.name] = raw
            elif isinstance(raw, int | float) and not isinstance(raw, bool):
                low, high = BOUNDS[item.name]
                if low <= raw <= high:
                    values[item.name] = int(raw)
        return cls(**values)
