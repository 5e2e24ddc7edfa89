"""The exercise and check pictures, loaded and validated from app/content/poses.toml.

It reuses the exercise loader's schema machinery (app/core/content/exercises.py), so a bad
edit fails with the same kind of message: the file, the entry (the pose's slug) and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from app.core.content.exercises import (
    _REQUIRED,
    _bool,
    _by_slug,
    _known_fields_only,
    _number,
    _Problem,
    _read,
    _Schema,
    _slug,
    _table,
    parse_toml,
    read_content_file,
)
from app.core.pictures.pose import (
    ANGLES,
    FACINGS,
    FRONT_PROPS,
    HEAD,
    HIGHLIGHTS,
    JOINTS,
    LAYERS,
    LINE_PROPS,
    NEUTRAL_ANGLES,
    NEUTRAL_ROOT,
    PARTS,
    PROP_KINDS,
    PROP_SIZES,
    REFERENCES,
    SPREADS,
    VIEWS,
    Keyframe,
    Measure,
    Placement,
    Point,
    Pose,
    Prop,
    Skeleton,
)

POSES_FILE = "poses.toml"
REQUIRED_KEYFRAMES = ("start", "end")
MAX_ANGLE = 360.0
LENGTH_RANGE = (0.0, 1.5)  # a segment can look shorter (foreshortened), a little longer at most
_KEYFRAME_NAME = re.compile(r"[a-z][a-z0-9-]*")


def _angle(value: Any) -> float:
    degrees = _number(value)
    if abs(degrees) > MAX_ANGLE:
        raise _Problem(f"must be between -{MAX_ANGLE:g} and {MAX_ANGLE:g} degrees, not {degrees:g}")
    return degrees


def _spread(value: Any) -> float:
    """Negative puts the near joint on the other side: a body rolling over, in a side view."""
    distance = _number(value)
    if not -1.0 <= distance <= 1.0:
        raise _Problem(f"must be between -1 and 1, not {distance:g}")
    return distance


def _pair(value: Any) -> Point:
    if not isinstance(value, list) or len(value) != 2:
        raise _Problem("must be a pair of numbers, [x, y]")
    try:
        return Point(_number(value[0]), _number(value[1]))
    except _Problem:
        raise _Problem("must be a pair of numbers, [x, y]") from None


def _size(value: Any) -> tuple[float, float]:
    """A number (a round prop's diameter, a line's thickness) or [width, height]."""
    if isinstance(value, list):
        point = _pair(value)
        width, height = point.x, point.y
    else:
        width = height = _number(value)
    if width < 0 or height < 0:
        raise _Problem("must not be negative")
    return (width, height)


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    listed = ", ".join(repr(choice) for choice in choices)

    def read(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise _Problem(f"{value!r} is not one of {listed}")
        return value

    return read


def _place(value: Any) -> str | Point:
    """A joint's name (the prop moves with it) or a fixed [x, y]."""
    if isinstance(value, str):
        if value not in JOINTS:
            raise _Problem(f"{value!r} is not a joint; use one of {', '.join(JOINTS)} or [x, y]")
        return value
    return _pair(value)


def _positive_size(value: Any) -> float:
    number = _number(value)
    if not 0.0 < number <= 1.0:
        raise _Problem(f"must be above 0 and at most 1, not {number:g}")
    return number


def _torso(value: Any) -> tuple[float, float, float, float]:
    message = "must be four half-widths, [pelvis, waist, chest, neck], each above 0, at most 1"
    if not isinstance(value, list) or len(value) != 4:
        raise _Problem(message)
    try:
        widths = tuple(_positive_size(item) for item in value)
    except _Problem:
        raise _Problem(message) from None
    return (widths[0], widths[1], widths[2], widths[3])


def _order(value: Any) -> tuple[str, ...]:
    parts = [part for part in value if part != HEAD] if isinstance(value, list) else None
    if parts is None or sorted(parts) != sorted(PARTS) or len(value) - len(parts) > 1:
        raise _Problem(
            f"must list each of {', '.join(PARTS)} once, back to front (and '{HEAD}' at most once)"
        )
    return tuple(value)


def _lengths(value: Any) -> dict[str, float]:
    table = _table(value)
    lengths = {}
    for name, factor in table.items():
        if name not in ANGLES:
            raise _Problem(f"{name!r} is not a segment; use the angle names ({', '.join(ANGLES)})")
        number = _number(factor)
        low, high = LENGTH_RANGE
        if not low < number <= high:
            raise _Problem(f"{name} must be above {low:g} and at most {high:g}, not {number:g}")
        lengths[name] = number
    return lengths


_POSE_SCHEMA: _Schema = {
    "slug": (_slug, _REQUIRED),
    "view": (_choice(VIEWS), _REQUIRED),
    "facing": (_choice(FACINGS), "viewer"),
    "highlight": (_choice(HIGHLIGHTS), "near"),
    "order": (_order, tuple(PARTS)),
    "keyframes": (_table, _REQUIRED),
    "prop": (lambda value: value, []),
    "measure": (_table, None),
    "provisional": (_bool, False),
    "torso": (_torso, None),
    "torso_depth": (_positive_size, None),
}
_KEYFRAME_SCHEMA: _Schema = {
    "root": (_pair, None),
    "lengths": (_lengths, None),
    "hips": (_spread, None),
    "shoulders": (_spread, None),
    **{name: (_angle, None) for name in ANGLES},
}
_PROP_SCHEMA: _Schema = {
    "kind": (_choice(PROP_KINDS), _REQUIRED),
    "at": (_place, None),
    "offset": (_pair, None),
    "to": (_place, None),
    "to_offset": (_pair, None),
    "size": (_size, None),
    "layer": (_choice(LAYERS), None),
}
_MEASURE_SCHEMA: _Schema = {
    "vertex": (_choice(JOINTS), _REQUIRED),
    "to": (_choice(JOINTS), _REQUIRED),
    "reference": (_choice(REFERENCES), _REQUIRED),
}


def _skeleton(
    table: Any, base: Skeleton, fail: Callable[[str, str], NoReturn], prefix: str
) -> Skeleton:
    """A keyframe: what it sets, on top of `base` (neutral for start, start for the rest)."""
    if not isinstance(table, dict):
        fail(prefix.rstrip("."), "must be a table of angles")
    values = _read(table, _KEYFRAME_SCHEMA, fail, prefix)
    angles = dict(base.angles)
    angles.update({name: values[name] for name in ANGLES if values[name] is not None})
    lengths = dict(base.lengths)
    lengths.update(values["lengths"] or {})
    return Skeleton(
        root=values["root"] if values["root"] is not None else base.root,
        angles=angles,
        lengths=lengths,
        hips=values["hips"] if values["hips"] is not None else base.hips,
        shoulders=values["shoulders"] if values["shoulders"] is not None else base.shoulders,
    )


def _keyframes(
    table: Mapping[str, Any], view: str, fail: Callable[[str, str], NoReturn]
) -> tuple[Keyframe, ...]:
    for name in REQUIRED_KEYFRAMES:
        if name not in table:
            fail(f"keyframes.{name}", "is required but missing (every pose has start and end)")
    for name in table:
        if not _KEYFRAME_NAME.fullmatch(name):
            fail(f"keyframes.{name}", "is not a keyframe name (lowercase letters, digits, -)")
    hips, shoulders = SPREADS[view]
    neutral = Skeleton(Point(*NEUTRAL_ROOT), dict(NEUTRAL_ANGLES), {}, hips, shoulders)
    start = _skeleton(table["start"], neutral, fail, "keyframes.start.")
    keyframes = [Keyframe("start", start)]
    for name, frame in table.items():
        if name != "start":
            keyframes.append(Keyframe(name, _skeleton(frame, start, fail, f"keyframes.{name}.")))
    return tuple(keyframes)


def _placement(
    place: str | Point | None,
    offset: Point | None,
    fail: Callable[[str, str], NoReturn],
    names: tuple[str, str],
) -> Placement | None:
    """`at` (or `to`) with its optional offset; `names` are the two fields, for messages."""
    place_name, offset_name = names
    if offset is not None and not isinstance(place, str):
        fail(offset_name, f"only goes with a joint in '{place_name.rsplit('.', 1)[-1]}'")
    if place is None:
        return None
    if isinstance(place, Point):
        return Placement(None, place)
    return Placement(place, offset or Point(0.0, 0.0))


def _prop(table: Any, fail: Callable[[str, str], NoReturn], prefix: str) -> Prop:
    if not isinstance(table, dict):
        fail(prefix.rstrip("."), "must be a table")
    values = _read(table, _PROP_SCHEMA, fail, prefix)
    kind = values["kind"]
    at = _placement(values["at"], values["offset"], fail, (prefix + "at", prefix + "offset"))
    to = _placement(values["to"], values["to_offset"], fail, (prefix + "to", prefix + "to_offset"))
    if kind == "floor":
        for name in ("at", "to", "size"):
            if values[name] is not None:
                fail(prefix + name, "the floor takes no position or size; it spans the picture")
    elif at is None:
        fail(prefix + "at", f"is required for a {kind}: a joint's name or [x, y]")
    if kind in LINE_PROPS and to is None:
        fail(prefix + "to", f"is required for a {kind}: where it ends (a joint or [x, y])")
    if kind not in LINE_PROPS and to is not None:
        fail(prefix + "to", f"only a band or cable has a far end, not a {kind}")
    layer = values["layer"] or ("front" if kind in FRONT_PROPS else "behind")
    return Prop(kind, at, to, values["size"] or PROP_SIZES[kind], layer)


def _pose(table: Mapping[str, Any], fail: Callable[[str, str], NoReturn]) -> Pose:
    values = _read(table, _POSE_SCHEMA, fail)
    keyframes = _keyframes(values["keyframes"], values["view"], fail)
    props_data = values["prop"]
    if not isinstance(props_data, list):
        fail("prop", "must be written as [[pose.prop]] tables")
    props = tuple(
        _prop(entry, fail, f"prop[{number}].") for number, entry in enumerate(props_data, 1)
    )
    measure = None
    if values["measure"] is not None:
        measure = Measure(**_read(values["measure"], _MEASURE_SCHEMA, fail, "measure."))
    return Pose(
        slug=values["slug"],
        view=values["view"],
        keyframes=keyframes,
        props=props,
        highlight=values["highlight"],
        facing=values["facing"],
        order=values["order"],
        measure=measure,
        provisional=values["provisional"],
        torso=values["torso"],
        torso_depth=values["torso_depth"],
    )


def poses_from_data(data: Mapping[str, Any], file_name: str) -> dict[str, Pose]:
    """Validate already-parsed TOML data; split from parsing so tests can mutate plain dicts."""
    _known_fields_only(data, ("pose",), file_name)
    return _by_slug(data, "pose", file_name, _pose)


def parse_poses(text: str, file_name: str) -> dict[str, Pose]:
    return poses_from_data(parse_toml(text, file_name), file_name)


def load_poses(directory: Path | None = None) -> dict[str, Pose]:
    """Every picture by slug (an exercise's or a check's), bundled or from a directory."""
    return parse_poses(*read_content_file(POSES_FILE, directory))
