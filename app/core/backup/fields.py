"""Reading one JSON value of a backup: its type and range checked, a problem said in one line
with its path (``sessions[12].sets[3].done_seconds: must be a number ≥ 0, got -1``).

The pieces every entry of a backup is read with (app/core/backup/entries.py); nothing here
knows what a session or a check is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from app.core.backup.format import MAX_NAME, MAX_TEXT, BackupError

E = TypeVar("E", bound=StrEnum)

MISSING: Any = object()


class JsonObject:
    """One JSON object being read, with its path for messages."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            fail(where, f"must be an object {{...}}, got {kind_of(value)}")
        self.value: dict[str, Any] = value
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, read: Callable[[Any, str], Any], default: Any = MISSING) -> Any:
        raw = self.value.get(key, MISSING)
        if raw is MISSING:
            if default is MISSING:
                fail(self.at(key), "is missing")
            return default
        return read(raw, self.at(key))


def fail(where: str, problem: str) -> NoReturn:
    raise BackupError(problem, where)


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def read_text(limit: int = MAX_TEXT) -> Callable[[Any, str], str]:
    def read(value: Any, where: str) -> str:
        if not isinstance(value, str):
            fail(where, f"must be text, got {kind_of(value)}")
        if len(value) > limit:
            fail(where, f"must be at most {limit:,} characters, got {len(value):,}")
        if "\0" in value:
            fail(where, "must not contain a NUL character")
        return value

    return read


def read_name(value: Any, where: str) -> str:
    text = read_text(MAX_NAME)(value, where)
    if not text.strip():
        fail(where, "must not be empty")
    return text


def read_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        fail(where, f"must be true or false, got {kind_of(value)}")
    return value


def read_whole(low: int, high: int) -> Callable[[Any, str], int]:
    def read(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            fail(where, f"must be a whole number from {low:,} to {high:,}, got {kind_of(value)}")
        # Range first: a 400-digit int would overflow math.isfinite.
        if not (low <= value <= high and math.isfinite(value) and value == int(value)):
            fail(where, f"must be a whole number from {low:,} to {high:,}, got {_short(value)}")
        return int(value)

    return read


def _short(value: Any) -> str:
    """A value for a message, cut short: a pasted 400-digit number is not worth repeating."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def read_optional(read: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    def maybe(value: Any, where: str) -> Any:
        return None if value is None else read(value, where)

    return maybe


def read_number(low: float, high: float, *, amount: bool = False) -> Callable[[Any, str], float]:
    """A finite number in [low, high]; ``amount``: worded as "≥ 0" / "at most", for
    quantities such as seconds whose upper bound is only a sanity limit."""
    span = f"≥ {low:g}" if amount else f"from {low:g} to {high:g}"

    def read(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            fail(where, f"must be a number {span}, got {kind_of(value)}")
        if isinstance(value, int) and not low <= value <= high:
            fail(where, f"must be a number {span}, got {_short(value)}")  # before isfinite
        if not math.isfinite(value):
            fail(where, f"must be a finite number {span}, got {value!r}")
        if amount and value > high:
            fail(where, f"must be a number at most {high:,g}, got {value!r}")
        if not low <= value <= high:
            fail(where, f"must be a number {span}, got {value!r}")
        return float(value)

    return read


# Times every time zone can show (UTC-12 to UTC+14) without leaving Python's years 1-9999;
# a time beyond them would import and then stop Inward from showing its pages.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)


def read_time(value: Any, where: str) -> datetime:
    example = "like 2026-05-01T06:30:00+00:00"
    if not isinstance(value, str):
        fail(where, f"must be a date and time as text, {example}, got {kind_of(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(where, f"must be a date and time {example}, got {kind_of(value)}")
    if parsed.tzinfo is UTC and EARLIEST <= parsed <= LATEST:  # "+00:00", as Inward writes
        return parsed
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        fail(where, f"must give its UTC offset, {example}, got {kind_of(value)}")
    try:
        moment = parsed.astimezone(UTC)
    except OverflowError:
        fail(where, f"is out of range, got {kind_of(value)}")
    if not EARLIEST <= moment <= LATEST:  # a day inside Python's range: any zone can show it
        fail(where, f"is out of range, got {kind_of(value)}")
    return moment


def read_enum(kind: type[E], allowed: tuple[E, ...] | None = None) -> Callable[[Any, str], E]:
    choices = allowed or tuple(kind)

    def read(value: Any, where: str) -> E:
        if isinstance(value, str):
            for choice in choices:
                if value == choice.value:
                    return choice
        names = ", ".join(f'"{choice.value}"' for choice in choices)
        fail(where, f"must be one of {names}, got {kind_of(value)}")

    return read


def read_list(value: Any, where: str, limit: int) -> list[Any]:
    if not isinstance(value, list):
        fail(where, f"must be a list [...], got {kind_of(value)}")
    if len(value) > limit:
        fail(where, f"holds {len(value):,} entries; a backup may hold at most {limit:,}")
    return value


def read_mapping(value: Any, where: str, limit: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        fail(where, f"must be an object {{...}}, got {kind_of(value)}")
    if len(value) > limit:
        fail(where, f"holds {len(value):,} entries; a backup may hold at most {limit:,}")
    return value


def key_at(mapping_where: str, key: str) -> str:
    return f"{mapping_where}[{key!r}]"


def read_json_value(value: Any, where: str) -> Any:
    """Any JSON value; floats must be finite (NaN and Infinity are not JSON, and a number
    like 1e400 parses as Infinity).

    The standard library's C encoder checks it in one go; only a value it refuses is walked
    again, in Python, to say where the problem is (the walk builds no path until then).
    """
    try:
        json.dumps(value, allow_nan=False, check_circular=False)
    except (TypeError, ValueError):
        pass
    else:
        return value
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        item, keys = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            fail(_path(where, keys), f"must be a finite number, got {item!r}")
        if isinstance(item, dict):
            stack.extend((v, (*keys, repr(k))) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, (*keys, i)) for i, v in enumerate(item))
        elif not isinstance(item, str | int | float | bool) and item is not None:
            fail(_path(where, keys), f"must be a JSON value, got {kind_of(item)}")
    return value


def _path(where: str, keys: tuple[Any, ...]) -> str:
    return where + "".join(f"[{key}]" for key in keys)
