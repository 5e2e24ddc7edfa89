"""The routine's content as frozen data, loaded and validated from app/content/*.toml.

Everything the player and the plan need about an exercise lives here, so the rest of the
app never reads TOML or guesses a default.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import tomllib
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar


class DoseKind(StrEnum):
    """How the work of one set is timed."""

    HOLD = "hold"  # one countdown of `seconds`
    REPS = "reps"  # `reps` repetitions, one every `cadence` seconds
    HOLD_PER_REP = "hold_per_rep"  # lift (`move_seconds`), hold `seconds`, lower; x `reps`
    CYCLES = "cycles"  # contract `seconds`, relax `relax_seconds`; x `reps`


class Sides(StrEnum):
    """Which sides a set works."""

    EACH = "each"  # one side at a time: left sets, switch, right sets
    BOTH = "both"  # both legs at once, no switch
    ALTERNATING = "alternating"  # reps alternate left/right inside one set


@dataclass(frozen=True)
class ValueRange:
    """The allowed range of one dose value; `step` is one progression/regression step."""

    low: float
    high: float
    step: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Dose:
    """The amount of work per side. Unused values are None; `ranges` bounds the used ones."""

    kind: DoseKind
    sides: Sides
    sets: int = 1
    seconds: float | None = None  # hold length, per-rep hold, or contraction length
    reps: int | None = None  # reps, or contract/relax cycles
    cadence: float | None = None  # seconds per rep (REPS)
    move_seconds: float | None = None  # lift and lower time each (HOLD_PER_REP)
    relax_seconds: float | None = None  # relax time per cycle (CYCLES)
    ranges: Mapping[str, ValueRange] = field(default_factory=dict)


def _dose_value_kinds() -> dict[str, type]:
    """Dose's numeric fields, each int (whole numbers: sets, reps) or float."""
    hints = typing.get_type_hints(Dose)
    kinds: dict[str, type] = {}
    for item in dataclasses.fields(Dose):
        options = typing.get_args(hints[item.name]) or (hints[item.name],)
        if int in options:
            kinds[item.name] = int
        elif float in options:
            kinds[item.name] = float
    return kinds


#: The dose values a stored plan, a saved choice or a backup may set, with their kind.
DOSE_VALUE_KINDS: Mapping[str, type] = _dose_value_kinds()


@dataclass(frozen=True)
class Stage:
    number: int
    slug: str
    name: str
    purpose: str

    @property
    def heading(self) -> str:
        """'Stage 3 · Joint mobilization': how a list of exercises by stage heads each one."""
        return f"Stage {self.number} · {self.name}"


@dataclass(frozen=True)
class Exercise:
    slug: str
    name: str
    stage: int
    equipment: tuple[str, ...]
    setup: tuple[str, ...]
    cues: tuple[str, ...]
    targets: tuple[str, ...]
    dose: Dose
    progressions: tuple[str, ...] = ()
    regressions: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    optional: bool = False
    source: str = ""
    illustration: str | None = None

    @property
    def plain_name(self) -> str:
        """The name without its technical part in brackets, for short texts (a notification)."""
        return self.name.split(" (", 1)[0]


@dataclass(frozen=True)
class Content:
    stages: tuple[Stage, ...]
    exercises: tuple[Exercise, ...]

    def exercise(self, slug: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.slug == slug:
                return exercise
        raise KeyError(slug)

    def stage(self, number: int) -> Stage:
        for stage in self.stages:
            if stage.number == number:
                return stage
        raise KeyError(number)

    def in_stage(self, stage: Stage) -> tuple[Exercise, ...]:
        """The stage's exercises, in file order."""
        return tuple(exercise for exercise in self.exercises if exercise.stage == stage.number)

    def default_routine(self) -> tuple[Exercise, ...]:
        """The full six-stage routine: every non-optional exercise, in stage and file order."""
        return tuple(
            sorted(
                (e for e in self.exercises if not e.optional),
                key=lambda e: e.stage,
            )
        )


class ContentError(ValueError):
    """A content file is malformed; the message names the file, the entry and the field."""

    def __init__(self, file: str, entry: str, field_name: str, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.field_name = field_name
        super().__init__(f"{file}: entry '{entry}', field '{field_name}': {problem}")


# --- Loading and validation ---------------------------------------------------------------
#
# The schema below is data: each table kind maps its field names to a reader (which checks and
# converts one value) and a default (`_REQUIRED` when the field must be present). One generic
# function walks a table against its schema, so adding a field is one line, and every error is
# raised in one place with the file, the entry and the dotted field path.

CONTENT_FILE = "exercises.toml"
STAGE_NUMBERS = range(1, 7)

_REQUIRED: Any = object()
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The dose values each kind of dose needs; every one must be present and have a range.
DOSE_VALUES: Mapping[DoseKind, tuple[str, ...]] = {
    DoseKind.HOLD: ("sets", "seconds"),
    DoseKind.REPS: ("sets", "reps", "cadence"),
    DoseKind.HOLD_PER_REP: ("sets", "seconds", "reps", "move_seconds"),
    DoseKind.CYCLES: ("sets", "seconds", "reps", "relax_seconds"),
}


class _Problem(Exception):
    """Raised by a reader; the caller knows the file, entry and field and adds them."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Problem("must be a non-empty string")
    return value.strip()


def _slug(value: Any) -> str:
    text = _text(value)
    if not _SLUG.fullmatch(text):
        raise _Problem(f"{text!r} is not a slug (lowercase letters and digits, hyphenated)")
    return text


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Problem("must be a list of strings")
    try:
        return tuple(_text(item) for item in value)
    except _Problem:
        raise _Problem("must be a list of non-empty strings") from None


def _some_texts(value: Any) -> tuple[str, ...]:
    texts = _texts(value)
    if not texts:
        raise _Problem("must list at least one item")
    return texts


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Problem("must be true or false")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Problem("must be a whole number")
    return value


def _positive_int(value: Any) -> int:
    number = _int(value)
    if number <= 0:
        raise _Problem(f"must be greater than 0, not {value}")
    return number


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Problem("must be a number")
    if not math.isfinite(value):
        raise _Problem(f"must be a finite number, not {value}")
    return float(value)


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Problem("must be a number")
    if not (value > 0 and math.isfinite(value)):  # `not >` also rejects nan
        raise _Problem(f"must be greater than 0, not {value}")
    return float(value)


def _enum(kind: type[StrEnum]) -> Callable[[Any], Any]:
    choices = ", ".join(repr(member.value) for member in kind)

    def read(value: Any) -> StrEnum:
        try:
            return kind(value)
        except ValueError:
            raise _Problem(f"{value!r} is not one of {choices}") from None

    return read


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Problem("must be a table")
    return value


_Schema = Mapping[str, tuple[Callable[[Any], Any], Any]]

_STAGE_SCHEMA: _Schema = {
    "number": (_int, _REQUIRED),
    "slug": (_slug, _REQUIRED),
    "name": (_text, _REQUIRED),
    "purpose": (_text, _REQUIRED),
}
_EXERCISE_SCHEMA: _Schema = {
    "slug": (_slug, _REQUIRED),
    "name": (_text, _REQUIRED),
    "stage": (_int, _REQUIRED),
    "equipment": (_texts, _REQUIRED),
    "setup": (_some_texts, _REQUIRED),
    "cues": (_some_texts, _REQUIRED),
    "targets": (_some_texts, _REQUIRED),
    "dose": (_table, _REQUIRED),
    "progressions": (_texts, ()),
    "regressions": (_texts, ()),
    "cautions": (_texts, ()),
    "optional": (_bool, False),
    "source": (_text, ""),
    "illustration": (_text, None),
}
# Counts are whole numbers; times may be fractional. Ranges use the same reader as their value.
_DOSE_VALUE_READERS: Mapping[str, Callable[[Any], Any]] = {
    "sets": _positive_int,
    "seconds": _positive_number,
    "reps": _positive_int,
    "cadence": _positive_number,
    "move_seconds": _positive_number,
    "relax_seconds": _positive_number,
}
_RANGE_FIELDS = ("low", "high", "step")
_DOSE_SCHEMA: _Schema = {
    "kind": (_enum(DoseKind), _REQUIRED),
    "sides": (_enum(Sides), _REQUIRED),
    "ranges": (_table, _REQUIRED),
    **{name: (reader, None) for name, reader in _DOSE_VALUE_READERS.items()},
}


def _read(
    table: Mapping[str, Any],
    schema: _Schema,
    fail: Callable[[str, str], NoReturn],
    prefix: str = "",
) -> dict[str, Any]:
    """Check one table against its schema: no unknown fields, required ones present, types."""
    for name in table:
        if name not in schema:
            close = difflib.get_close_matches(name, list(schema), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            fail(prefix + name, f"unknown field{hint}")
    values = {}
    for name, (reader, default) in schema.items():
        if name not in table:
            if default is _REQUIRED:
                fail(prefix + name, "is required but missing")
            values[name] = default
            continue
        try:
            values[name] = reader(table[name])
        except _Problem as problem:
            fail(prefix + name, str(problem))
    return values


def _failer(file_name: str, entry: str) -> Callable[[str, str], NoReturn]:
    def fail(field_name: str, problem: str) -> NoReturn:
        raise ContentError(file_name, entry, field_name, problem)

    return fail


def _entries(data: Mapping[str, Any], key: str, file_name: str) -> list[dict[str, Any]]:
    entries = data.get(key)
    fail = _failer(file_name, "(file)")
    if entries is None:
        fail(key, f"no [[{key}]] tables")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        fail(key, f"must be written as [[{key}]] tables")
    if not entries:
        fail(key, f"no [[{key}]] tables")
    return entries


def _stage_name(table: Mapping[str, Any], index: int) -> str:
    """Name a stage by its number when it has one, else by its position in the file."""
    number = table.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        return f"stage {number}"
    return f"stage #{index}"


def _entry_name(table: Mapping[str, Any], index: int, kind: str) -> str:
    """Name an entry by its slug when it has one, else by its position in the file."""
    slug = table.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip()
    return f"{kind} #{index}"


def _known_fields_only(data: Mapping[str, Any], allowed: tuple[str, ...], file_name: str) -> None:
    for name in data:
        if name not in allowed:
            _failer(file_name, "(file)")(name, "unknown top-level field")


class _Slugged(Protocol):
    @property
    def slug(self) -> str: ...


_S = TypeVar("_S", bound=_Slugged)


def _by_slug(
    data: Mapping[str, Any],
    kind: str,
    file_name: str,
    build: Callable[[dict[str, Any], Callable[[str, str], NoReturn]], _S],
) -> dict[str, _S]:
    """Every ``[[kind]]`` table built in file order; messages name the entry by its slug,
    and a slug used twice is refused (exercises, checks and poses are found by it)."""
    built: dict[str, _S] = {}
    for index, table in enumerate(_entries(data, kind, file_name), start=1):
        fail = _failer(file_name, _entry_name(table, index, kind))
        entry = build(table, fail)
        if entry.slug in built:
            fail("slug", "duplicate slug")
        built[entry.slug] = entry
    return built


def _dose(table: Mapping[str, Any], fail: Callable[[str, str], NoReturn]) -> Dose:
    """Read a dose: exactly the values its kind uses, each with a range that contains it."""
    values = _read(table, _DOSE_SCHEMA, fail, "dose.")
    kind = values["kind"]
    used = DOSE_VALUES[kind]
    range_schema = {name: (_table, None) for name in _DOSE_VALUE_READERS}
    range_tables = _read(values["ranges"], range_schema, fail, "dose.ranges.")
    ranges = {}
    for name, reader in _DOSE_VALUE_READERS.items():
        path = f"dose.ranges.{name}"
        if name not in used:
            if values[name] is not None:
                fail(f"dose.{name}", f"is not used by kind '{kind}'; remove it")
            if range_tables[name] is not None:
                fail(path, f"is not used by kind '{kind}'; remove it")
            continue
        if values[name] is None:
            fail(f"dose.{name}", f"is required for kind '{kind}' but missing")
        if range_tables[name] is None:
            fail(path, f"is missing; add {name} = {{ low = , high = , step = }}")
        bounds = _read(
            range_tables[name], dict.fromkeys(_RANGE_FIELDS, (reader, _REQUIRED)), fail, path + "."
        )
        if bounds["low"] > bounds["high"]:
            fail(path, f"low {bounds['low']} is above high {bounds['high']}")
        ranges[name] = ValueRange(*(float(bounds[bound]) for bound in _RANGE_FIELDS))
        if not ranges[name].contains(values[name]):
            fail(
                f"dose.{name}",
                f"{values[name]} is outside its range {bounds['low']}..{bounds['high']}",
            )
    return Dose(
        kind=kind,
        sides=values["sides"],
        ranges=ranges,
        **{name: values[name] for name in _DOSE_VALUE_READERS},
    )


def content_from_data(data: Mapping[str, Any], file_name: str) -> Content:
    """Validate already-parsed TOML data; split from parsing so tests can mutate plain dicts."""
    _known_fields_only(data, ("stage", "exercise"), file_name)
    stages: dict[int, Stage] = {}
    stage_slugs: set[str] = set()
    for index, table in enumerate(_entries(data, "stage", file_name), start=1):
        fail = _failer(file_name, _stage_name(table, index))
        values = _read(table, _STAGE_SCHEMA, fail)
        if values["number"] not in STAGE_NUMBERS:
            fail("number", f"must be between {STAGE_NUMBERS[0]} and {STAGE_NUMBERS[-1]}")
        if values["number"] in stages:
            fail("number", "duplicate stage number")
        if values["slug"] in stage_slugs:
            fail("slug", "duplicate slug")
        stages[values["number"]] = Stage(**values)
        stage_slugs.add(values["slug"])

    def exercise(table: dict[str, Any], fail: Callable[[str, str], NoReturn]) -> Exercise:
        values = _read(table, _EXERCISE_SCHEMA, fail)
        if values["stage"] not in stages:
            fail("stage", f"no [[stage]] with number {values['stage']}")
        values["dose"] = _dose(values["dose"], fail)
        return Exercise(**values)

    exercises = _by_slug(data, "exercise", file_name, exercise)
    return Content(
        stages=tuple(stages[number] for number in sorted(stages)),
        exercises=tuple(exercises.values()),
    )


def parse_toml(text: str, file_name: str) -> dict[str, Any]:
    """TOML text as data, or a ContentError naming the file and the line at fault."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(file_name, "(file)", "(syntax)", f"invalid TOML: {error}") from None


def read_content_file(name: str, directory: Path | None = None) -> tuple[str, str]:
    """A content file's text and the name errors use: the bundled one through
    importlib.resources (which also works inside a PyInstaller bundle), or a directory's."""
    if directory is None:
        source: Traversable | Path = resources.files("app.content").joinpath(name)
        file_name = name
    else:
        source = Path(directory) / name
        file_name = str(source)
    try:
        return source.read_text(encoding="utf-8"), file_name
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(file_name, "(file)", "(read)", f"cannot be read: {error}") from None


def parse_content(text: str, file_name: str) -> Content:
    """Parse and validate a content file, so a bad edit fails loudly at start-up, not mid-set."""
    return content_from_data(parse_toml(text, file_name), file_name)


def load_content(directory: Path | None = None) -> Content:
    """Load the bundled exercises (or a directory's, for tests)."""
    return parse_content(*read_content_file(CONTENT_FILE, directory))
