"""The report's words and numbers for a known small history: what a physiotherapist reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.core.check_loader import load_checks
from app.core.checks import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.feedback import CheckIn, Effort
from app.core.plan_types import History, SessionLog
from app.core.records import SessionStatus, SetResult, Side
from app.core.report_data import (
    DISCLAIMER,
    Adherence,
    build_report,
    default_range,
    describe_side_change,
    longest_streak,
)
from tests.core.factories import hold, plan

CHECKS = load_checks()
PLAN = plan(hold(60), hold(30))  # "Exercise 0" (60 s a side) and "Exercise 1" (30 s a side)
MARCH = (date(2026, 3, 1), date(2026, 3, 28))  # four weeks


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def result(
    when: datetime,
    slug: str,
    side: Side,
    seconds: float,
    *,
    done: float | None = None,
    skipped: bool = False,
    pain: bool = False,
) -> SetResult:
    done = seconds if done is None else done
    return SetResult(
        slug,
        side,
        1,
        seconds,
        done,
        None,
        None,
        skipped,
        when,
        when + timedelta(seconds=done),
        pain,
    )


def session(
    id: int,
    when: datetime,
    *,
    pain: Side | None = None,
    all_skipped: bool = False,
    checkin: tuple[Effort, str] | None = None,
) -> SessionLog:
    """Three sets done (60 + 60 + 30 s) and one skipped after 10 s: 160 s of work."""
    if all_skipped:
        sets = (
            result(when, "exercise-0", Side.LEFT, 60, done=5, skipped=True),
            result(when, "exercise-0", Side.RIGHT, 60, done=0, skipped=True),
        )
    else:
        sets = (
            result(when, "exercise-0", Side.LEFT, 60, pain=pain is Side.LEFT),
            result(when, "exercise-0", Side.RIGHT, 60, pain=pain is Side.RIGHT),
            result(when, "exercise-1", Side.LEFT, 30),
            result(when, "exercise-1", Side.RIGHT, 30, done=10, skipped=True),
        )
    note = None
    if checkin is not None:
        note = CheckIn(id, when + timedelta(minutes=20), checkin[0], note=checkin[1])
    status = SessionStatus.ABANDONED if all_skipped else SessionStatus.FINISHED
    return SessionLog(id, when, status, PLAN, sets, note)


def trial(
    side: Side,
    degrees: float,
    method: Method = Method.INCLINOMETER,
    *,
    number: int = 1,
    mode: Mode = Mode.PASSIVE,
    pain: bool = False,
    note: str = "",
) -> Trial:
    return Trial(side, number, degrees, method, mode, MeasuredBy.SELF, pain, note)


def check(
    id: int, when: datetime, *trials: Trial, slug: str = "prone-ir", note: str = ""
) -> CheckRecord:
    return CheckRecord(slug, when, trials, note=note, id=id)


SESSIONS = (
    session(1, at(28, month=2)),  # before the range
    session(2, at(2), checkin=(Effort.ABOUT_RIGHT, "Stiff start")),
    session(3, at(3), pain=Side.LEFT),
    session(4, at(4)),
    session(5, at(10), checkin=(Effort.TOO_HARD, "")),
    session(6, at(12), all_skipped=True),  # abandoned, nothing done: not counted, its 5 s are
    session(7, at(20), pain=Side.RIGHT, checkin=(Effort.ABOUT_RIGHT, "")),
    session(8, at(21)),
    session(9, at(29)),  # after the range
)
PRONE = (
    check(1, at(20, month=2), trial(Side.LEFT, 20), trial(Side.RIGHT, 30)),  # before
    check(2, at(1), trial(Side.LEFT, 30), trial(Side.RIGHT, 40)),
    check(
        3, at(15), trial(Side.LEFT, 33, Method.GONIOMETER), trial(Side.RIGHT, 41, Method.GONIOMETER)
    ),
    check(
        4,
        at(28, hour=18),
        trial(Side.LEFT, 37),
        trial(Side.LEFT, 38, number=2),
        trial(Side.LEFT, 40, number=3, note="warmed up"),
        trial(Side.RIGHT, 42.5, pain=True),
        note="after the bath",
    ),
)
SEATED = (
    check(10, at(5), trial(Side.LEFT, 31, Method.EYE), slug="seated-ir"),
    check(11, at(25), trial(Side.LEFT, 33), trial(Side.RIGHT, 36), slug="seated-ir"),
)
HISTORY = History(checks=(*SEATED, *PRONE), sessions=SESSIONS)


def report(history: History = HISTORY, start: date = MARCH[0], end: date = MARCH[1], **kw):
    options = {"name": "Anna Example", "tz": UTC, "today": date(2026, 4, 2), **kw}
    return build_report(
        history,
        CHECKS,
        start,
        end,
        options.pop("name"),
        options.pop("tz"),
        today=options.pop("today"),
    )


def test_the_header_names_the_person_the_period_and_the_day() -> None:
    data = report()
    assert data.title == "Inward report for Anna Example"
    assert data.name == "Anna Example"
    assert data.period == "1 March 2026 – 28 March 2026"
    assert data.generated == "Generated 2 April 2026"
    assert data.disclaimer == DISCLAIMER
    assert "not medical advice" in DISCLAIMER
    assert data.empty is None


@pytest.mark.parametrize("name", [None, "", "   "])
def test_without_a_name_the_title_is_plain(name: str | None) -> None:
    data = report(name=name)
    assert data.title == "Inward report"
    assert data.name is None


def test_a_name_is_trimmed() -> None:
    assert report(name="  Anna  ").title == "Inward report for Anna"


def test_a_finished_session_counts_even_with_every_set_skipped_as_on_the_history_page() -> None:
    finished = replace(SESSIONS[5], status=SessionStatus.FINISHED)
    history = History(checks=(), sessions=(*SESSIONS[:5], finished, *SESSIONS[6:]))
    assert report(history).adherence.sessions == 7


def test_adherence_counts_sessions_with_work_done_in_the_range() -> None:
    adherence = report().adherence
    assert adherence == Adherence(
        sessions=6,  # 2, 3, 4, 10, 20, 21 March; not the all-skipped one, not 28 Feb or 29 Mar
        per_week=1.5,  # 6 sessions in 4 weeks
        minutes=16,  # 6 x 160 s + 5 s = 965 s
        holds=18,  # 3 sets done in each counted session
        longest_streak=3,  # 2-4 March
        efforts=((Effort.ABOUT_RIGHT, 2), (Effort.TOO_HARD, 1)),
    )
    assert adherence.rows == (
        ("Sessions", "6"),
        ("Sessions per week", "1.5"),
        ("Time exercising", "16 min"),
        ("Holds and sets completed", "18"),
        ("Longest streak", "3 days"),
        ("Effort after sessions", "2 about right, 1 too hard"),
    )


def test_pain_flags_name_the_exercises_and_the_checks_with_their_days() -> None:
    data = report()
    assert [flag.text for flag in data.pain_flags] == [
        "Exercise 0: 3 Mar 2026, 20 Mar 2026 (2 sets)",
        "Self-check: Lying face down: 28 Mar 2026 (1 reading)",
    ]
    assert data.pain_note.startswith("Exercises and self-checks where a pinch or pain")


def test_a_change_beyond_noise_is_a_change_and_under_it_is_noise() -> None:
    prone = report().checks[0]
    assert prone.name == "Lying face down"
    # The goniometer reading of 15 March is left out: only the inclinometer's are compared.
    assert prone.changes == (
        "Left: up 8°, from 30° (1 Mar 2026) to 38° (28 Mar 2026); passive, inclinometer.",
        "Right: no real change, from 40° (1 Mar 2026) to 42.5° (28 Mar 2026): up 2.5°, within "
        "measurement noise (under 5°); passive, inclinometer.",
    )
    assert prone.latest == (
        "28 Mar 2026: left 38°, right 42.5°; no left/right difference beyond measurement noise."
    )
    first_day = report(end=date(2026, 3, 1)).checks[0]
    assert first_day.latest == "1 Mar 2026: left 30°, right 40°; left tighter than right by 10°."


def test_no_change_and_a_drop_are_worded_as_such() -> None:
    records = [
        check(1, at(1), trial(Side.LEFT, 35), trial(Side.RIGHT, 40)),
        check(2, at(9), trial(Side.LEFT, 35), trial(Side.RIGHT, 33)),
    ]
    assert describe_side_change(records, Side.LEFT, UTC) == (
        "Left: no change, 35° on 1 Mar 2026 and on 9 Mar 2026; passive, inclinometer."
    )
    assert describe_side_change(records, Side.RIGHT, UTC) == (
        "Right: down 7°, from 40° (1 Mar 2026) to 33° (9 Mar 2026); passive, inclinometer."
    )


def test_readings_with_other_methods_are_not_compared() -> None:
    seated = report().checks[1]
    assert seated.name == "Sitting"
    assert seated.changes == (
        "Left: one passive reading with a phone inclinometer in this period; the others used "
        "another method or mode, so they are not compared.",
        "Right: one reading in this period, nothing to compare it with.",
    )
    mixed = check(1, at(1), trial(Side.LEFT, 30), trial(Side.LEFT, 31, Method.EYE, number=2))
    assert describe_side_change([mixed], Side.LEFT) == (
        "Left: the trials mix methods or modes, so they are not compared."
    )
    assert describe_side_change([mixed], Side.RIGHT) == "Right: not measured in this period."


def test_the_readings_table_has_one_row_per_sitting_in_the_range() -> None:
    prone = report().checks[0]
    assert [row.cells for row in prone.rows] == [
        ("1 Mar 2026 09:00", "30°", "40°", "10°, left tighter", "Inclinometer", "Passive", "", ""),
        ("15 Mar 2026 09:00", "33°", "41°", "8°, left tighter", "Goniometer", "Passive", "", ""),
        (
            "28 Mar 2026 18:00",
            "38°",  # the median of 37, 38 and 40
            "42.5°",
            "4.5°",  # under the noise: no side is called tighter
            "Inclinometer",
            "Passive",
            "Yes",
            "after the bath; Left trial 3: warmed up",
        ),
    ]
    assert prone.reference == (
        "Reference 45°: the six-stage hip internal rotation guide, hip straight."
    )
    assert (prone.reference_low, prone.reference_high) == (45, 45)


def test_the_chart_series_join_only_readings_of_one_side_method_and_mode() -> None:
    prone = report().checks[0]
    assert [(s.label, [p.degrees for p in s.points]) for s in prone.series] == [
        ("Left · passive, inclinometer", [30, 38]),
        ("Left · passive, goniometer", [33]),
        ("Right · passive, inclinometer", [40, 42.5]),
        ("Right · passive, goniometer", [41]),
    ]
    assert prone.series[0].points[0].at == at(1)
    one_method = report(start=date(2026, 3, 20)).checks[0]
    assert [s.label for s in one_method.series] == ["Left", "Right"]


def test_notes_are_the_check_in_and_check_notes_in_time_order() -> None:
    assert [note.line for note in report().notes] == [
        "2 Mar 2026 · Check-in, effort about right: Stiff start",
        "28 Mar 2026 · Lying face down: after the bath; Left trial 3: warmed up",
    ]
    assert report().notes_note is None


def test_an_empty_range_says_so_everywhere() -> None:
    data = report(start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert data.empty == "Nothing was recorded between 1 January 2026 and 31 January 2026."
    assert data.sessions_note == "No sessions in this period."
    assert data.checks_note == "No self-checks in this period."
    assert data.pain_note == "No pinch or pain was noted in this period."
    assert data.notes_note == "No notes in this period."
    assert data.checks == ()
    assert data.pain_flags == ()
    assert data.adherence.sessions == 0
    assert data.adherence.longest_streak == 0


def test_days_are_counted_in_the_given_time_zone() -> None:
    late = check(1, datetime(2026, 3, 31, 23, 30, tzinfo=UTC), trial(Side.LEFT, 30))
    history = History(checks=(late,))
    plus_two = timezone(timedelta(hours=2))
    assert report(history, date(2026, 3, 1), date(2026, 3, 31), tz=UTC).checks
    assert not report(history, date(2026, 3, 1), date(2026, 3, 31), tz=plus_two).checks
    april = report(history, date(2026, 4, 1), date(2026, 4, 1), tz=plus_two)
    assert april.checks[0].rows[0].when == "1 Apr 2026 01:30"


def test_the_report_is_deterministic() -> None:
    assert report() == report()


def test_a_start_after_the_end_is_refused() -> None:
    with pytest.raises(ValueError, match=r"start date .* is after the end date"):
        report(start=date(2026, 3, 2), end=date(2026, 3, 1))


def test_longest_streak() -> None:
    days = [date(2026, 3, d) for d in (1, 2, 4, 5, 6, 6, 9)]
    assert longest_streak(days) == 3
    assert longest_streak([]) == 0


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 6, 15), date(2026, 3, 15)),
        (date(2026, 5, 31), date(2026, 2, 28)),  # no 31 February
        (date(2026, 2, 10), date(2025, 11, 10)),  # across the new year
    ],
)
def test_the_default_range_is_the_last_three_months(today: date, start: date) -> None:
    assert default_range(today) == (start, today)
