"""The report's words and numbers for a known small history: what a physiotherapist reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.core.checks.loader import load_checks
from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.content.exercises import Sides
from app.core.formatting import describe_dose
from app.core.history.report import DISCLAIMER, build_report, default_range
from app.core.history.report_adherence import Adherence, longest_streak
from app.core.history.report_checks import describe_side_change
from app.core.plan.types import Logbook, SessionLog
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import CheckIn, Effort
from tests.core.factories import hold, plan, reps

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
HISTORY = Logbook(checks=(*SEATED, *PRONE), sessions=SESSIONS)


def report(history: Logbook = HISTORY, start: date = MARCH[0], end: date = MARCH[1], **kw):
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
    history = Logbook(checks=(), sessions=(*SESSIONS[:5], finished, *SESSIONS[6:]))
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


def test_pain_flags_name_the_checks_with_their_days() -> None:
    data = report()
    assert [flag.text for flag in data.pain_flags] == [
        "Self-check: Lying face down: 28 Mar 2026 (1 reading)",
    ]
    assert data.pain_note.startswith("Each time an exercise was stopped for a pinch or pain")


def test_each_pinch_has_its_side_and_the_dose_of_that_day() -> None:
    assert [pinch.cells for pinch in report().pinches] == [
        ("3 Mar 2026 09:00", "Exercise 0", "Left", "60 s hold, each side", "after 60 s of 60 s"),
        ("20 Mar 2026 09:00", "Exercise 0", "Right", "60 s hold, each side", "after 60 s of 60 s"),
    ]


def test_a_pinch_names_the_set_the_extra_time_and_how_far_in_it_came() -> None:
    stronger = plan(hold(75, sets=2), reps(10, 3, sides=Sides.ALTERNATING), first=Side.RIGHT)
    first = replace(stronger.items[0], first_side_extra=10.0)
    stronger = replace(stronger, items=(first, stronger.items[1]))
    when = at(5)
    sets = (
        replace(result(when, "exercise-0", Side.RIGHT, 85, done=23, skipped=True, pain=True)),
        replace(
            result(when, "exercise-1", Side.BOTH, 30, done=12, skipped=True, pain=True),
            planned_reps=10,
            done_reps=4,
        ),
        replace(
            result(when, "exercise-0", Side.LEFT, 75, done=0, skipped=True, pain=True),
            set_index=2,
        ),
    )
    history = Logbook(sessions=(SessionLog(1, when, SessionStatus.FINISHED, stronger, sets),))
    assert [pinch.cells for pinch in report(history).pinches] == [
        (
            "5 Mar 2026 09:00",
            "Exercise 0",
            "Right, set 1 of 2",
            "2 sets of 75 s hold, each side (+10 s on the right)",
            "after 23 s of 85 s",
        ),
        (
            "5 Mar 2026 09:00",
            "Exercise 1",
            "Alternating",
            "5 reps a side (10 in all), one every 3 s, alternating",
            "after 4 of 10 reps",
        ),
        (
            "5 Mar 2026 09:00",
            "Exercise 0",
            "Left, set 2 of 2",
            "2 sets of 75 s hold, each side",
            "before it began",
        ),
    ]


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
    chart = [(s.label, [p.value for p in s.points], s.joined) for s in prone.chart.series]
    assert chart == [
        ("Left, phone inclinometer, passive", [30, 38], True),
        ("Left, goniometer, passive", [33], False),
        ("Right, phone inclinometer, passive", [40, 42.5], True),
        ("Right, goniometer, passive", [41], False),
    ]
    assert prone.chart.series[0].points[0].at == at(1)
    assert prone.chart.mixed_notes == ()


def test_a_side_measured_with_mixed_methods_stays_on_the_chart_with_a_note() -> None:
    """The right side of 8 March mixed an inclinometer and a goniometer: History draws it
    as an open point; the report did not draw it at all and said nothing."""
    records = (
        check(1, at(1), trial(Side.LEFT, 30), trial(Side.RIGHT, 40)),
        check(
            2,
            at(8),
            trial(Side.LEFT, 31),
            trial(Side.RIGHT, 42),
            trial(Side.RIGHT, 44, Method.GONIOMETER, number=2),
        ),
    )
    prone = report(Logbook(checks=records)).checks[0]
    drawn = [(s.label, [p.value for p in s.points], s.joined) for s in prone.chart.series]
    assert drawn == [
        ("Left, phone inclinometer, passive", [30, 31], True),  # the left side used one
        ("Right, phone inclinometer, passive", [40], False),
        ("Right, mixed instruments", [43], False),  # the median of 42 and 44, not joined
    ]
    assert prone.chart.mixed_notes == (
        "Right: 1 reading mixed instruments or modes within one sitting; drawn as open points, "
        "not joined to the others and not compared.",
    )
    # Left − right only where both sides used one instrument: not on 8 March.
    assert [p.record_id for s in prone.chart.difference for p in s.points] == [1]


def test_the_report_charts_are_the_history_pages_charts(monkeypatch) -> None:
    """One function makes the chart model for both: the report asks it for each check."""
    from app.core.history import chart_model as history_view

    asked = []
    real = history_view.check_chart

    def spy(definition, slug, points, tz=None):
        asked.append(slug)
        return real(definition, slug, points, tz)

    monkeypatch.setattr(history_view, "check_chart", spy)
    data = report()
    assert asked == ["prone-ir", "seated-ir"]
    prone = [record for record in PRONE if record.taken_at >= at(1)]
    assert data.checks[0].chart == real(
        CHECKS[0], "prone-ir", history_view.record_points(prone), UTC
    )


def test_each_exercise_has_its_sets_done_against_planned() -> None:
    rows = [row.cells for row in report().exercises]
    # 6 counted sessions in March (not the all-skipped one), each planning one set a side
    # of each exercise; exercise 1's right set was skipped every time.
    assert rows == [
        ("Exercise 0", "6", "12 of 12", "100%", "", "2"),
        ("Exercise 1", "6", "6 of 12", "50%", "6", ""),
    ]


def test_the_current_programme_is_listed_with_its_doses() -> None:
    from app.core.content.exercises import load_content
    from app.core.plan.types import Plan
    from app.core.routine import default_plan

    content = load_content()
    session_plan = default_plan(content)
    today = Plan(session_plan, 1500.0, ())
    data = build_report(
        HISTORY, CHECKS, *MARCH, None, UTC, today=date(2026, 4, 2), plan=today, content=content
    )
    first, exercise = data.programme[:2]
    assert first.heading and first.what.startswith("Stage 1")
    item = session_plan.items[0]
    assert (exercise.what, exercise.heading) == (item.exercise.name, False)
    assert exercise.dose.startswith(describe_dose(item.dose))
    assert sum(not row.heading for row in data.programme) == len(session_plan.items)
    assert data.programme_note.startswith("What Inward would give for the next session, 25 min")
    assert report().programme == ()
    assert "not available" in report().programme_note


def test_the_appendix_lists_every_trial_only_when_asked() -> None:
    assert report().trials == ()
    data = build_report(HISTORY, CHECKS, *MARCH, None, UTC, today=date(2026, 4, 2), trials=True)
    cells = [row.cells for row in data.trials]
    # 5 records in March: 2+2+4 prone trials, 1+2 seated, oldest first
    assert len(cells) == 11
    assert cells[0] == (
        "1 Mar 2026 09:00", "Lying face down", "Left", "1", "30°", "Inclinometer", "Passive",
        "Self", "", "",
    )  # fmt: skip
    assert cells[-2][2:5] == ("Left", "3", "40°") and cells[-2][-1] == "warmed up"
    assert cells[-1][2:5] == ("Right", "1", "42.5°") and cells[-1][-2] == "Yes"


def test_no_source_file_name_reaches_the_report() -> None:
    data = report()
    texts = [section.reference for section in data.checks]
    texts += [line for section in data.checks for line in section.context]
    assert texts[0] == "Reference 45°: the six-stage hip internal rotation guide, hip straight."
    assert not any(".txt" in text for text in texts)


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
    assert data.pinches == ()
    assert data.exercises == ()
    assert data.adherence.sessions == 0
    assert data.adherence.longest_streak == 0


def test_days_are_counted_in_the_given_time_zone() -> None:
    late = check(1, datetime(2026, 3, 31, 23, 30, tzinfo=UTC), trial(Side.LEFT, 30))
    history = Logbook(checks=(late,))
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
