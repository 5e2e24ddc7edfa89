"""The content loader on broken exercise files: a Content or a ContentError, nothing else.

A content author's edit can break exercises.toml in any way; the app must then refuse it
at start-up with the file, the entry and the field named, never crash with a KeyError or
TypeError from deep inside.
"""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.content.exercises import (
    CONTENT_FILE,
    Content,
    ContentError,
    content_from_data,
    parse_content,
    read_content_file,
)
from tests.fuzz.mutations import TOML_LEAVES, mutated, mutated_text, nested

TEXT, _ = read_content_file(CONTENT_FILE)
DATA = tomllib.loads(TEXT)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def loads_or_names_the_problem(load: Any) -> None:
    try:
        content = load()
    except ContentError as error:
        assert str(error).startswith(f"{CONTENT_FILE}: entry '")
        assert error.entry  # the field may be '' itself: TOML allows an empty key
    else:
        assert isinstance(content, Content) and content.exercises


@FUZZ
@given(mutated_text(TEXT))
def test_an_edited_file_loads_or_is_refused_by_name(text: str) -> None:
    loads_or_names_the_problem(lambda: parse_content(text, CONTENT_FILE))


@FUZZ
@given(mutated(DATA, nested(TOML_LEAVES)))
def test_any_value_anywhere_loads_or_is_refused_by_name(data: Any) -> None:
    if not isinstance(data, dict):  # TOML's top level is always a table
        data = {"stage": data}
    loads_or_names_the_problem(lambda: content_from_data(data, CONTENT_FILE))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all_is_refused_by_name(text: str) -> None:
    loads_or_names_the_problem(lambda: parse_content(text, CONTENT_FILE))
