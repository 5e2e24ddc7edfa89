"""The self-check definitions as frozen data, loaded and validated from app/content/checks.toml.

It reuses the exercise loader's schema machinery (app/core/content/exercises.py), so a bad
edit fails at start-up with the same kind of message: the file, the entry (the check's slug)
and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from app.core.checks.types import CheckDefinition, Mode, PublishedAverage, PublishedNoise, Reference
from app.core.content.exercises import (
    _REQUIRED,
    _bool,
    _by_slug,
    _enum,
    _known_fields_only,
    _number,
    _Problem,
    _read,
    _Schema,
    _slug,
    _some_texts,
    _table,
    _text,
    parse_toml,
    read_content_file,
)

CHECKS_FILE = "checks.toml"


def _modes(value: Any) -> tuple[Mode, ...]:
    if not isinstance(value, list) or not value:
        raise _Problem('must list at least one of "passive", "active"')
    modes = tuple(_enum(Mode)(item) for item in value)
    if len(set(modes)) != len(modes):
        raise _Problem("lists a mode twice")
    return modes


def _tables(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Problem("must be a list of tables")
    return value


_CHECK_SCHEMA: _Schema = {
    "slug": (_slug, _REQUIRED),
    "name": (_text, _REQUIRED),
    "position": (_text, _REQUIRED),
    "setup": (_some_texts, _REQUIRED),
    "measure": (_text, _REQUIRED),
    "reference": (_table, _REQUIRED),
    "averages": (_tables, []),
    "low": (_number, _REQUIRED),
    "high": (_number, _REQUIRED),
    "modes": (_modes, (Mode.PASSIVE,)),
    "optional": (_bool, False),
    "shin_angle": (_bool, True),
    "source": (_text, ""),
    "illustration": (_text, None),
    "noise": (_table, None),
}
_FILE_NAME = re.compile(r"\b[\w.-]+\.(?:txt|md|pdf|toml)\b", re.IGNORECASE)


def _citation(value: Any) -> str:
    """A citation is shown as it is, on screen and in the report: never one of our file names."""
    text = _text(value)
    if _FILE_NAME.search(text):
        raise _Problem("is shown to people, so it must cite the work, not name a file")
    return text


# `source` is the citation the result screen and the report show beside each number.
_REFERENCE_SCHEMA: _Schema = {
    "low": (_number, _REQUIRED),
    "high": (_number, _REQUIRED),
    "source": (_citation, _REQUIRED),
    "mode": (_enum(Mode), Mode.PASSIVE),
    "name": (_text, "the reference"),
    "note": (_text, ""),
}
_AVERAGE_SCHEMA: _Schema = {
    "degrees": (_number, _REQUIRED),
    "source": (_citation, _REQUIRED),
    "mode": (_enum(Mode), Mode.PASSIVE),
}
_NOISE_SCHEMA: _Schema = {
    "degrees": (_number, _REQUIRED),
    "mode": (_enum(Mode), _REQUIRED),
    "source": (_citation, _REQUIRED),
}


def _check(table: Mapping[str, Any], fail: Callable[[str, str], NoReturn]) -> CheckDefinition:
    """Read one [[check]]: its fields, then the ranges that must agree with each other."""
    values = _read(table, _CHECK_SCHEMA, fail)
    low, high = values["low"], values["high"]
    if low >= high:
        fail("high", f"must be above low ({low:g}), not {high:g}")

    bounds = _read(values["reference"], _REFERENCE_SCHEMA, fail, "reference.")
    if bounds["low"] > bounds["high"]:
        fail("reference", f"low {bounds['low']:g} is above high {bounds['high']:g}")
    for bound in ("low", "high"):
        if not low <= bounds[bound] <= high:
            fail(
                f"reference.{bound}",
                f"{bounds[bound]:g} is outside the check's range {low:g}..{high:g}",
            )

    averages = []
    for number, average in enumerate(values["averages"], start=1):
        prefix = f"averages[{number}]."
        read = _read(average, _AVERAGE_SCHEMA, fail, prefix)
        if not low <= read["degrees"] <= high:
            fail(
                prefix + "degrees",
                f"{read['degrees']:g} is outside the check's range {low:g}..{high:g}",
            )
        averages.append(PublishedAverage(**read))

    noise = None
    if values["noise"] is not None:
        noise = PublishedNoise(**_read(values["noise"], _NOISE_SCHEMA, fail, "noise."))
    for mode in {bounds["mode"], *(average.mode for average in averages)}:
        if mode not in values["modes"]:
            fail("modes", f"a reference or average is {mode}, which this check does not take")

    return CheckDefinition(
        **{
            **values,
            "reference": Reference(**bounds),
            "averages": tuple(averages),
            "noise": noise,
        }
    )


def checks_from_data(data: Mapping[str, Any], file_name: str) -> tuple[CheckDefinition, ...]:
    """Validate already-parsed TOML data; split from parsing so tests can mutate plain dicts."""
    _known_fields_only(data, ("check",), file_name)
    return tuple(_by_slug(data, "check", file_name, _check).values())


def parse_checks(text: str, file_name: str) -> tuple[CheckDefinition, ...]:
    """Parse and validate a checks file, so a bad edit fails at start-up, not mid-check."""
    return checks_from_data(parse_toml(text, file_name), file_name)


def load_checks(directory: Path | None = None) -> tuple[CheckDefinition, ...]:
    """Load the bundled checks (or a directory's, for tests)."""
    return parse_checks(*read_content_file(CHECKS_FILE, directory))
