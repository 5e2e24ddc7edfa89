"""Everything the report for a physiotherapist says, as text and numbers, for a date range.

Pure and deterministic: the same history, range, name, time zone and `today` give the same
report. The PDF writer (app/ui/report/pdf.py) only lays this out; no wording is decided there.

Honest about measurement: each side's value is the median of its trials; a first-to-last
change is only worked out between readings of the same side taken with the same method and
mode, and a change under NOISE_DEGREES is called measurement noise, not progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from app.core.checks.labels import (
    METHODS,
    MIXED_METHODS,
    format_degrees,
    format_reference,
)
from app.core.checks.model import (
    CheckDefinition,
    CheckRecord,
    Method,
    Mode,
    Trial,
)
from app.core.checks.readings import (
    NOISE_DEGREES,
    asymmetry,
    record_method,
    record_mode,
    record_modes,
    side_trials,
    side_value,
    tenths,
    within_noise,
)
from app.core.checks.result import describe_context
from app.core.content.exercises import Content, Sides
from app.core.dates import day_month_year, short_date, short_date_time
from app.core.formatting import describe_dose, format_minutes, plural
from app.core.history import view as history_view
from app.core.history.view import CheckChart
from app.core.plan.types import Logbook, Plan, SessionLog
from app.core.records import SetResult, Side, is_counted
from app.core.routine import PlanItem
from app.core.session.checkin import Effort

DISCLAIMER = (
    "Inward is not medical advice: these are self-measured readings and exercise logs, "
    "for a professional to interpret."
)
SIDES = (Side.LEFT, Side.RIGHT)
EFFORT_WORDS = {
    Effort.TOO_EASY: "too easy",
    Effort.ABOUT_RIGHT: "about right",
    Effort.TOO_HARD: "too hard",
}


# --- What the report holds ----------------------------------------------------------------


@dataclass(frozen=True)
class ReadingRow:
    """One sitting of a check, as a row of the readings table."""

    when: str  # "3 Mar 2026 09:14"
    left: str  # "32°" or "—"
    right: str
    difference: str  # "8°, right tighter", "3°" (within noise), "—" (one side only)
    method: str  # "Inclinometer", "Mixed"
    mode: str  # "Passive", "Active", "Mixed"
    pain: str  # "Yes" or ""
    note: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (
            self.when,
            self.left,
            self.right,
            self.difference,
            self.method,
            self.mode,
            self.pain,
            self.note,
        )


READING_COLUMNS = ("Date", "Left", "Right", "L–R", "Method", "Mode", "Pain", "Note")


@dataclass(frozen=True)
class CheckSection:
    slug: str
    name: str  # "Lying face down"
    position: str  # "Face down, hip straight"
    reference: str  # "Reference 45°: the six-stage ... guide"
    reference_low: float
    reference_high: float
    context: tuple[str, ...]  # the target and the published average, what the plan uses, noise
    latest: str  # "28 May 2026: left 39°, right 31°; right tighter than left by 8°."
    changes: tuple[str, ...]  # one line per side, first against last in the range
    rows: tuple[ReadingRow, ...]  # oldest first
    chart: CheckChart  # the History page's chart model, from the same function


@dataclass(frozen=True)
class Adherence:
    sessions: int  # sessions with at least one set done
    per_week: float  # rounded to 0.1
    minutes: int  # work time, rounded
    holds: int  # sets done (not skipped)
    longest_streak: int  # days in a row with a session
    efforts: tuple[tuple[Effort, int], ...]  # check-in efforts with their counts

    @property
    def rows(self) -> tuple[tuple[str, str], ...]:
        """Label and value, as the summary table shows them."""
        streak = f"{self.longest_streak} day{'' if self.longest_streak == 1 else 's'}"
        rows = [
            ("Sessions", str(self.sessions)),
            ("Sessions per week", f"{self.per_week:.1f}"),
            ("Time exercising", format_minutes(self.minutes * 60)),
            ("Holds and sets completed", str(self.holds)),
            ("Longest streak", streak),
        ]
        if self.efforts:
            words = ", ".join(f"{count} {EFFORT_WORDS[effort]}" for effort, count in self.efforts)
            rows.append(("Effort after sessions", words))
        return tuple(rows)


@dataclass(frozen=True)
class PainFlag:
    what: str  # "Figure-4 stretch" or "Self-check: Lying face down"
    when: str  # "3 Mar 2026, 10 Mar 2026"
    count: str  # "3 sets", "1 reading"

    @property
    def text(self) -> str:
        return f"{self.what}: {self.when} ({self.count})"


@dataclass(frozen=True)
class Pinch:
    """One pinch or pain during an exercise (the X key): where, which side, at what dose."""

    when: str  # "3 Mar 2026 09:14"
    exercise: str
    side: str  # "Left", "Right", "Both legs", "Alternating"
    dose: str  # the dose planned that day: "60 s hold, each side"
    stopped: str  # "after 23 s of 60 s", "after 4 of 10 reps", "before it began"

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.when, self.exercise, self.side, self.dose, self.stopped)


PINCH_COLUMNS = ("Date", "Exercise", "Side", "Dose that day", "Stopped")


@dataclass(frozen=True)
class ProgrammeRow:
    """One line of the current programme: a stage heading (dose empty) or an exercise."""

    what: str
    dose: str
    minutes: str
    heading: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.what, self.dose, self.minutes)


PROGRAMME_COLUMNS = ("Exercise", "Dose", "Time")


@dataclass(frozen=True)
class ExerciseAdherence:
    """One exercise over the period: sets done against the sets its sessions planned."""

    exercise: str
    sessions: int  # counted sessions whose plan held it
    planned: int  # sets planned, each side counted
    done: int
    skipped: int
    pinches: int

    @property
    def cells(self) -> tuple[str, ...]:
        share = f"{round(100 * self.done / self.planned)}%" if self.planned else "—"
        return (
            self.exercise,
            str(self.sessions),
            f"{self.done} of {self.planned}",
            share,
            str(self.skipped) if self.skipped else "",
            str(self.pinches) if self.pinches else "",
        )


EXERCISE_COLUMNS = ("Exercise", "Sessions", "Sets done", "Done", "Skipped", "Pinch")


@dataclass(frozen=True)
class TrialRow:
    """One trial of one side, for the appendix: every number as it was typed."""

    when: str
    check: str
    side: str
    number: str
    degrees: str
    method: str
    mode: str
    measured_by: str
    pain: str
    note: str

    @property
    def cells(self) -> tuple[str, ...]:
        return (
            self.when,
            self.check,
            self.side,
            self.number,
            self.degrees,
            self.method,
            self.mode,
            self.measured_by,
            self.pain,
            self.note,
        )


TRIAL_COLUMNS = (
    "Date",
    "Check",
    "Side",
    "Trial",
    "Degrees",
    "Method",
    "Mode",
    "By",
    "Pain",
    "Note",
)


@dataclass(frozen=True)
class Note:
    when: str  # "3 Mar 2026"
    about: str  # "Check-in, effort about right" or "Lying face down"
    text: str

    @property
    def line(self) -> str:
        return f"{self.when} · {self.about}: {self.text}"


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


# --- Dates --------------------------------------------------------------------------------


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(tz)  # tz None: the computer's own zone


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


# --- Checks -------------------------------------------------------------------------------


def _side_method(record: CheckRecord, side: Side) -> tuple[Method, Mode] | None:
    """The one method and mode of a side's trials; None when they mix or it was not measured."""
    trials = side_trials(record, side)
    methods = {trial.method for trial in trials}
    modes = {trial.mode for trial in trials}
    if len(methods) != 1 or len(modes) != 1:
        return None
    return methods.pop(), modes.pop()


def _how(method: Method, mode: Mode) -> str:
    """'passive, inclinometer'."""
    return f"{mode.value}, {METHODS[method].short.lower()}"


def _difference(record: CheckRecord) -> str:
    result = asymmetry(record)
    if result is None:
        return "—"
    shown = format_degrees(result.difference)
    if result.tighter is None:
        return shown
    return f"{shown}, {result.tighter.value} tighter"


def _row(record: CheckRecord, tz: tzinfo | None) -> ReadingRow:
    method, mode = record_method(record), record_mode(record)
    left, right = side_value(record, Side.LEFT), side_value(record, Side.RIGHT)
    notes = [record.note.strip()] if record.note.strip() else []
    for trial in record.trials:
        if trial.note.strip():
            notes.append(_trial_note(trial))
    when = _local(record.taken_at, tz)
    return ReadingRow(
        when=short_date_time(when),
        left="—" if left is None else format_degrees(left),
        right="—" if right is None else format_degrees(right),
        difference=_difference(record),
        method=METHODS[method].short if method else MIXED_METHODS,
        mode=mode.value.capitalize() if mode else "Mixed",
        pain="Yes" if any(trial.pain for trial in record.trials) else "",
        note="; ".join(notes),
    )


def _trial_note(trial: Trial) -> str:
    return f"{trial.side.value.capitalize()} trial {trial.number}: {trial.note.strip()}"


def _latest(records: Sequence[CheckRecord], tz: tzinfo | None) -> str:
    last = records[-1]
    parts = [
        f"{side.value} {format_degrees(value)}"
        for side in SIDES
        if (value := side_value(last, side)) is not None
    ]
    text = f"{short_date(_local(last.taken_at, tz).date())}: {', '.join(parts)}"
    result = asymmetry(last)
    if result is not None and result.tighter is not None:
        looser = Side.RIGHT if result.tighter is Side.LEFT else Side.LEFT
        text += (
            f"; {result.tighter.value} tighter than {looser.value} "
            f"by {format_degrees(result.difference)}"
        )
    elif result is not None:
        text += "; no left/right difference beyond measurement noise"
    return text + "."


def describe_side_change(
    records: Sequence[CheckRecord], side: Side, tz: tzinfo | None = None
) -> str:
    """First against last reading of one side in the range, same method and mode only.

    `records` are one check's records in the range, oldest first.
    """
    label = side.value.capitalize()
    measured = [record for record in records if side_value(record, side) is not None]
    if not measured:
        return f"{label}: not measured in this period."
    uniform = [record for record in measured if _side_method(record, side) is not None]
    if not uniform:
        return f"{label}: the trials mix methods or modes, so they are not compared."
    last = uniform[-1]
    how = _side_method(last, side)
    same = [record for record in uniform if _side_method(record, side) == how]
    first = same[0]
    assert how is not None  # uniform records all have one
    method, mode = how
    if first is last:
        if len(measured) == 1:
            return f"{label}: one reading in this period, nothing to compare it with."
        return (
            f"{label}: one {mode.value} reading {METHODS[method].phrase} in this period; the "
            "others used another method or mode, so they are not compared."
        )
    then, now = side_value(first, side), side_value(last, side)
    assert then is not None and now is not None
    delta = now - then
    first_day = short_date(_local(first.taken_at, tz).date())
    last_day = short_date(_local(last.taken_at, tz).date())
    span = f"from {format_degrees(then)} ({first_day}) to {format_degrees(now)} ({last_day})"
    how_words = _how(method, mode)
    if tenths(delta) == 0:
        return (
            f"{label}: no change, {format_degrees(now)} on {first_day} and on {last_day}; "
            f"{how_words}."
        )
    moved = f"{'up' if delta > 0 else 'down'} {format_degrees(abs(delta))}"
    if within_noise(delta):
        return (
            f"{label}: no real change, {span}: {moved}, within measurement noise "
            f"(under {format_degrees(NOISE_DEGREES)}); {how_words}."
        )
    return f"{label}: {moved}, {span}; {how_words}."


def _check_section(
    definition: CheckDefinition, records: Sequence[CheckRecord], tz: tzinfo | None
) -> CheckSection:
    reference = definition.reference
    points = history_view.record_points(records)
    return CheckSection(
        slug=definition.slug,
        name=definition.name,
        position=definition.position,
        reference=f"Reference {format_reference(reference)}: {reference.source}.",
        reference_low=reference.low,
        reference_high=reference.high,
        context=describe_context(definition, _modes(records)),
        latest=_latest(records, tz),
        changes=tuple(describe_side_change(records, side, tz) for side in SIDES),
        rows=tuple(_row(record, tz) for record in records),
        chart=history_view.check_chart(definition, definition.slug, points, tz),
    )


def _modes(records: Sequence[CheckRecord]) -> tuple[Mode, ...]:
    """The modes the period's readings used: the context names only their references."""
    used = {mode for record in records for mode in record_modes(record)}
    return tuple(mode for mode in Mode if mode in used) or (Mode.PASSIVE,)


# --- Sessions -----------------------------------------------------------------------------


def longest_streak(days: Iterable[date]) -> int:
    """The most days in a row in `days`."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def _adherence(
    sessions: Sequence[SessionLog], start: date, end: date, tz: tzinfo | None
) -> Adherence:
    counted = [session for session in sessions if is_counted(session)]
    sets = [result for session in sessions for result in session.sets]
    days = (end - start).days + 1
    efforts: dict[Effort, int] = {}
    for session in sessions:
        if session.checkin is not None:
            efforts[session.checkin.effort] = efforts.get(session.checkin.effort, 0) + 1
    return Adherence(
        sessions=len(counted),
        per_week=round(len(counted) * 7 / days, 1),
        minutes=round(sum(result.done_seconds for result in sets) / 60),
        holds=sum(1 for result in sets if not result.skipped),
        longest_streak=longest_streak(_local(session.started_at, tz).date() for session in counted),
        efforts=tuple((effort, efforts[effort]) for effort in Effort if effort in efforts),
    )


def slug_words(slug: str) -> str:
    """A name for an exercise today's content no longer has: "old-hip-drill" -> "Old hip
    drill"."""
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


SIDE_WORDS = {Sides.BOTH: "Both legs", Sides.ALTERNATING: "Alternating"}


def _plan_item(session: SessionLog, slug: str) -> PlanItem | None:
    return next((item for item in session.plan.items if item.exercise.slug == slug), None)


def _pinch_dose(item: PlanItem | None, result: SetResult) -> str:
    """The dose the session's plan gave the exercise, with the first side's extra time."""
    if item is None:  # an exercise today's content no longer has: what the set planned
        if result.planned_reps is not None:
            return f"{result.planned_reps} reps"
        return f"{result.planned_seconds:g} s"
    text = describe_dose(item.dose)
    if item.first_side_extra and result.side is item.first_side:
        text += f" (+{item.first_side_extra:g} s on the {item.first_side.value})"
    return text


def _stopped(result: SetResult) -> str:
    """How far into the set the pinch came."""
    if result.planned_reps is not None:
        done = result.done_reps or 0
        if done == 0 and result.done_seconds < 1:
            return "before it began"
        return f"after {done} of {result.planned_reps} reps"
    if result.done_seconds < 1:
        return "before it began"
    return f"after {result.done_seconds:.0f} s of {result.planned_seconds:g} s"


def _side_word(item: PlanItem | None, result: SetResult) -> str:
    if result.side is not Side.BOTH:
        return result.side.value.capitalize()
    if item is not None and item.dose.sides in SIDE_WORDS:
        return SIDE_WORDS[item.dose.sides]
    return "Both legs"


def _pinches(
    sessions: Sequence[SessionLog], tz: tzinfo | None, names: Mapping[str, str]
) -> tuple[Pinch, ...]:
    """Every set stopped for a pinch or pain, with its side and the dose of that day.

    A session whose stored plan cannot be read any more (an older app's) still gives the
    set's own side and planned time; `names` are the content's exercise names."""
    pinches = []
    for session in sessions:
        for result in session.sets:
            if not result.pain:
                continue
            item = _plan_item(session, result.exercise_slug)
            when = _local(result.started_at, tz)
            slug = result.exercise_slug
            name = item.exercise.name if item is not None else names.get(slug, slug_words(slug))
            set_words = ""
            if item is not None and item.dose.sets > 1:
                set_words = f", set {result.set_index} of {item.dose.sets}"
            pinches.append(
                Pinch(
                    short_date_time(when),
                    name,
                    _side_word(item, result) + set_words,
                    _pinch_dose(item, result),
                    _stopped(result),
                )
            )
    return tuple(pinches)


def _pain_flags(
    records_by_check: Sequence[tuple[CheckDefinition, Sequence[CheckRecord]]],
    tz: tzinfo | None,
) -> tuple[PainFlag, ...]:
    flags = []
    for definition, records in records_by_check:
        painful = [record for record in records if any(t.pain for t in record.trials)]
        if painful:
            days = sorted({_local(record.taken_at, tz).date() for record in painful})
            flags.append(
                PainFlag(
                    f"Self-check: {definition.name}",
                    ", ".join(short_date(day) for day in days),
                    plural(len(painful), "reading"),
                )
            )
    return tuple(flags)


def _exercises(sessions: Sequence[SessionLog]) -> tuple[ExerciseAdherence, ...]:
    """Per exercise: the sets its counted sessions planned (each side a set) against those
    done; sets never reached in a session stopped early count as planned, not done."""
    counted = [session for session in sessions if is_counted(session)]
    names: dict[str, str] = {}
    order: dict[str, tuple[int, int]] = {}
    tally: dict[str, list[int]] = {}  # sessions, planned, done, skipped, pinches

    def row(slug: str) -> list[int]:
        return tally.setdefault(slug, [0, 0, 0, 0, 0])

    for session in counted:
        for index, item in enumerate(session.plan.items):
            slug = item.exercise.slug
            names[slug] = item.exercise.name
            order.setdefault(slug, (item.exercise.stage, index))
            counts = row(slug)
            counts[0] += 1
            counts[1] += item.dose.sets * len(item.sides())
        for result in session.sets:
            counts = row(result.exercise_slug)
            counts[2 if not result.skipped else 3] += 1
            counts[4] += result.pain
    slugs = sorted(tally, key=lambda slug: (*order.get(slug, (99, 0)), slug))
    return tuple(
        ExerciseAdherence(names.get(slug) or slug_words(slug), *tally[slug]) for slug in slugs
    )


def _programme(plan: Plan | None, content: Content | None) -> tuple[tuple[ProgrammeRow, ...], str]:
    if plan is None or content is None:
        return (), "The current programme was not available when this report was made."
    from app.core.plan.view import plan_rows

    rows = tuple(
        ProgrammeRow(row.text, row.dose, row.minutes, heading=row.slug is None)
        for row in plan_rows(plan, content)
    )
    if not rows:
        return (), "The programme is empty: every exercise is left out."
    note = (
        f"What Inward would give for the next session, {format_minutes(plan.seconds)} in all "
        "with the rests. Doses are per set; the plan adapts them to the self-checks and to "
        "how the sessions went."
    )
    return rows, note


def _trial_rows(
    records_by_check: Sequence[tuple[CheckDefinition, Sequence[CheckRecord]]],
    tz: tzinfo | None,
) -> tuple[TrialRow, ...]:
    rows: list[tuple[datetime, str, TrialRow]] = []
    for definition, records in records_by_check:
        for record in records:
            at = _local(record.taken_at, tz)
            for trial in sorted(record.trials, key=lambda t: (SIDES.index(t.side), t.number)):
                row = TrialRow(
                    short_date_time(at),
                    definition.name,
                    trial.side.value.capitalize(),
                    str(trial.number),
                    format_degrees(trial.degrees),
                    METHODS[trial.method].short,
                    trial.mode.value.capitalize(),
                    "Helper" if trial.measured_by.value == "helper" else "Self",
                    "Yes" if trial.pain else "",
                    trial.note.strip(),
                )
                rows.append((at, definition.slug, row))
    rows.sort(key=lambda item: (item[0], item[1]))
    return tuple(row for _, _, row in rows)


def _notes(
    sessions: Sequence[SessionLog],
    records_by_check: Sequence[tuple[CheckDefinition, Sequence[CheckRecord]]],
    tz: tzinfo | None,
) -> tuple[Note, ...]:
    dated: list[tuple[datetime, int, Note]] = []
    for session in sessions:
        checkin = session.checkin
        if checkin is not None and checkin.note.strip():
            at = _local(checkin.at, tz)
            about = f"Check-in, effort {EFFORT_WORDS[checkin.effort]}"
            dated.append((at, 0, Note(short_date(at.date()), about, checkin.note.strip())))
    for definition, records in records_by_check:
        for record in records:
            at = _local(record.taken_at, tz)
            texts = [record.note.strip()] if record.note.strip() else []
            texts += [_trial_note(trial) for trial in record.trials if trial.note.strip()]
            if texts:
                dated.append(
                    (at, 1, Note(short_date(at.date()), definition.name, "; ".join(texts)))
                )
    dated.sort(key=lambda item: (item[0], item[1], item[2].about))
    return tuple(note for _, _, note in dated)


# --- The report ---------------------------------------------------------------------------

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
        return start <= _local(moment, tz).date() <= end

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
    pinches = _pinches(sessions, tz, names)
    pain_flags = _pain_flags(records_by_check, tz)
    programme, programme_note = _programme(plan, content)
    notes = _notes(sessions, records_by_check, tz)
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
        adherence=_adherence(sessions, start, end, tz),
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
        exercises=_exercises(sessions),
        checks=tuple(_check_section(definition, mine, tz) for definition, mine in records_by_check),
        checks_note=None if records_by_check else "No self-checks in this period.",
        notes=notes,
        notes_note=None if notes else "No notes in this period.",
        method_note=METHOD_NOTE,
        trials=_trial_rows(records_by_check, tz) if trials else (),
    )
