"""The check form's rules: every bad field named at once, nothing half-built."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.checks.entry import RECORD_NOTE, TAKEN_AT, EntryErrors, TrialInput, build_record
from app.core.checks.loader import load_checks
from app.core.checks.table import check_list_rows
from app.core.checks.types import MeasuredBy, Method, Mode, find_definition
from app.core.records import Side

CHECKS = load_checks()
PRONE = find_definition(CHECKS, "prone-ir")
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def row(side: Side, number: int, text: str, **extra) -> TrialInput:
    values = {"method": Method.INCLINOMETER, "mode": Mode.PASSIVE, "measured_by": MeasuredBy.SELF}
    values.update(extra)
    return TrialInput(side, number, text, **values)


def test_a_full_form_becomes_a_record_with_every_trial() -> None:
    inputs = [row(Side.LEFT, n, t) for n, t in ((1, "30"), (2, "32,5"), (3, "31°"))]
    inputs += [row(Side.RIGHT, n, t) for n, t in ((1, "44"), (2, ""), (3, "46"))]
    record = build_record(PRONE, inputs, NOW - timedelta(hours=1), NOW, note=" after a run ")
    assert [(t.side, t.number, t.degrees) for t in record.trials] == [
        (Side.LEFT, 1, 30.0),
        (Side.LEFT, 2, 32.5),
        (Side.LEFT, 3, 31.0),
        (Side.RIGHT, 1, 44.0),
        (Side.RIGHT, 3, 46.0),
    ]
    assert record.note == "after a run" and record.taken_at == NOW - timedelta(hours=1)


def test_every_bad_field_is_named_at_once() -> None:
    inputs = [
        row(Side.LEFT, 1, "abc"),
        row(Side.LEFT, 2, "130"),
        row(Side.RIGHT, 1, "40"),
    ]
    with pytest.raises(EntryErrors) as caught:
        build_record(PRONE, inputs, NOW + timedelta(days=1), NOW, note="x" * 501)
    problems = caught.value.problems
    assert set(problems) == {"left-1", "left-2", TAKEN_AT, RECORD_NOTE}
    assert problems["left-1"].startswith("Left trial 1:")
    assert "90" in problems["left-2"]  # the allowed range is named
    assert "future" in problems[TAKEN_AT]


def test_an_empty_form_asks_for_a_reading() -> None:
    with pytest.raises(EntryErrors) as caught:
        build_record(PRONE, [row(Side.LEFT, 1, "  ")], NOW, NOW)
    assert "at least one reading" in caught.value.problems["left-1"]


def test_check_list_rows_show_medians_newest_first_and_flag_pain() -> None:
    older = build_record(PRONE, [row(Side.LEFT, 1, "30")], NOW - timedelta(days=7), NOW)
    newer = build_record(
        PRONE,
        [row(Side.LEFT, n, t) for n, t in ((1, "30"), (2, "34"), (3, "31"))]
        + [row(Side.RIGHT, 1, "44", pain=True)],
        NOW,
        NOW,
    )
    rows = check_list_rows(
        [
            older.__class__(**{**older.__dict__, "id": 1}),
            newer.__class__(**{**newer.__dict__, "id": 2}),
        ],
        CHECKS,
        tz=UTC,
    )
    assert [r.record_id for r in rows] == [2, 1]
    assert rows[0].cells[:6] == (
        "2026-11-21 09:00",
        PRONE.name,
        "31° (3 trials)",
        "44°",
        "Phone inclinometer",
        "Passive",
    )
    assert rows[0].pain and rows[0].cells[6].startswith("Pinch or pain")
    assert rows[1].cells[3] == "—"
