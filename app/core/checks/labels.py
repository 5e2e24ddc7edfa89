"""How a check's numbers and names are written wherever they appear: degrees, a reference
range, a method's names and a check's name.

The form, the Self-checks list, History's charts, the report and the result screen all use
these, so a value or a method never reads one way on one screen and another way on the next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.checks.readings import tenths
from app.core.checks.types import CheckDefinition, Method, Reference


@dataclass(frozen=True)
class MethodWords:
    """Every name a method goes by, kept together so the form, History, the report and the
    result screen cannot drift apart."""

    choice: str  # in the form's list, where it is chosen
    label: str  # a table cell or a chart's legend on screen
    short: str  # the report's narrow readings column and its change lines
    phrase: str  # inside a sentence: "measured by eye"


METHODS: Mapping[Method, MethodWords] = {
    Method.EYE: MethodWords("Estimated by eye", "By eye", "By eye", "by eye"),
    Method.INCLINOMETER: MethodWords(
        "Phone inclinometer", "Phone inclinometer", "Inclinometer", "with a phone inclinometer"
    ),
    Method.GONIOMETER: MethodWords("Goniometer", "Goniometer", "Goniometer", "with a goniometer"),
    Method.PHOTO: MethodWords("Photo (measured here)", "Photo", "Photo", "from a photo"),
}
MIXED_METHODS = "Mixed"  # the label of a side whose trials used more than one method


def format_degrees(degrees: float) -> str:
    """'32°', '32.5°': tenths at most, no trailing '.0'."""
    return f"{tenths(degrees):g}°"


def format_reference(reference: Reference) -> str:
    """'45°' for a single value, '30–45°' for a range."""
    if tenths(reference.low) == tenths(reference.high):
        return format_degrees(reference.low)
    return f"{tenths(reference.low):g}–{format_degrees(reference.high)}"


UNKNOWN_CHECK = "A check this version of Inward does not know"


def check_names(definitions: Sequence[CheckDefinition]) -> dict[str, str]:
    """Each check's name by slug; look up with :func:`check_name`."""
    return {d.slug: d.name for d in definitions}


def check_name(names: Mapping[str, str], slug: str) -> str:
    """A check's name, never its code: a backup from a newer Inward may bring a slug this
    version has no name for."""
    return names.get(slug, UNKNOWN_CHECK)
