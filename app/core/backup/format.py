"""The JSON backup: its shape, its checks, and what an import would add.

Pure Python: the database side (reading the file, exporting, importing) is app/db/transfer.py.
The format is documented in docs/data-format.md; change both together, and bump
FORMAT_VERSION for any change an older Inward could not read.

:func:`validate_backup` turns parsed JSON into typed records, or refuses it with a
:class:`BackupError` whose message is one plain line naming the field and where it is,
e.g. ``sessions[12].sets[3].done_seconds: must be a number ≥ 0, got -1``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from app.core.changes import Changes, Kind
from app.core.checks.model import (
    MAX_TRIALS,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Trial,
)
from app.core.checks.validation import (
    is_photo_name,
    repeated_trial,
)
from app.core.content.exercises import DOSE_VALUE_KINDS
from app.core.formatting import plural
from app.core.plan.types import ExerciseChoice
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import CheckIn, Effort

FORMAT = "inward-backup"
FORMAT_VERSION = 1

# Sizes: far beyond a lifetime of daily sessions (40 years is ~15,000), small enough that a
# hostile or broken file cannot exhaust memory once parsed. The file itself is capped before
# parsing (app/db/transfer.py, MAX_FILE_BYTES).
MAX_SESSIONS = 100_000
MAX_SETS = 2_000_000  # in the whole file
MAX_SETS_PER_SESSION = 2_000
MAX_CHECKS = 100_000
MAX_SETTINGS = 1_000
MAX_CHOICES = 1_000
MAX_TEXT = 10_000  # characters in a note
MAX_NAME = 100  # characters in a slug, a setting key, a file name
MAX_SECONDS = 86_400.0  # a set longer than a day is not a set
MAX_REPS = 10_000
MAX_SET_INDEX = 1_000
MAX_DEGREES = 180.0

TRIAL_SIDES = (Side.LEFT, Side.RIGHT)

E = TypeVar("E", bound=StrEnum)


class BackupError(ValueError):
    """A backup cannot be read; ``str(error)`` is one line fit for a dialog or stderr.

    ``where`` is the path of the offending value (``sessions[12].sets[3].done_seconds``) or
    "" when the problem is the file as a whole.
    """

    def __init__(self, message: str, where: str = "") -> None:
        self.where = where
        self.problem = message
        text = f"{where}: {message}" if where else message
        super().__init__(" ".join(text.split()))  # one line, whatever the parts hold


@dataclass(frozen=True)
class BackupSession:
    """One session as the backup holds it: the plan exactly as stored, never rebuilt."""

    id: int  # the id in the exporting file; not kept on import
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    plan: dict[str, Any]
    sets: tuple[SetResult, ...] = ()
    checkin: CheckIn | None = None  # its session_id is this session's id


@dataclass(frozen=True)
class BackupCheck:
    """One check record with its trials; ``record.id`` is the id in the exporting file."""

    record: CheckRecord
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None  # set: deleted in the app (undoable there)


@dataclass(frozen=True)
class BackupChoice:
    choice: ExerciseChoice
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Backup:
    exported_at: datetime
    app_schema: str
    sessions: tuple[BackupSession, ...] = ()
    checks: tuple[BackupCheck, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    exercise_choices: Mapping[str, BackupChoice] = field(default_factory=dict)
    version: int = FORMAT_VERSION

    @property
    def set_count(self) -> int:
        return sum(len(session.sets) for session in self.sessions)


@dataclass(frozen=True)
class ImportSummary:
    """What an import adds (``*_new``) and what is already in the data file and kept."""

    sessions_new: int = 0
    sessions_present: int = 0
    sets_new: int = 0
    sets_present: int = 0
    checkins_new: int = 0
    checkins_present: int = 0
    checks_new: int = 0
    checks_present: int = 0
    trials_new: int = 0
    settings_new: int = 0
    settings_present: int = 0
    choices_new: int = 0
    choices_present: int = 0

    @property
    def anything_new(self) -> bool:
        return any(
            (
                self.sessions_new,
                self.sets_new,
                self.checkins_new,
                self.checks_new,
                self.settings_new,
                self.choices_new,
            )
        )

    @property
    def changes(self) -> Changes:
        """What adding this changed: the kinds it brought something new of (which settings
        is not known here, so any of them)."""
        added = {
            Kind.SESSIONS: self.sessions_new or self.sets_new,
            Kind.CHECKINS: self.checkins_new,
            Kind.CHECKS: self.checks_new,
            Kind.SETTINGS: self.settings_new,
            Kind.ROUTINE: self.choices_new,
        }
        return Changes.of(*(kind for kind, count in added.items() if count))

    def new_text(self) -> str:
        return ", ".join(
            (
                plural(self.sessions_new, "session"),
                plural(self.sets_new, "set"),
                plural(self.checkins_new, "check-in"),
                plural(self.checks_new, "check") + f" ({plural(self.trials_new, 'reading')})",
                plural(self.settings_new, "setting"),
                plural(self.choices_new, "exercise choice"),
            )
        )

    def present_text(self) -> str:
        return ", ".join(
            (
                plural(self.sessions_present, "session"),
                plural(self.sets_present, "set"),
                plural(self.checkins_present, "check-in"),
                plural(self.checks_present, "check"),
                plural(self.settings_present, "setting"),
                plural(self.choices_present, "exercise choice"),
            )
        )

    def line(self) -> str:
        """One line for before the import: what would be added and what is already there."""
        if not self.anything_new:
            return f"Nothing new to import: all of it is already here ({self.present_text()})."
        return f"To add: {self.new_text()}. Already here, kept as they are: {self.present_text()}."


# --- Writing -------------------------------------------------------------------------------


def utc_text(value: datetime) -> str:
    """The one way the backup writes a time: ISO 8601 in UTC, to the microsecond."""
    if value.tzinfo is UTC:  # most times: nothing to convert
        return value.isoformat(timespec="microseconds")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _optional_time(value: datetime | None) -> str | None:
    return None if value is None else utc_text(value)


# The document's shape: every object's keys, in the order they are written. The exporter
# (app/db/transfer.export_backup) fills them from the data file's rows and document() from
# typed records, both through these *_entry functions, so the two cannot drift apart. Values
# come already as JSON values (times as text); a dict literal each, as the export builds
# ~100,000 of them for ten years of sessions.


def header_entry(
    exported_at: str, app_schema: str, version: int = FORMAT_VERSION
) -> dict[str, Any]:
    """What the file is: its format and version, when and from which schema it came."""
    return {
        "format": FORMAT,
        "version": version,
        "exported_at": exported_at,
        "app_schema": app_schema,
    }


def session_entry(
    id: int,
    started_at: str | None,
    ended_at: str | None,
    status: str,
    plan: dict[str, Any],
    sets: list[dict[str, Any]],
    checkin: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "id": id,
        "started_at": started_at,
        "ended_at": ended_at,
        "status": status,
        "plan": plan,
        "sets": sets,
        "checkin": checkin,
    }


def set_entry(
    exercise_slug: str,
    side: str,
    set_index: int,
    planned_seconds: float,
    done_seconds: float,
    planned_reps: int | None,
    done_reps: int | None,
    skipped: bool,
    pain: bool,
    started_at: str | None,
    ended_at: str | None,
) -> dict[str, Any]:
    return {
        "exercise_slug": exercise_slug,
        "side": side,
        "set_index": set_index,
        "planned_seconds": planned_seconds,
        "done_seconds": done_seconds,
        "planned_reps": planned_reps,
        "done_reps": done_reps,
        "skipped": skipped,
        "pain": pain,
        "started_at": started_at,
        "ended_at": ended_at,
    }


def checkin_entry(
    at: str | None, effort: str, exercise_effort: dict[str, Any], note: str
) -> dict[str, Any]:
    return {"at": at, "effort": effort, "exercise_effort": exercise_effort, "note": note}


def check_entry(
    id: int | None,
    check_slug: str,
    taken_at: str | None,
    note: str,
    created_at: str | None,
    updated_at: str | None,
    deleted_at: str | None,
    trials: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": id,
        "check_slug": check_slug,
        "taken_at": taken_at,
        "note": note,
        "created_at": created_at,
        "updated_at": updated_at,
        "deleted_at": deleted_at,
        "trials": trials,
    }


def trial_entry(
    side: str,
    number: int,
    degrees: float,
    method: str,
    mode: str,
    measured_by: str,
    pain: bool,
    note: str,
    photo: str | None,
) -> dict[str, Any]:
    return {
        "side": side,
        "number": number,
        "degrees": degrees,
        "method": method,
        "mode": mode,
        "measured_by": measured_by,
        "pain": pain,
        "note": note,
        "photo": photo,
    }


def choice_entry(
    dropped: bool, dose: dict[str, Any], swap_for: str | None, updated_at: str | None
) -> dict[str, Any]:
    return {"dropped": dropped, "dose": dose, "swap_for": swap_for, "updated_at": updated_at}


def document_entry(
    header: Mapping[str, Any],
    sessions: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    settings: dict[str, Any],
    exercise_choices: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """The whole document: the header, then the four collections."""
    return {
        **header,
        "sessions": sessions,
        "checks": checks,
        "settings": settings,
        "exercise_choices": exercise_choices,
    }


def set_document(result: SetResult) -> dict[str, Any]:
    return set_entry(
        result.exercise_slug,
        Side(result.side).value,
        result.set_index,
        result.planned_seconds,
        result.done_seconds,
        result.planned_reps,
        result.done_reps,
        result.skipped,
        result.pain,
        utc_text(result.started_at),
        utc_text(result.ended_at),
    )


def checkin_document(checkin: CheckIn) -> dict[str, Any]:
    return checkin_entry(
        utc_text(checkin.at),
        Effort(checkin.effort).value,
        {slug: Effort(effort).value for slug, effort in checkin.exercise_effort.items()},
        checkin.note,
    )


def trial_document(trial: Trial) -> dict[str, Any]:
    return trial_entry(
        Side(trial.side).value,
        trial.number,
        trial.degrees,
        Method(trial.method).value,
        Mode(trial.mode).value,
        MeasuredBy(trial.measured_by).value,
        trial.pain,
        trial.note,
        trial.photo,
    )


def document(backup: Backup) -> dict[str, Any]:
    """The backup as plain JSON values, in the documented shape (what the exporter writes)."""
    return document_entry(
        header_entry(utc_text(backup.exported_at), backup.app_schema, backup.version),
        [
            session_entry(
                session.id,
                utc_text(session.started_at),
                _optional_time(session.ended_at),
                SessionStatus(session.status).value,
                session.plan,
                [set_document(result) for result in session.sets],
                None if session.checkin is None else checkin_document(session.checkin),
            )
            for session in backup.sessions
        ],
        [
            check_entry(
                check.record.id,
                check.record.check_slug,
                utc_text(check.record.taken_at),
                check.record.note,
                utc_text(check.created_at),
                utc_text(check.updated_at),
                _optional_time(check.deleted_at),
                [trial_document(trial) for trial in check.record.trials],
            )
            for check in backup.checks
        ],
        dict(backup.settings),
        {
            slug: choice_entry(
                saved.choice.dropped,
                dict(saved.choice.dose),
                saved.choice.swap_for,
                _optional_time(saved.updated_at),
            )
            for slug, saved in backup.exercise_choices.items()
        },
    )


# --- Reading -------------------------------------------------------------------------------

_MISSING: Any = object()


class _Object:
    """One JSON object being read, with its path for messages."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            _fail(where, f"must be an object {{...}}, got {_kind(value)}")
        self.value: dict[str, Any] = value
        self.where = where

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, read: Callable[[Any, str], Any], default: Any = _MISSING) -> Any:
        raw = self.value.get(key, _MISSING)
        if raw is _MISSING:
            if default is _MISSING:
                _fail(self.at(key), "is missing")
            return default
        return read(raw, self.at(key))


def _fail(where: str, problem: str) -> NoReturn:
    raise BackupError(problem, where)


def _kind(value: Any) -> str:
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


def _text(limit: int = MAX_TEXT) -> Callable[[Any, str], str]:
    def read(value: Any, where: str) -> str:
        if not isinstance(value, str):
            _fail(where, f"must be text, got {_kind(value)}")
        if len(value) > limit:
            _fail(where, f"must be at most {limit:,} characters, got {len(value):,}")
        if "\0" in value:
            _fail(where, "must not contain a NUL character")
        return value

    return read


def _name(value: Any, where: str) -> str:
    text = _text(MAX_NAME)(value, where)
    if not text.strip():
        _fail(where, "must not be empty")
    return text


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        _fail(where, f"must be true or false, got {_kind(value)}")
    return value


def _whole(low: int, high: int) -> Callable[[Any, str], int]:
    def read(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _fail(where, f"must be a whole number from {low:,} to {high:,}, got {_kind(value)}")
        # Range first: a 400-digit int would overflow math.isfinite.
        if not (low <= value <= high and math.isfinite(value) and value == int(value)):
            _fail(where, f"must be a whole number from {low:,} to {high:,}, got {_short(value)}")
        return int(value)

    return read


def _short(value: Any) -> str:
    """A value for a message, cut short: a pasted 400-digit number is not worth repeating."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _optional(read: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    def maybe(value: Any, where: str) -> Any:
        return None if value is None else read(value, where)

    return maybe


def _number(low: float, high: float, *, amount: bool = False) -> Callable[[Any, str], float]:
    """A finite number in [low, high]; ``amount``: worded as "≥ 0" / "at most", for
    quantities such as seconds whose upper bound is only a sanity limit."""
    span = f"≥ {low:g}" if amount else f"from {low:g} to {high:g}"

    def read(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            _fail(where, f"must be a number {span}, got {_kind(value)}")
        if isinstance(value, int) and not low <= value <= high:
            _fail(where, f"must be a number {span}, got {_short(value)}")  # before isfinite
        if not math.isfinite(value):
            _fail(where, f"must be a finite number {span}, got {value!r}")
        if amount and value > high:
            _fail(where, f"must be a number at most {high:,g}, got {value!r}")
        if not low <= value <= high:
            _fail(where, f"must be a number {span}, got {value!r}")
        return float(value)

    return read


# Times every time zone can show (UTC-12 to UTC+14) without leaving Python's years 1-9999;
# a time beyond them would import and then stop Inward from showing its pages.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)


def _time(value: Any, where: str) -> datetime:
    example = "like 2026-05-01T06:30:00+00:00"
    if not isinstance(value, str):
        _fail(where, f"must be a date and time as text, {example}, got {_kind(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        _fail(where, f"must be a date and time {example}, got {_kind(value)}")
    if parsed.tzinfo is UTC and EARLIEST <= parsed <= LATEST:  # "+00:00", as Inward writes
        return parsed
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        _fail(where, f"must give its UTC offset, {example}, got {_kind(value)}")
    try:
        moment = parsed.astimezone(UTC)
    except OverflowError:
        _fail(where, f"is out of range, got {_kind(value)}")
    if not EARLIEST <= moment <= LATEST:  # a day inside Python's range: any zone can show it
        _fail(where, f"is out of range, got {_kind(value)}")
    return moment


def _enum(kind: type[E], allowed: tuple[E, ...] | None = None) -> Callable[[Any, str], E]:
    choices = allowed or tuple(kind)

    def read(value: Any, where: str) -> E:
        if isinstance(value, str):
            for choice in choices:
                if value == choice.value:
                    return choice
        names = ", ".join(f'"{choice.value}"' for choice in choices)
        _fail(where, f"must be one of {names}, got {_kind(value)}")

    return read


def _list(value: Any, where: str, limit: int) -> list[Any]:
    if not isinstance(value, list):
        _fail(where, f"must be a list [...], got {_kind(value)}")
    if len(value) > limit:
        _fail(where, f"holds {len(value):,} entries; a backup may hold at most {limit:,}")
    return value


def _mapping(value: Any, where: str, limit: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(where, f"must be an object {{...}}, got {_kind(value)}")
    if len(value) > limit:
        _fail(where, f"holds {len(value):,} entries; a backup may hold at most {limit:,}")
    return value


def _key(mapping_where: str, key: str) -> str:
    return f"{mapping_where}[{key!r}]"


def _json_value(value: Any, where: str) -> Any:
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
            _fail(_path(where, keys), f"must be a finite number, got {item!r}")
        if isinstance(item, dict):
            stack.extend((v, (*keys, repr(k))) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, (*keys, i)) for i, v in enumerate(item))
        elif not isinstance(item, str | int | float | bool) and item is not None:
            _fail(_path(where, keys), f"must be a JSON value, got {_kind(item)}")
    return value


def _path(where: str, keys: tuple[Any, ...]) -> str:
    return where + "".join(f"[{key}]" for key in keys)


def _plan(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(where, f"must be an object {{...}} (the plan as it was played), got {_kind(value)}")
    plan: dict[str, Any] = _json_value(value, where)
    return plan


_SIDE = _enum(Side)
_STATUS = _enum(SessionStatus)
_EFFORT = _enum(Effort)
_TRIAL_SIDE = _enum(Side, TRIAL_SIDES)
_METHOD = _enum(Method)
_MODE = _enum(Mode)
_MEASURED_BY = _enum(MeasuredBy)
_SECONDS = _number(0.0, MAX_SECONDS, amount=True)
_REPS = _optional(_whole(0, MAX_REPS))
_ID = _whole(1, 2**63 - 1)


def _note(value: Any, where: str) -> str:
    """A note; a NUL in it is dropped, not refused: Inward before 2026-12 stored one pasted
    into a note and exported it, and its backups must import again."""
    return _text()(value.replace("\0", "") if isinstance(value, str) else value, where)


_NOTE = _note


_SIDES = {side.value: side for side in Side}


def _fast_seconds(value: Any) -> float | None:
    # NaN fails the range, and goes the long way
    if (type(value) is float or type(value) is int) and 0.0 <= value <= MAX_SECONDS:
        return float(value)
    return None


def _fast_reps(value: Any) -> tuple[bool, int | None]:
    if value is None:
        return True, None
    return (type(value) is int and 0 <= value <= MAX_REPS), value


def _fast_set(value: Any) -> SetResult | None:
    """A set as Inward itself writes it, read without a word of checking spent on messages;
    None for anything else, which :func:`_checked_set` then reads field by field.

    A backup is mostly sets (~50,000 in five years), so this is most of an import's time.
    """
    if type(value) is not dict:
        return None
    get = value.get
    slug = get("exercise_slug")
    side = get("side")
    index = get("set_index")
    skipped = get("skipped")
    pain = get("pain", False)
    if not (
        type(slug) is str
        and 0 < len(slug) <= MAX_NAME
        and "\0" not in slug
        and not slug.isspace()
        and type(side) is str
        and side in _SIDES
        and type(index) is int
        and 1 <= index <= MAX_SET_INDEX
        and type(skipped) is bool
        and type(pain) is bool
    ):
        return None
    planned, done = _fast_seconds(get("planned_seconds")), _fast_seconds(get("done_seconds"))
    reps_ok, planned_reps = _fast_reps(get("planned_reps"))
    done_ok, done_reps = _fast_reps(get("done_reps"))
    if planned is None or done is None or not (reps_ok and done_ok):
        return None
    try:
        started, ended = _time(get("started_at"), ""), _time(get("ended_at"), "")
    except BackupError:
        return None
    return SetResult(
        slug,
        _SIDES[side],
        index,
        planned,
        done,
        planned_reps,
        done_reps,
        skipped,
        started,
        ended,
        pain,
    )


def _set(value: Any, where: str) -> SetResult:
    return _fast_set(value) or _checked_set(value, where)


def _checked_set(value: Any, where: str) -> SetResult:
    obj = _Object(value, where)
    return SetResult(
        exercise_slug=obj.get("exercise_slug", _name),
        side=obj.get("side", _SIDE),
        set_index=obj.get("set_index", _whole(1, MAX_SET_INDEX)),
        planned_seconds=obj.get("planned_seconds", _SECONDS),
        done_seconds=obj.get("done_seconds", _SECONDS),
        planned_reps=obj.get("planned_reps", _REPS, None),
        done_reps=obj.get("done_reps", _REPS, None),
        skipped=obj.get("skipped", _bool),
        started_at=obj.get("started_at", _time),
        ended_at=obj.get("ended_at", _time),
        pain=obj.get("pain", _bool, False),
    )


def _efforts(value: Any, where: str) -> dict[str, Effort]:
    mapping = _mapping(value, where, MAX_CHOICES)
    return {
        _name(slug, _key(where, slug)): _EFFORT(effort, _key(where, slug))
        for slug, effort in mapping.items()
    }


def _checkin(session_id: int) -> Callable[[Any, str], CheckIn]:
    def read(value: Any, where: str) -> CheckIn:
        obj = _Object(value, where)
        return CheckIn(
            session_id=session_id,
            at=obj.get("at", _time),
            effort=obj.get("effort", _EFFORT),
            exercise_effort=obj.get("exercise_effort", _efforts, {}),
            note=obj.get("note", _NOTE, ""),
        )

    return read


def _session(value: Any, where: str, budget: list[int]) -> BackupSession:
    obj = _Object(value, where)
    session_id = obj.get("id", _ID)
    raw_sets = _list(obj.value.get("sets", []), obj.at("sets"), MAX_SETS_PER_SESSION)
    budget[0] -= len(raw_sets)
    if budget[0] < 0:
        _fail(obj.at("sets"), f"brings the file over {MAX_SETS:,} sets, the most a backup holds")
    sets = []
    seen: dict[tuple[str, Side, int], int] = {}
    for index, raw in enumerate(raw_sets):
        at = f"{obj.at('sets')}[{index}]"
        result = _set(raw, at)
        if result.key in seen:
            _fail(
                at,
                f"repeats set {result.set_index} of {result.exercise_slug} ({result.side.value}), "
                f"already given as sets[{seen[result.key]}]",
            )
        seen[result.key] = index
        sets.append(result)
    return BackupSession(
        id=session_id,
        started_at=obj.get("started_at", _time),
        ended_at=obj.get("ended_at", _optional(_time), None),
        status=obj.get("status", _STATUS),
        plan=obj.get("plan", _plan),
        sets=tuple(sets),
        checkin=obj.get("checkin", _optional(_checkin(session_id)), None),
    )


def _photo(value: Any, where: str) -> str:
    name = _name(value, where)
    if not is_photo_name(name):
        _fail(where, f"must be a bare file name, got {_kind(value)}")
    return name


def _trial(value: Any, where: str) -> Trial:
    obj = _Object(value, where)
    return Trial(
        side=obj.get("side", _TRIAL_SIDE),
        number=obj.get("number", _whole(1, MAX_TRIALS)),
        degrees=obj.get("degrees", _number(0.0, MAX_DEGREES)),
        method=obj.get("method", _METHOD),
        mode=obj.get("mode", _MODE),
        measured_by=obj.get("measured_by", _MEASURED_BY),
        pain=obj.get("pain", _bool, False),
        note=obj.get("note", _NOTE, ""),
        photo=obj.get("photo", _optional(_photo), None),
    )


def _check(value: Any, where: str) -> BackupCheck:
    obj = _Object(value, where)
    record_id = obj.get("id", _ID)
    raw_trials = _list(obj.value.get("trials", []), obj.at("trials"), 2 * MAX_TRIALS)
    trials = [_trial(raw, f"{obj.at('trials')}[{index}]") for index, raw in enumerate(raw_trials)]
    repeat = repeated_trial(trials)
    if repeat is not None:
        trial = trials[repeat[0]]
        _fail(
            f"{obj.at('trials')}[{repeat[0]}]",
            f"repeats trial {trial.number} of the {trial.side.value} side, "
            f"already given as trials[{repeat[1]}]",
        )
    taken_at = obj.get("taken_at", _time)
    created_at = obj.get("created_at", _time, taken_at)
    return BackupCheck(
        record=CheckRecord(
            check_slug=obj.get("check_slug", _name),
            taken_at=taken_at,
            trials=tuple(trials),
            note=obj.get("note", _NOTE, ""),
            id=record_id,
        ),
        created_at=created_at,
        updated_at=obj.get("updated_at", _time, created_at),
        deleted_at=obj.get("deleted_at", _optional(_time), None),
    )


def _dose(value: Any, where: str) -> dict[str, int | float]:
    mapping = _mapping(value, where, len(DOSE_VALUE_KINDS))
    dose: dict[str, int | float] = {}
    for name, raw in mapping.items():
        at = _key(where, name)
        kind = DOSE_VALUE_KINDS.get(name)
        if kind is None:
            names = ", ".join(sorted(DOSE_VALUE_KINDS))
            _fail(at, f"is not a dose value; use one of {names}")
        if kind is int:
            dose[name] = _whole(1, MAX_REPS)(raw, at)
        else:
            number = _number(0.0, MAX_SECONDS, amount=True)(raw, at)
            if number <= 0:
                _fail(at, f"must be a number above 0, got {raw!r}")
            dose[name] = number
    return dose


def _choice(slug: str) -> Callable[[Any, str], BackupChoice]:
    def read(value: Any, where: str) -> BackupChoice:
        obj = _Object(value, where)
        swap_for = obj.get("swap_for", _optional(_name), None)
        if swap_for == slug:
            _fail(obj.at("swap_for"), f"an exercise cannot be swapped for itself ({slug!r})")
        return BackupChoice(
            choice=ExerciseChoice(
                dropped=obj.get("dropped", _bool, False),
                dose=obj.get("dose", _dose, {}),
                swap_for=swap_for,
            ),
            updated_at=obj.get("updated_at", _optional(_time), None),
        )

    return read


def _unique_ids(items: tuple[Any, ...], name: str, id_of: Callable[[Any], int]) -> None:
    first: dict[int, int] = {}
    for index, item in enumerate(items):
        item_id = id_of(item)
        if item_id in first:
            _fail(f"{name}[{index}].id", f"{item_id} is also the id of {name}[{first[item_id]}]")
        first[item_id] = index


class ImportCancelled(Exception):
    """The person cancelled an import: nothing was written."""


def _format_problem(data: Mapping[str, Any]) -> BackupError | None:
    """Whether ``data`` (the top-level members seen so far) is not an Inward backup this app
    reads; None while it may be (a member not yet seen is not a problem until the end)."""
    kind = data.get("format", _MISSING)
    if kind is _MISSING:
        return None
    if kind != FORMAT:
        return BackupError(
            f'this is not an Inward backup (format {_kind(kind)}; expected "{FORMAT}")'
        )
    version = data.get("version", _MISSING)
    if version is _MISSING:
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        return BackupError(f"must be a whole number, got {_kind(version)}", "version")
    if version > FORMAT_VERSION:
        return BackupError(
            f"this backup is in format version {version}, from a newer Inward; this Inward "
            f"reads version {FORMAT_VERSION} and older. Update Inward to import it."
        )
    if version < 1:
        return BackupError(f"must be 1 or more, got {version}", "version")
    return None


class BackupBuilder:
    """Typed records from a backup's parts, checked as they come: the whole document at once
    (:func:`validate_backup`) or one session at a time from a stream (app/db/transfer.py).

    ``top`` holds the top-level members other than the lists and mappings; the format and
    version in it are checked as soon as they are there (:meth:`check_format`), and a
    problem found before they were seen is held back (:meth:`defer`) so that a file that is
    not an Inward backup, or from a newer one, is said as such first.
    """

    def __init__(self) -> None:
        self.top: dict[str, Any] = {}
        self.sessions: list[BackupSession] = []
        self.checks: list[BackupCheck] = []
        self.settings: dict[str, Any] = {}
        self.choices: dict[str, BackupChoice] = {}
        self._budget = [MAX_SETS]
        self.held: BackupError | None = None  # the first problem, until the format is known
        self.format_known = False

    def check_format(self) -> None:
        problem = _format_problem(self.top)
        if problem is not None:
            raise problem
        self.format_known = "format" in self.top and "version" in self.top

    def defer(self, add: Callable[[], object]) -> None:
        """Run ``add``; a problem it finds is raised now if the format is known, else kept
        (and the rest skipped) until it is."""
        if self.held is not None:
            return
        try:
            add()
        except BackupError as problem:
            if self.format_known:
                raise
            self.held = problem

    def add_session(self, raw: Any, index: int) -> None:
        self.sessions.append(_session(raw, f"sessions[{index}]", self._budget))

    def add_check(self, raw: Any, index: int) -> None:
        self.checks.append(_check(raw, f"checks[{index}]"))

    def set_settings(self, raw: Any) -> None:
        settings_raw = _mapping(raw, "settings", MAX_SETTINGS)
        self.settings = {
            _name(key, _key("settings", key)): _json_value(value, _key("settings", key))
            for key, value in settings_raw.items()
        }

    def set_choices(self, raw: Any) -> None:
        choices_raw = _mapping(raw, "exercise_choices", MAX_CHOICES)
        self.choices = {
            _name(slug, _key("exercise_choices", slug)): _choice(slug)(
                value, _key("exercise_choices", slug)
            )
            for slug, value in choices_raw.items()
        }

    def finish(self) -> Backup:
        """The backup, or the first problem: the format's, else the first one held back."""
        if "format" not in self.top:
            raise BackupError(
                f'this is not an Inward backup (no format field; expected "{FORMAT}")'
            )
        if "version" not in self.top:
            _fail("version", f"must be a whole number, got {_kind(_MISSING)}")
        self.check_format()
        if self.held is not None:
            raise self.held
        sessions, checks = tuple(self.sessions), tuple(self.checks)
        _unique_ids(sessions, "sessions", lambda session: session.id)
        _unique_ids(checks, "checks", lambda check: check.record.id)
        top = _Object(self.top, "")
        return Backup(
            exported_at=top.get("exported_at", _time),
            app_schema=top.get("app_schema", _text(MAX_NAME), ""),
            sessions=sessions,
            checks=checks,
            settings=self.settings,
            exercise_choices=self.choices,
            version=self.top["version"],
        )


#: Top-level members that hold the records; the others are read whole into ``top``.
LIST_MEMBERS = {"sessions": MAX_SESSIONS, "checks": MAX_CHECKS}
MAPPING_MEMBERS = ("settings", "exercise_choices")


def validate_backup(data: object) -> Backup:
    """Typed records from a parsed backup, or BackupError naming the first problem found."""
    if not isinstance(data, dict):
        raise BackupError(f"a backup must be a JSON object {{...}}, this file holds {_kind(data)}")
    builder = BackupBuilder()
    builder.top = {
        key: value
        for key, value in data.items()
        if key not in LIST_MEMBERS and key not in MAPPING_MEMBERS
    }
    if "format" not in data:
        builder.finish()  # says "no format field"
    builder.check_format()
    if "version" not in data:
        builder.finish()
    sessions_raw = _list(data.get("sessions", []), "sessions", MAX_SESSIONS)
    for index, raw in enumerate(sessions_raw):
        builder.add_session(raw, index)
    _unique_ids(tuple(builder.sessions), "sessions", lambda session: session.id)
    checks_raw = _list(data.get("checks", []), "checks", MAX_CHECKS)
    for index, raw in enumerate(checks_raw):
        builder.add_check(raw, index)
    builder.set_settings(data.get("settings", {}))
    builder.set_choices(data.get("exercise_choices", {}))
    return builder.finish()
