"""The windowed JSON reader gives exactly what json.loads gives, wherever the chunks end."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.backup.json_stream import FileGrewError, JsonStream, StreamError, TooLargeError

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


def read_list(text: str, chunk: int, limit: int = 10_000) -> list[Any]:
    stream = JsonStream(io.BytesIO(text.encode()), json.JSONDecoder(), chunk_bytes=chunk)
    stream.take("[", "Expecting value")
    items = []
    if stream.peek() == "]":
        return items
    while True:
        items.append(stream.value(limit))
        if stream.peek() == "]":
            stream.take("]", "")
            assert stream.at_end()
            return items
        stream.take(",", "Expecting ',' delimiter")


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, max_size=8), st.integers(1, 64), st.sampled_from([None, 1, 2]))
def test_any_list_reads_the_same_in_any_chunks(items: list[Any], chunk: int, indent) -> None:
    text = json.dumps(items, indent=indent, ensure_ascii=False)
    assert read_list(text, chunk) == json.loads(text)


def test_a_value_over_its_limit_is_refused_before_it_is_all_read() -> None:
    text = "[" + "[]," * 100_000 + "[]]"
    source = io.BytesIO(("[" + text + "]").encode())
    stream = JsonStream(source, json.JSONDecoder(), chunk_bytes=1024)
    stream.take("[", "")
    with pytest.raises(TooLargeError):
        stream.value(10_000)
    assert source.tell() < 20_000  # stopped reading soon after the limit


def test_an_error_names_the_line_and_column_in_the_whole_file() -> None:
    text = "[\n" + ",\n".join(['{"a": 1}'] * 500) + ',\n{"a": 1,, "b": 2}\n]'
    with pytest.raises(StreamError) as caught:
        read_list(text, 64)
    assert (caught.value.line, caught.value.column) == (502, 9)
    assert not caught.value.cut


def test_more_bytes_than_allowed_are_refused_as_the_file_having_grown() -> None:
    source = io.BytesIO(b"[" + b" " * 5000 + b"1]")  # longer than its size said
    stream = JsonStream(source, json.JSONDecoder(), chunk_bytes=1024, max_bytes=3000)
    stream.take("[", "")
    with pytest.raises(FileGrewError):
        stream.value(10_000)
