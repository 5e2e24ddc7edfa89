"""The report's summary of practice: sessions, time, holds and the longest streak, then each
exercise's sets done against the sets its sessions planned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from app.core.formatting import format_minutes, plural
from app.core.history.ranges import local_day
from app.core.plan.types import SessionLog
from app.core.records import is_counted
from app.core.session.checkin import Effort

EFFORT_WORDS = {
    Effort.TOO_EASY: "too easy",
    Effort.ABOUT_RIGHT: "about right",
    Effort.TOO_HARD: "too hard",
}


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
        rows = [
            ("Sessions", str(self.sessions)),
            ("Sessions per week", f"{self.per_week:.1f}"),
            ("Time exercising", format_minutes(self.minutes * 60)),
            ("Holds and sets completed", str(self.holds)),
            ("Longest streak", plural(self.longest_streak, "day")),
        ]
        if self.efforts:
            words = ", ".join(f"{count} {EFFORT_WORDS[effort]}" for effort, count in self.efforts)
            rows.append(("Effort after sessions", words))
        return tuple(rows)


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


def longest_streak(days: Iterable[date]) -> int:
    """The most days in a row in `days`."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def summarise_adherence(
    sessions: Sequence[SessionLog], start: date, end: date, tz: tzinfo | None
) -> Adherence:
    """The summary table's numbers for the range's sessions (`start` to `end`, both in)."""
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
        longest_streak=longest_streak(local_day(session.started_at, tz) for session in counted),
        efforts=tuple((effort, efforts[effort]) for effort in Effort if effort in efforts),
    )


def slug_words(slug: str) -> str:
    """A name for an exercise today's content no longer has: "old-hip-drill" -> "Old hip
    drill"."""
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def exercise_rows(sessions: Sequence[SessionLog]) -> tuple[ExerciseAdherence, ...]:
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
