"""Whether a reminder is due now, and its words: pure, with the clock passed in.

`inward remind` (run by the OS timer while Inward is closed) and the tray (while it is open)
ask the same question: is today one of the chosen days, is it past the chosen time and
outside the quiet hours, is there anything left to do today, and was the person already
reminded today? The answer quotes the person's own plan: its real length, the re-check the
Today page would ask for, the weekly goal, an exercise made easier after a pinch.

Clock rules: "today", the reminder time and the quiet hours are read in the zone passed in
(the computer's, so a person who travels is reminded at 18:00 where they are). One reminder
a day at most, also when the clock is set back: a reminder recorded later than now counts
as today's, unless it is more than a day ahead (a clock that was wrong then), which is
ignored. A computer that wakes after days asleep gets one reminder, not one per day missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from app.core.content.exercises import Dose, Exercise
from app.core.dates import WEEKDAYS, short_day_month
from app.core.plan.dose import MAIN_VALUES
from app.core.plan.types import Logbook, Plan, SessionLog
from app.core.plan.words import join_words
from app.core.preferences import stored_values
from app.core.records import SetResult, Side, is_counted
from app.core.routine import PlanItem

REMINDERS_KEY = "reminders"  # settings table key
START_SESSION = "start-session"  # the same words the single-instance hand-over uses
CHECK = "check"
NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven")
MAX_GOAL = 7
FUTURE_SLACK = timedelta(days=1)  # a recorded reminder further ahead than this: a wrong clock


def _minutes(text: object, default: int) -> int:
    """'18:30' -> 1110; anything unreadable is the default."""
    if not isinstance(text, str):
        return default
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return default
    value = int(hours) * 60 + int(minutes)
    return value if int(hours) < 24 and int(minutes) < 60 else default


def clock_text(minutes: int) -> str:
    """1110 -> '18:30'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class ReminderSettings:
    """What the person chose in Settings → Reminders; stored as JSON under REMINDERS_KEY."""

    enabled: bool = False  # off until the person switches them on
    days: tuple[int, ...] = (0, 2, 4)  # Monday is 0
    at: str = "18:00"  # local time, HH:MM
    recheck: bool = True  # also say when a re-check is due
    weekly_goal: int = 0  # sessions a week; 0 is no goal
    quiet_from: str = "21:30"  # no reminder from this time ...
    quiet_until: str = "08:00"  # ... until this one
    start_at_login: bool = False
    asked: bool = False  # the one-time question after the first finished session was shown

    @property
    def at_minutes(self) -> int:
        return _minutes(self.at, 18 * 60)

    def quiet(self, minute_of_day: int) -> bool:
        """Whether a local time (minutes after midnight) falls in the quiet hours."""
        start = _minutes(self.quiet_from, 21 * 60 + 30)
        end = _minutes(self.quiet_until, 8 * 60)
        if start == end:
            return False
        if start < end:
            return start <= minute_of_day < end
        return minute_of_day >= start or minute_of_day < end

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["days"] = list(self.days)
        return data

    @classmethod
    def from_dict(cls, data: object) -> ReminderSettings:
        """Known keys of the right type; anything else (a hand edit) is the default."""

        def checked(name: str, default: object, raw: object) -> object:
            if isinstance(default, str):
                return clock_text(_minutes(raw, 0)) if _minutes(raw, -1) >= 0 else None
            if name == "days":
                if isinstance(raw, list) and all(_whole(d, 6) for d in raw):
                    return tuple(sorted(set(raw)))
                return None
            return raw if _whole(raw, MAX_GOAL) else None

        return cls(**stored_values(cls, data, checked))

    def describe_days(self) -> str:
        """'Monday, Wednesday and Friday', 'every day'."""
        if len(self.days) == 7:
            return "every day"
        return join_words([WEEKDAYS[day] for day in self.days])


def _whole(value: object, most: int) -> bool:
    """A stored count or weekday: a whole number (not a bool) from 0 to ``most``."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= most


@dataclass(frozen=True)
class Facts:
    """What the data says about today, in the person's zone."""

    plan_minutes: int  # today's plan, as the Today page would play it
    sessions_this_week: int  # since Monday, with any set done (or finished)
    done_today: bool
    recheck_last: date | None = None  # the latest main check's day, once a re-check is due
    tighter_side: Side | None = None  # what the checks say, when they say it clearly
    eased: tuple[str, ...] = ()  # names of exercises that pinched last time, easier today


@dataclass(frozen=True)
class Reminder:
    title: str
    body: str
    action: str  # START_SESSION or CHECK
    action_label: str


@dataclass(frozen=True)
class Decision:
    """A reminder to show, or None and why not (said by `inward remind`)."""

    reminder: Reminder | None
    why: str


def _lighter(today: Dose, before: Dose) -> bool:
    """No value of today's dose above the earlier one, and at least one below."""
    names = ("sets", *MAIN_VALUES[today.kind])
    pairs = [(getattr(today, n), getattr(before, n)) for n in names]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    return all(a <= b for a, b in pairs) and any(a < b for a, b in pairs)


def eased_after_pinch(plan: Plan, history: Logbook) -> tuple[Exercise, ...]:
    """Planned exercises whose last session that reached them had a pinch, and whose dose
    today is lighter than the dose they pinched at."""
    sessions = sorted(history.sessions, key=lambda s: (s.started_at, s.id))
    eased = []
    for item in plan.session.items:
        slug = item.exercise.slug
        last = next((s for s in reversed(sessions) if _sets_of(s, slug)), None)
        if last is None or not any(r.pain for r in _sets_of(last, slug)):
            continue
        before = _planned(last.plan.items, slug)
        if before is not None and _lighter(item.dose, before):
            eased.append(item.exercise)
    return tuple(eased)


def _sets_of(session: SessionLog, slug: str) -> list[SetResult]:
    return [r for r in session.sets if r.exercise_slug == slug]


def _planned(items: Sequence[PlanItem], slug: str) -> Dose | None:
    return next((i.dose for i in items if i.exercise.slug == slug), None)


def facts_from(
    plan: Plan, history: Logbook, recheck_last: datetime | None, now: datetime, tz: tzinfo
) -> Facts:
    """Today's facts from today's plan and the history it was made from.

    `recheck_last` is the latest main check's time when a re-check is due (the plan's
    `recheck_last`), else None.
    """
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    days = [s.started_at.astimezone(tz).date() for s in history.sessions if is_counted(s)]
    return Facts(
        plan_minutes=round(plan.seconds / 60),
        sessions_this_week=sum(1 for day in days if monday <= day <= today),
        done_today=today in days,
        recheck_last=recheck_last.astimezone(tz).date() if recheck_last else None,
        tighter_side=plan.tighter_side,
        eased=tuple(e.plain_name for e in eased_after_pinch(plan, history)),
    )


def reminded_today(last: datetime | None, now: datetime, tz: tzinfo) -> bool:
    """One a day: the last reminder fell on today's date here, or is a little ahead of now
    (the clock was set back since); one far ahead was made by a wrong clock and is ignored."""
    if last is None:
        return False
    if now < last <= now + FUTURE_SLACK:
        return True
    return last.astimezone(tz).date() == now.astimezone(tz).date()


def decide(
    settings: ReminderSettings, facts: Facts, last: datetime | None, now: datetime, tz: tzinfo
) -> Decision:
    """The reminder due at `now` (aware), or None and why."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(tz)
    minute = local.hour * 60 + local.minute
    if not settings.enabled:
        return Decision(None, "reminders are off")
    if local.weekday() not in settings.days:
        return Decision(None, f"{WEEKDAYS[local.weekday()]} is not a reminder day")
    if minute < settings.at_minutes:
        return Decision(None, f"it is before {settings.at}")
    if settings.quiet(minute):
        return Decision(
            None, f"it is in the quiet hours ({settings.quiet_from} to {settings.quiet_until})"
        )
    if facts.done_today:
        return Decision(None, "today's session is done")
    if reminded_today(last, now, tz):
        return Decision(None, "already reminded today")
    recheck = settings.recheck and facts.recheck_last is not None
    goal = settings.weekly_goal
    left = max(0, goal - facts.sessions_this_week)
    if goal and not left and not recheck:
        return Decision(None, f"this week's goal of {goal} sessions is met")
    return Decision(words(settings, facts), "due")


def todays_session(minutes: int) -> str:
    """ "today's 20-minute session"."""
    return f"today's {minutes}-minute session" if minutes else "today's session"


def goal_line(goal: int, done: int) -> str | None:
    left = goal - done
    if not goal or left <= 0:
        return None
    number = NUMBER_WORDS[left] if left < len(NUMBER_WORDS) else str(left)
    return f"{number} session{'' if left == 1 else 's'} to this week's goal"


def pinch_line(names: Sequence[str]) -> str | None:
    if not names:
        return None
    if len(names) == 1:
        return f"The {names[0][:1].lower()}{names[0][1:]} pinched last time: it starts easier today"
    return f"{len(names)} exercises pinched last time: they start easier today"


def words(settings: ReminderSettings, facts: Facts) -> Reminder:
    """The reminder's title and body; every line quotes the facts."""
    lines: list[str] = []
    if settings.recheck and facts.recheck_last is not None:
        whose = f"Your {facts.tighter_side.value} hip is" if facts.tighter_side else "Your hips are"
        title = f"{whose} due a re-check (last on {short_day_month(facts.recheck_last)})"
        lines.append(f"Then {todays_session(facts.plan_minutes)}")
        action, label = CHECK, "Self-check"
    else:
        title = f"Time for {todays_session(facts.plan_minutes)}"
        action, label = START_SESSION, "Start today's session"
    for line in (
        goal_line(settings.weekly_goal, facts.sessions_this_week),
        pinch_line(facts.eased),
    ):
        if line:
            lines.append(line)
    return Reminder(title, ".\n".join(lines) + ("." if lines else ""), action, label)
