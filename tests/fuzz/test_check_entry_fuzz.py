"""Measurement entry on anything a person can type or pick: a record or messages, nothing
else; and whatever the form accepts, the data file accepts too.

The form hands over typed degrees as text, the time from its date-time picker (anything
from 1752 to 9999, in the computer's zone) and a note. A bad entry must come back as a
message next to its field with the typing kept, never as an exception from a slot.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.checks.entry import EntryErrors, TrialInput, build_record
from app.core.checks.loader import load_checks
from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode
from app.core.checks.validation import EntryError, parse_degrees
from app.core.records import Side
from tests.fuzz.mutations import any_zone

CHECKS = load_checks()
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
FUZZ = settings(max_examples=200, deadline=None)

# What people type into a degrees box: numbers in every shape, near misses, and anything.
DEGREES_TEXT = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\s*[+-]?[0-9]{0,4}([.,][0-9]{0,3})?\s*[°º]?\s*", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**400), 10**400).map(str),
    st.sampled_from(["", " ", "45°", "45 °", "4,5", "1e3", "nan", "inf", "٤٥", "45deg", "½"]),
)
PICKER_MIN, PICKER_MAX = datetime(1752, 9, 14), datetime(9999, 12, 31, 23, 59)  # Qt default
TIMES = st.datetimes(min_value=PICKER_MIN, max_value=PICKER_MAX, timezones=any_zone())


@st.composite
def trial_inputs(draw: st.DrawFn) -> list[TrialInput]:
    rows = []
    for side in (Side.LEFT, Side.RIGHT):
        for number in range(1, 4):
            rows.append(
                TrialInput(
                    side,
                    number,
                    draw(DEGREES_TEXT),
                    draw(st.sampled_from(Method)),
                    draw(st.sampled_from(Mode)),
                    draw(st.sampled_from(MeasuredBy)),
                    draw(st.booleans()),
                    draw(st.text(max_size=30) | st.text(min_size=495, max_size=505)),
                    draw(st.none() | st.from_regex(r"[a-z0-9-]{1,20}\.jpg", fullmatch=True)),
                )
            )
    return rows


@FUZZ
@given(check=st.sampled_from(CHECKS), text=DEGREES_TEXT)
def test_typed_degrees_are_a_number_in_range_or_a_message(check, text: str) -> None:
    try:
        value = parse_degrees(text, check)
    except EntryError as error:
        assert error.message
    else:
        assert check.low <= value <= check.high


@FUZZ
@given(
    check=st.sampled_from(CHECKS),
    inputs=trial_inputs(),
    taken_at=TIMES,
    note=st.text(max_size=20) | st.text(min_size=495, max_size=600),
)
def test_a_filled_form_is_a_record_or_every_problem_by_field(
    check, inputs: list[TrialInput], taken_at: datetime, note: str
) -> None:
    try:
        record = build_record(check, inputs, taken_at, NOW, note)
    except EntryErrors as errors:
        assert errors.problems and all(errors.problems.values())
    else:
        assert isinstance(record, CheckRecord)
        assert record.taken_at.tzinfo is UTC and record.taken_at <= NOW + timedelta(minutes=1)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from app.db.store import Store

    with Store.open(tmp_path_factory.mktemp("entry") / "inward.sqlite3") as opened:
        yield opened


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(check=st.sampled_from(CHECKS), inputs=trial_inputs(), taken_at=TIMES)
def test_whatever_the_form_accepts_the_data_file_keeps(
    store, check, inputs: list[TrialInput], taken_at: datetime
) -> None:
    try:
        record = build_record(check, inputs, taken_at, NOW)
    except EntryErrors:
        return
    record_id = store.add_check(record)
    kept = store.check(record_id)
    assert kept.taken_at == record.taken_at
    assert [t.degrees for t in kept.trials] == [t.degrees for t in record.trials]


# -- the form itself: its date-time picker in a zone west of UTC --------------------------


@pytest.fixture
def los_angeles() -> object:
    if not hasattr(time, "tzset"):
        pytest.skip("changing the zone in a running process needs time.tzset (POSIX)")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "PST+8"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_any_time_the_picker_offers_is_saved_or_explained(make_window, los_angeles) -> None:
    from PySide6.QtCore import QDateTime

    window = make_window()
    flow, form = window.checks, window.checks.form

    @settings(max_examples=40, deadline=None)
    @given(st.datetimes(min_value=PICKER_MIN, max_value=PICKER_MAX))
    @example(PICKER_MIN)
    @example(PICKER_MAX)  # in Los Angeles, already the year 10000 in UTC
    def pick(picked: datetime) -> None:
        flow.start("prone-ir")
        form.row("left-1").degrees.setText("31")
        form.when.setDateTime(QDateTime(picked))
        flow.save()  # as the Save button does, but any exception reaches the test
        if window.pages.currentWidget() is form:
            assert form.errors.text()
            assert form.row("left-1").degrees.text() == "31"  # kept to fix
        else:
            assert window.pages.currentWidget() is flow.result_page

    pick()
