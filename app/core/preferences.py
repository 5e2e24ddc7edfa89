"""The person's settings, with defaults and bounds, so a bad stored value never breaks a run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

# name -> (low, high) for the numeric settings
BOUNDS: dict[str, tuple[float, float]] = {
    "volume": (0, 100),
    "speech_rate": (-10, 10),
    "get_ready_seconds": (3, 60),
    "rest_seconds": (0, 120),
    "recheck_days": (3, 90),
    "time_budget": (0, 45),
}
TIME_BUDGET_CHOICES = (0, 10, 20, 30, 45)  # minutes; 0 is the full routine


@dataclass(frozen=True)
class Preferences:
    sound_on: bool = True
    voice_on: bool = True
    volume: int = 80
    speech_rate: int = 0  # -10 slow .. 10 fast
    get_ready_seconds: int = 10
    rest_seconds: int = 15
    recheck_days: int = 14
    time_budget: int = 0  # default time budget in minutes, one of TIME_BUDGET_CHOICES
    countdown_in_seconds: bool = False  # "75" instead of "1:15"
    disclaimer_seen: bool = False

    @property
    def budget_minutes(self) -> int | None:
        """The default budget as the plan engine takes it: None for the full routine."""
        return self.time_budget or None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Preferences:
        """Known keys of the right type and inside their bounds; anything else is a default."""

        def bounded(name: str, _default: object, raw: object) -> int | None:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                low, high = BOUNDS[name]
                if low <= raw <= high:
                    return int(raw)
            return None

        values = stored_values(cls, data, bounded)
        if values.get("time_budget", 0) not in TIME_BUDGET_CHOICES:
            values.pop("time_budget")
        return cls(**values)


def stored_values(
    cls: type[Any], data: object, accept: Callable[[str, Any, object], Any]
) -> dict[str, Any]:
    """The fields of a settings dataclass that a stored mapping gives rightly: a flag must be
    a bool; any other field's value is what ``accept(name, default, raw)`` makes of it, or
    None to keep the default. A hand-edited file then costs a default, never a crash."""
    if not isinstance(data, Mapping):
        return {}
    values: dict[str, Any] = {}
    defaults = cls()
    for item in fields(cls):
        raw = data.get(item.name)
        default = getattr(defaults, item.name)
        if isinstance(default, bool):
            value = raw if isinstance(raw, bool) else None
        else:
            value = accept(item.name, default, raw)
        if value is not None:
            values[item.name] = value
    return values


PREFERENCES_KEY = "preferences"  # the settings key Preferences are stored under
# Today's budget before the person picks one: the settings' default (or a new person's).
FROM_SETTINGS: Any = object()
