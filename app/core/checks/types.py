"""What a self-check is, as data: its definition, a trial and a record, and their enums.

A check is taken the same way every time, per side, with the instrument recorded, so two
readings can be compared honestly. Everything else in the package (what a reading means, how
it is worded, what may be stored) works on these types; they hold no rule of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.core.records import Side

MAX_TRIALS = 3


class Method(StrEnum):
    EYE = "eye"  # estimated by eye
    INCLINOMETER = "inclinometer"  # phone inclinometer app
    GONIOMETER = "goniometer"
    PHOTO = "photo"  # measured on a photo in the app


class Mode(StrEnum):
    PASSIVE = "passive"  # moved by gravity or a helper
    ACTIVE = "active"  # turned with your own muscles


class MeasuredBy(StrEnum):
    SELF = "self"
    HELPER = "helper"


@dataclass(frozen=True)
class Reference:
    """A reference range for a check, with its citation; only readings of its mode are
    compared with it (an active turn is not judged against a passive target)."""

    low: float
    high: float
    source: str  # the citation, shown to the person: authors and years, never a file name
    mode: Mode = Mode.PASSIVE
    name: str = "the reference"  # what it is, in the person's words: "the guide's target"
    note: str = ""  # plain words: what the number is (a target, an average), how to read it


@dataclass(frozen=True)
class PublishedAverage:
    degrees: float
    source: str
    mode: Mode = Mode.PASSIVE


@dataclass(frozen=True)
class PublishedNoise:
    """A measured smallest real change, for the one position and mode it was measured in."""

    degrees: float
    mode: Mode
    source: str


@dataclass(frozen=True)
class CheckDefinition:
    slug: str
    name: str
    position: str  # short: "Lying face down, hip straight"
    setup: tuple[str, ...]
    measure: str  # what angle is read, in plain words
    reference: Reference
    averages: tuple[PublishedAverage, ...]
    low: float  # the degrees this check can sensibly read; typed values outside are refused
    high: float
    modes: tuple[Mode, ...] = (Mode.PASSIVE,)
    optional: bool = False
    shin_angle: bool = True  # the shin against vertical, which the photo measurer reads
    source: str = ""  # the source article's file, for maintainers: never shown
    illustration: str | None = None
    noise: PublishedNoise | None = None


@dataclass(frozen=True)
class Trial:
    """One reading of one side."""

    side: Side
    number: int  # 1..MAX_TRIALS
    degrees: float
    method: Method
    mode: Mode
    measured_by: MeasuredBy
    pain: bool = False
    note: str = ""
    photo: str | None = None  # file name in the data folder's photos/, when kept


@dataclass(frozen=True)
class CheckRecord:
    """One sitting of one check: up to three trials per side, taken at one time."""

    check_slug: str
    taken_at: datetime  # timezone-aware, UTC
    trials: tuple[Trial, ...]
    note: str = ""
    id: int | None = None  # set once stored


MEASURED_SIDES = (Side.LEFT, Side.RIGHT)


def find_definition(definitions: Iterable[CheckDefinition], slug: str) -> CheckDefinition:
    for definition in definitions:
        if definition.slug == slug:
            return definition
    raise KeyError(slug)
