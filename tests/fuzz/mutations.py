"""Hypothesis strategies that break good input the ways files and people break it.

Shared by the fuzz tests: nested data with a value replaced, removed or added somewhere,
text with lines lost, doubled or garbled, and bytes cut short or flipped.
"""

from __future__ import annotations

import copy
from datetime import UTC, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

Path_ = tuple[Any, ...]

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
# TOML also has dates and times, and nan and infinity.
TOML_LEAVES = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
    st.times(),
)


def nested(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Small trees of lists and tables over ``leaves``."""
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=12), children, max_size=3)
        ),
        max_leaves=8,
    )


def paths(data: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every place in ``data`` a value sits, containers included (the root is ``()``)."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, original: Any, values: st.SearchStrategy[Any], most: int = 3) -> Any:
    """``original`` with one to ``most`` changes: a value replaced, removed or added."""
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, most))):
        where = draw(st.sampled_from(paths(data)))
        if not where:
            if draw(st.booleans()):
                return draw(values)
            continue
        *parent_path, key = where
        parent = data
        for step in parent_path:
            parent = parent[step]
        action = draw(st.sampled_from(("replace", "remove", "add", "double")))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "remove":
            del parent[key]
        elif action == "add":
            if isinstance(parent, dict):
                parent[draw(st.text(max_size=12))] = draw(values)
            else:
                parent.insert(key, draw(values))
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[f"{key}_again"] = copy.deepcopy(parent[key])
    return data


@st.composite
def mutated_text(draw: st.DrawFn, original: str, most: int = 3) -> str:
    """``original`` with lines lost, doubled or replaced, characters slipped in, or cut."""
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, most))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(("lose", "double", "replace", "slip", "cut")))
        if action == "lose":
            del lines[index]
        elif action == "double":
            lines.insert(index, lines[index])
        elif action == "replace":
            lines[index] = draw(st.text(max_size=40)) + "\n"
        elif action == "slip":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.text(min_size=1, max_size=3)) + line[at:]
        else:
            line = lines[index]
            lines[index] = line[: draw(st.integers(0, len(line)))]
            del lines[index + 1 :]
    return "".join(lines)


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes, most: int = 4) -> bytes:
    """``original`` cut short, with bytes flipped, lost or slipped in."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, most))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(("cut", "flip", "lose", "slip")))
        if action == "cut":
            del data[at:]
        elif action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "lose":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data)


def any_zone() -> st.SearchStrategy[timezone]:
    """Fixed offsets as far as real zones go: UTC-12 to UTC+14, in quarter hours."""
    return st.integers(-48, 56).map(lambda quarters: timezone(timedelta(minutes=15 * quarters)))
