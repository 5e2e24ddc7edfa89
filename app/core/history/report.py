"""Everything the report for a physiotherapist says, as text and numbers, for a date range.

Pure and deterministic: the same history, range, name, time zone and `today` give the same
report. The PDF writer (app/ui/report/pdf.py) only lays this out; no wording is decided there.

This module picks the range's sessions and checks and puts the report together; each section
has its own module: report_adherence (practice and each exercise), report_pain (pinches and
pain), report_programme (the current plan), report_checks (a section per self-check, honest
about measurement noise), report_notes and report_trials (the appendix).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from app.core.checks.labels import format_degrees
from app.core.checks.readings import NOISE_DEGREES
from app.core.checks.types import CheckDefinition
from app.core.content.exercises import Content
from app.core.dates import day_month_year
from app.core.history.ranges import local_day
from app.core.history.report_adherence import (
    Adherence,
    ExerciseAdherence,
    exercise_rows,
    summarise_adherence,
)
from app.core.history.report_checks import CheckSection, check_section
from app.core.history.report_notes import Note, dated_notes
from app.core.history.report_pain import PainFlag, Pinch, check_pain_flags, pinch_rows
from app.core.history.report_programme import ProgrammeRow, programme_rows
from app.core.history.report_trials import TrialRow, trial_rows
from app.core.plan.types import Logbook, Plan
from app.core.records import is_counted

DISCLAIMER = (
    "Inward is not medical advice: these are self-measured readings and exercise logs, "
    "for a professional to interpret."
)


@dataclass(frozen=True)
class ReportData:
    title: str  # "Inward report for Anna Example" or "Inward report"
    name: str | None
    start: date
    end: date
    period: str  # "1 March 2026 – 31 May 2026"
    generated: str  # "Generated 1 June 2026"
    disclaimer: str
    empty: str | None  # set when nothing at all was recorded in the range
    adherence: Adherence
    sessions_note: str | None  # "No sessions in this period." when there were none
    pinches: tuple[Pinch, ...]  # every pinch during an exercise, oldest first
    pain_flags: tuple[PainFlag, ...]  # self-checks with a pinch or pain
    pain_note: str  # what the pain lists mean, or that there is none
    programme: tuple[ProgrammeRow, ...]  # the plan as it stands on the day of the report
    programme_note: str  # how long it takes, or why it is missing
    exercises: tuple[ExerciseAdherence, ...]  # per exercise, in stage order
    checks: tuple[CheckSection, ...]
    checks_note: str | None  # "No self-checks in this period." when there were none
    notes: tuple[Note, ...]
    notes_note: str | None  # "No notes in this period." when there are none
    method_note: str  # how the readings are worked out
    trials: tuple[TrialRow, ...] = ()  # the appendix, when asked for


def default_range(today: date, months: int = 3) -> tuple[date, date]:
    """The dialog's default: the same day `months` months back (clamped) up to today."""
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = today.day
    while True:
        try:
            return date(year, month, day), today
        except ValueError:
            day -= 1


METHOD_NOTE = (
    "Each side's value is the median of its trials (up to three). A change is worked out "
    "between the first and the last reading of a side in this period taken with the same "
    "method and mode; readings with different instruments are not compared and not joined in "
    f"the charts. A change or left/right difference under {format_degrees(NOISE_DEGREES)} is "
    "within measurement noise."
)


def build_report(
    history: Logbook,
    definitions: Sequence[CheckDefinition],
    start: date,
    end: date,
    name: str | None,
    tz: tzinfo | None,
    *,
    today: date | None = None,
    plan: Plan | None = None,
    content: Content | None = None,
    trials: bool = False,
) -> ReportData:
    """The report for the days `start` to `end` (both included, in time zone `tz`).

    `today` is the generated date shown on the report; None means today in `tz`. `plan`
    (with `content`) is the programme as it stands now; `trials` adds the appendix that
    lists every trial. Raises ValueError when `start` is after `end`.
    """
    if start > end:
        raise ValueError(
            f"The start date ({day_month_year(start)}) is after the end date "
            f"({day_month_year(end)})."
        )
    if today is None:
        today = datetime.now(tz).date()
    name = name.strip() if name and name.strip() else None

    def in_range(moment: datetime) -> bool:
        return start <= local_day(moment, tz) <= end

    sessions = sorted(
        (session for session in history.sessions if in_range(session.started_at)),
        key=lambda session: (session.started_at, session.id),
    )
    records = sorted(
        (record for record in history.checks if in_range(record.taken_at)),
        key=lambda record: (record.taken_at, record.id or 0),
    )
    records_by_check = [
        (definition, mine)
        for definition in definitions
        if (mine := [record for record in records if record.check_slug == definition.slug])
    ]
    period = f"{day_month_year(start)} – {day_month_year(end)}"
    names = {exercise.slug: exercise.name for exercise in content.exercises} if content else {}
    pinches = pinch_rows(sessions, tz, names)
    pain_flags = check_pain_flags(records_by_check, tz)
    programme, programme_note = programme_rows(plan, content)
    notes = dated_notes(sessions, records_by_check, tz)
    nothing = not sessions and not records_by_check
    return ReportData(
        title=f"Inward report for {name}" if name else "Inward report",
        name=name,
        start=start,
        end=end,
        period=period,
        generated=f"Generated {day_month_year(today)}",
        disclaimer=DISCLAIMER,
        empty=(
            f"Nothing was recorded between {day_month_year(start)} and {day_month_year(end)}."
            if nothing
            else None
        ),
        adherence=summarise_adherence(sessions, start, end, tz),
        sessions_note=None if any(map(is_counted, sessions)) else "No sessions in this period.",
        pinches=pinches,
        pain_flags=pain_flags,
        pain_note=(
            "Each time an exercise was stopped for a pinch or pain (the X key), with the "
            "side and the dose of that day; then the self-checks where one was noted."
            if pinches or pain_flags
            else "No pinch or pain was noted in this period."
        ),
        programme=programme,
        programme_note=programme_note,
        exercises=exercise_rows(sessions),
        checks=tuple(check_section(definition, mine, tz) for definition, mine in records_by_check),
        checks_note=None if records_by_check else "No self-checks in this period.",
        notes=notes,
        notes_note=None if notes else "No notes in this period.",
        method_note=METHOD_NOTE,
        trials=trial_rows(records_by_check, tz) if trials else (),
    )
