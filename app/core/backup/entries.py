"""Reading a backup's entries: a session with its sets and check-in, a check with its trials,
an exercise choice, each into the typed records of app/core/backup/format.py.

Sets are most of a backup, so a set as Inward writes it is read on a fast path that spends
nothing on messages; anything else is read field by field to say what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.backup.fields import (
    JsonObject,
    fail,
    key_at,
    kind_of,
    read_bool,
    read_enum,
    read_json_value,
    read_list,
    read_mapping,
    read_name,
    read_number,
    read_optional,
    read_text,
    read_time,
    read_whole,
)
from app.core.backup.format import (
    MAX_CHOICES,
    MAX_DEGREES,
    MAX_NAME,
    MAX_REPS,
    MAX_SECONDS,
    MAX_SET_INDEX,
    MAX_SETS_PER_SESSION,
    BackupCheck,
    BackupChoice,
    BackupError,
    BackupSession,
)
from app.core.checks.types import (
    MAX_TRIALS,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Trial,
)
from app.core.checks.validation import is_photo_name, repeated_trial
from app.core.content.exercises import DOSE_VALUE_KINDS
from app.core.plan.types import ExerciseChoice
from app.core.records import SIDE_BY_VALUE, SessionStatus, SetResult, Side
from app.core.session.checkin import CheckIn, Effort

TRIAL_SIDES = (Side.LEFT, Side.RIGHT)


class SetBudget:
    """The sets a file may still bring: a session's sets are counted before they are read, so
    a file over the limit is refused at the session that crosses it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, count: int, where: str) -> None:
        self.left -= count
        if self.left < 0:
            fail(where, f"brings the file over {self.limit:,} sets, the most a backup holds")


def _plan(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        fail(where, f"must be an object {{...}} (the plan as it was played), got {kind_of(value)}")
    plan: dict[str, Any] = read_json_value(value, where)
    return plan


_SIDE = read_enum(Side)
_STATUS = read_enum(SessionStatus)
_EFFORT = read_enum(Effort)
_TRIAL_SIDE = read_enum(Side, TRIAL_SIDES)
_METHOD = read_enum(Method)
_MODE = read_enum(Mode)
_MEASURED_BY = read_enum(MeasuredBy)
_SECONDS = read_number(0.0, MAX_SECONDS, amount=True)
_REPS = read_optional(read_whole(0, MAX_REPS))
_ID = read_whole(1, 2**63 - 1)


def _note(value: Any, where: str) -> str:
    """A note; a NUL in it is dropped, not refused: Inward before 2026-12 stored one pasted
    into a note and exported it, and its backups must import again."""
    return read_text()(value.replace("\0", "") if isinstance(value, str) else value, where)


_NOTE = _note


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
        and side in SIDE_BY_VALUE
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
        started, ended = read_time(get("started_at"), ""), read_time(get("ended_at"), "")
    except BackupError:
        return None
    return SetResult(
        slug,
        SIDE_BY_VALUE[side],
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
    obj = JsonObject(value, where)
    return SetResult(
        exercise_slug=obj.get("exercise_slug", read_name),
        side=obj.get("side", _SIDE),
        set_index=obj.get("set_index", read_whole(1, MAX_SET_INDEX)),
        planned_seconds=obj.get("planned_seconds", _SECONDS),
        done_seconds=obj.get("done_seconds", _SECONDS),
        planned_reps=obj.get("planned_reps", _REPS, None),
        done_reps=obj.get("done_reps", _REPS, None),
        skipped=obj.get("skipped", read_bool),
        started_at=obj.get("started_at", read_time),
        ended_at=obj.get("ended_at", read_time),
        pain=obj.get("pain", read_bool, False),
    )


def _efforts(value: Any, where: str) -> dict[str, Effort]:
    mapping = read_mapping(value, where, MAX_CHOICES)
    return {
        read_name(slug, key_at(where, slug)): _EFFORT(effort, key_at(where, slug))
        for slug, effort in mapping.items()
    }


def _checkin(session_id: int) -> Callable[[Any, str], CheckIn]:
    def read(value: Any, where: str) -> CheckIn:
        obj = JsonObject(value, where)
        return CheckIn(
            session_id=session_id,
            at=obj.get("at", read_time),
            effort=obj.get("effort", _EFFORT),
            exercise_effort=obj.get("exercise_effort", _efforts, {}),
            note=obj.get("note", _NOTE, ""),
        )

    return read


def read_session(value: Any, where: str, budget: SetBudget) -> BackupSession:
    obj = JsonObject(value, where)
    session_id = obj.get("id", _ID)
    raw_sets = read_list(obj.value.get("sets", []), obj.at("sets"), MAX_SETS_PER_SESSION)
    budget.spend(len(raw_sets), obj.at("sets"))
    sets = []
    seen: dict[tuple[str, Side, int], int] = {}
    for index, raw in enumerate(raw_sets):
        at = f"{obj.at('sets')}[{index}]"
        result = _set(raw, at)
        if result.key in seen:
            fail(
                at,
                f"repeats set {result.set_index} of {result.exercise_slug} ({result.side.value}), "
                f"already given as sets[{seen[result.key]}]",
            )
        seen[result.key] = index
        sets.append(result)
    return BackupSession(
        id=session_id,
        started_at=obj.get("started_at", read_time),
        ended_at=obj.get("ended_at", read_optional(read_time), None),
        status=obj.get("status", _STATUS),
        plan=obj.get("plan", _plan),
        sets=tuple(sets),
        checkin=obj.get("checkin", read_optional(_checkin(session_id)), None),
    )


def _photo(value: Any, where: str) -> str:
    name = read_name(value, where)
    if not is_photo_name(name):
        fail(where, f"must be a bare file name, got {kind_of(value)}")
    return name


def _trial(value: Any, where: str) -> Trial:
    obj = JsonObject(value, where)
    return Trial(
        side=obj.get("side", _TRIAL_SIDE),
        number=obj.get("number", read_whole(1, MAX_TRIALS)),
        degrees=obj.get("degrees", read_number(0.0, MAX_DEGREES)),
        method=obj.get("method", _METHOD),
        mode=obj.get("mode", _MODE),
        measured_by=obj.get("measured_by", _MEASURED_BY),
        pain=obj.get("pain", read_bool, False),
        note=obj.get("note", _NOTE, ""),
        photo=obj.get("photo", read_optional(_photo), None),
    )


def read_check(value: Any, where: str) -> BackupCheck:
    obj = JsonObject(value, where)
    record_id = obj.get("id", _ID)
    raw_trials = read_list(obj.value.get("trials", []), obj.at("trials"), 2 * MAX_TRIALS)
    trials = [_trial(raw, f"{obj.at('trials')}[{index}]") for index, raw in enumerate(raw_trials)]
    repeat = repeated_trial(trials)
    if repeat is not None:
        trial = trials[repeat[0]]
        fail(
            f"{obj.at('trials')}[{repeat[0]}]",
            f"repeats trial {trial.number} of the {trial.side.value} side, "
            f"already given as trials[{repeat[1]}]",
        )
    taken_at = obj.get("taken_at", read_time)
    created_at = obj.get("created_at", read_time, taken_at)
    return BackupCheck(
        record=CheckRecord(
            check_slug=obj.get("check_slug", read_name),
            taken_at=taken_at,
            trials=tuple(trials),
            note=obj.get("note", _NOTE, ""),
            id=record_id,
        ),
        created_at=created_at,
        updated_at=obj.get("updated_at", read_time, created_at),
        deleted_at=obj.get("deleted_at", read_optional(read_time), None),
    )


def _dose(value: Any, where: str) -> dict[str, int | float]:
    mapping = read_mapping(value, where, len(DOSE_VALUE_KINDS))
    dose: dict[str, int | float] = {}
    for name, raw in mapping.items():
        at = key_at(where, name)
        kind = DOSE_VALUE_KINDS.get(name)
        if kind is None:
            names = ", ".join(sorted(DOSE_VALUE_KINDS))
            fail(at, f"is not a dose value; use one of {names}")
        if kind is int:
            dose[name] = read_whole(1, MAX_REPS)(raw, at)
        else:
            number = read_number(0.0, MAX_SECONDS, amount=True)(raw, at)
            if number <= 0:
                fail(at, f"must be a number above 0, got {raw!r}")
            dose[name] = number
    return dose


def read_choice(slug: str) -> Callable[[Any, str], BackupChoice]:
    def read(value: Any, where: str) -> BackupChoice:
        obj = JsonObject(value, where)
        swap_for = obj.get("swap_for", read_optional(read_name), None)
        if swap_for == slug:
            fail(obj.at("swap_for"), f"an exercise cannot be swapped for itself ({slug!r})")
        return BackupChoice(
            choice=ExerciseChoice(
                dropped=obj.get("dropped", read_bool, False),
                dose=obj.get("dose", _dose, {}),
                swap_for=swap_for,
            ),
            updated_at=obj.get("updated_at", read_optional(read_time), None),
        )

    return read
