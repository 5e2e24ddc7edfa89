"""The guided player: a pure state machine over a session plan, driven by an injected clock.

Remaining time is always `deadline - now`, never a counter decremented per tick, so a late
timer, a busy CPU or a slow machine cannot stretch a 60 s hold. Each step starts at the
previous step's deadline, not at the tick that noticed it, so no drift accumulates.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.exercises import DoseKind, Sides
from app.core.records import Side
from app.core.routine import PlanItem, SessionPlan
from app.core.session.events import (
    Countdown,
    Event,
    Halfway,
    Phase,
    PhaseStarted,
    RepStarted,
    SessionFinished,
    SetFinished,
    StepStarted,
)
from app.core.session.steps import Step, StepKind, build_steps

COUNTDOWN_SECONDS = (3, 2, 1)
HALFWAY_MIN_SECONDS = 20.0  # shorter holds get no "halfway" cue: it would crowd the countdown
RESTART_THRESHOLD_SECONDS = 3.0  # "previous" restarts the step if it has run longer than this
EXTRA_TIME_SECONDS = 15.0


@dataclass(frozen=True)
class Position:
    """Where the person is inside the current step: what the counter and cues show."""

    rep: int  # 1-based rep or cycle number; 0 for holds, get-ready and rest
    reps: int
    phase: Phase
    phase_remaining: float
    phase_fraction: float  # 0..1 through the current phase (for animation)
    side: Side


def _rep_pattern(item: PlanItem) -> list[tuple[Phase, float]]:
    """The phases of one rep or cycle, with their lengths."""
    dose = item.dose
    if dose.kind is DoseKind.REPS:
        return [(Phase.MOVE, float(dose.cadence or 0))]
    if dose.kind is DoseKind.HOLD_PER_REP:
        move = float(dose.move_seconds or 0)
        return [(Phase.LIFT, move), (Phase.HOLD, float(dose.seconds or 0)), (Phase.LOWER, move)]
    if dose.kind is DoseKind.CYCLES:
        return [
            (Phase.CONTRACT, float(dose.seconds or 0)),
            (Phase.RELAX, float(dose.relax_seconds or 0)),
        ]
    return []


def _movements(item: PlanItem) -> int:
    """Reps in one set; an alternating set counts every movement, left and right."""
    return item.dose.reps or 0


def _movement_side(step: Step, movement: int) -> Side:
    """Alternating sets swap sides every movement; others stay on the step's side."""
    if step.item.dose.sides is not Sides.ALTERNATING:
        return step.side
    first = step.item.first_side
    other = Side.RIGHT if first is Side.LEFT else Side.LEFT
    return first if movement % 2 == 0 else other


def position(step: Step, elapsed: float, duration: float | None = None) -> Position:
    """The rep, phase and side at `elapsed` seconds into `step`."""
    duration = step.duration if duration is None else duration
    remaining = max(0.0, duration - elapsed)
    pattern = _rep_pattern(step.item) if step.kind is StepKind.WORK else []
    if not pattern:
        phase = Phase.HOLD if step.kind is StepKind.WORK else Phase.NONE
        fraction = min(1.0, elapsed / duration) if duration > 0 else 1.0
        return Position(0, 0, phase, remaining, fraction, step.side)
    period = sum(length for _, length in pattern)
    movements = _movements(step.item)
    movement = min(int(elapsed // period), movements - 1) if period > 0 else 0
    within = elapsed - movement * period
    offset = 0.0
    for phase, length in pattern:
        if within < offset + length or phase is pattern[-1][0]:
            left = max(0.0, offset + length - within)
            fraction = (within - offset) / length if length > 0 else 1.0
            break
        offset += length
    side = _movement_side(step, movement)
    return Position(movement + 1, movements, phase, left, min(1.0, fraction), side)


def _marks(step: Step, duration: float) -> list[tuple[float, Event]]:
    """Timed cues inside a step, as (offset from step start, event), sorted by offset."""
    marks: list[tuple[float, Event]] = []
    pattern = _rep_pattern(step.item) if step.kind is StepKind.WORK else []
    if pattern:
        period = sum(length for _, length in pattern)
        for movement in range(_movements(step.item)):
            start = movement * period
            probe = position(step, start, duration)
            marks.append((start, RepStarted(probe.rep, probe.reps, probe.side)))
            offset = start
            for phase, length in pattern:
                if len(pattern) > 1:
                    marks.append((offset, PhaseStarted(phase, probe.rep)))
                offset += length
    else:
        if step.kind is StepKind.WORK and step.duration >= HALFWAY_MIN_SECONDS:
            marks.append((step.duration / 2, Halfway()))  # +15 s does not move the middle
        for seconds_left in COUNTDOWN_SECONDS:
            if duration - seconds_left > 0:
                marks.append((duration - seconds_left, Countdown(seconds_left)))
    marks.sort(key=lambda mark: mark[0])
    return marks


# ---- the state machine -----------------------------------------------------------------


@dataclass(frozen=True)
class PlayerView:
    """Everything the player page shows, computed here so the widgets only display it."""

    step: Step | None
    position: Position | None
    remaining: float  # in the current step
    step_duration: float
    session_elapsed: float
    session_remaining: float
    session_total: float
    next_item: PlanItem | None
    paused: bool
    finished: bool
    started: bool


class Player:
    """Plays a SessionPlan. Every operation takes `now` and returns the events it caused."""

    def __init__(
        self, plan: SessionPlan, done_keys: frozenset[tuple[str, Side, int]] = frozenset()
    ):
        self.plan = plan
        self.steps = build_steps(plan)
        # Planned seconds after each step, worked out once: view() runs on every display tick.
        self._after: list[float] = [0.0] * len(self.steps)
        for index in range(len(self.steps) - 2, -1, -1):
            self._after[index] = self._after[index + 1] + self.steps[index + 1].duration
        self._total = sum(step.duration for step in self.steps)
        self._finished = not self.steps
        self._index = self._resume_index(done_keys)
        self._start_time = 0.0  # when the current step started (shifted by pauses)
        self._extras: dict[int, float] = {}  # step index -> seconds added with +15 s
        self._marks: list[tuple[float, Event]] = []
        self._next_mark = 0
        self._paused_at: float | None = None
        self._started = False

    # -- state ----------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._started

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def current(self) -> Step | None:
        if self._finished or not self.steps:
            return None
        return self.steps[self._index]

    def duration(self) -> float:
        step = self.current
        return 0.0 if step is None else step.duration + self._extras.get(self._index, 0.0)

    def deadline(self) -> float:
        """When the current step ends in clock time, ignoring a pause in progress."""
        return self._start_time + self.duration()

    def elapsed(self, now: float) -> float:
        effective_now = self._paused_at if self._paused_at is not None else now
        return max(0.0, min(self.duration(), effective_now - self._start_time))

    def remaining(self, now: float) -> float:
        return self.duration() - self.elapsed(now)

    def total_seconds(self) -> float:
        return self._total

    def next_due(self, now: float) -> float | None:
        """Clock time of the next cue or step end, so a timer can fire exactly then."""
        if not self._started or self._finished or self.paused:
            return None
        due = self.deadline()
        if self._next_mark < len(self._marks):
            due = min(due, self._start_time + self._marks[self._next_mark][0])
        return due

    def view(self, now: float) -> PlayerView:
        step = self.current
        later = self._after[self._index] if step else 0.0
        remaining = self.remaining(now) if step else 0.0
        total = self.total_seconds() + sum(self._extras.values())
        return PlayerView(
            step=step,
            position=position(step, self.elapsed(now), self.duration()) if step else None,
            remaining=remaining,
            step_duration=self.duration(),
            session_elapsed=total - later - remaining,
            session_remaining=later + remaining,
            session_total=total,
            next_item=self._up_next(step),
            paused=self.paused,
            finished=self._finished,
            started=self._started,
        )

    def _up_next(self, step: Step | None) -> PlanItem | None:
        """During a rest between exercises the coming one; otherwise the one after this."""
        if step is None:
            return None
        if step.between_exercises:
            return step.item
        for later in self.steps[self._index + 1 :]:
            if later.item_index != step.item_index:
                return later.item
        return None

    # -- operations -------------------------------------------------------------------

    def start(self, now: float) -> list[Event]:
        if self._started:
            return []
        self._started = True
        if self._finished:
            return [SessionFinished()]
        return self._enter(self._index, now)

    def tick(self, now: float) -> list[Event]:
        """Emit every cue that is due and move past every step whose deadline has passed."""
        if not self._started or self._finished or self.paused:
            return []
        events: list[Event] = []
        while not self._finished:
            elapsed = now - self._start_time
            while self._next_mark < len(self._marks) and self._marks[self._next_mark][0] <= elapsed:
                events.append(self._marks[self._next_mark][1])
                self._next_mark += 1
            if now < self.deadline():
                break
            events += self._finish_step(self.deadline(), skipped=False)
        return events

    def pause(self, now: float) -> list[Event]:
        if self._started and not self._finished and self._paused_at is None:
            self._paused_at = now
        return []

    def resume(self, now: float) -> list[Event]:
        if self._paused_at is None:
            return []
        self._start_time += now - self._paused_at
        self._paused_at = None
        return self.tick(now)

    def toggle_pause(self, now: float) -> list[Event]:
        return self.resume(now) if self.paused else self.pause(now)

    def next(self, now: float) -> list[Event]:
        """Move on now; a work set cut short is recorded as skipped with what was done."""
        if not self._started or self._finished:
            return []
        return self._finish_step(self._clamped(now), skipped=True)

    def done(self, now: float) -> list[Event]:
        """End a rep set early as completed: the person did what they could."""
        step = self.current
        if not self._started or step is None or step.kind is not StepKind.WORK:
            return []
        return self._finish_step(self._clamped(now), skipped=False)

    def previous(self, now: float) -> list[Event]:
        """Restart the step if it has been running a while, else go back one step."""
        if not self._started or self._finished:
            return []
        target = self._index
        if self.elapsed(now) <= RESTART_THRESHOLD_SECONDS and self._index > 0:
            target = self._index - 1
        return self._enter(target, now, keep_pause=True)

    def skip_exercise(self, now: float, pain: bool = False) -> list[Event]:
        """Leave the current exercise: its unfinished sets are recorded as skipped.

        A pinch felt while getting into position still counts: it goes on the first set
        that was skipped.
        """
        step = self.current
        if not self._started or step is None:
            return []
        at = self._clamped(now)
        events: list[Event] = []
        if step.kind is StepKind.WORK:
            events.append(self._set_result(step, at, skipped=True, pain=pain))
        for later in self.steps[self._index + 1 :]:
            if later.item_index != step.item_index:
                break
            if later.kind is StepKind.WORK:
                reps = 0 if _movements(later.item) else None
                flag = pain and not events
                events.append(SetFinished(later, at, at, 0.0, reps, skipped=True, pain=flag))
        following = [
            s.index for s in self.steps[self._index + 1 :] if s.item_index != step.item_index
        ]
        if not following:
            return [*events, *self._end()]
        return events + self._enter(following[0], at, keep_pause=True)

    def stop_for_pain(self, now: float) -> list[Event]:
        """A pinch or pain stops the exercise at once and is recorded with the set."""
        return self.skip_exercise(now, pain=True)

    def add_time(self, now: float, seconds: float = EXTRA_TIME_SECONDS) -> list[Event]:
        """Give a hold, get-ready or rest more time; rep sets are paced by their count."""
        step = self.current
        if (
            not self._started
            or step is None
            or (step.kind is StepKind.WORK and _rep_pattern(step.item))
        ):
            return []
        elapsed = self.elapsed(now)
        self._extras[self._index] = self._extras.get(self._index, 0.0) + seconds
        self._marks = _marks(step, self.duration())
        self._next_mark = sum(1 for offset, _ in self._marks if offset < elapsed)
        return []

    # -- internals --------------------------------------------------------------------

    def _clamped(self, now: float) -> float:
        """`now`, or the moment of pausing if paused: a paused clock does not run."""
        return self._paused_at if self._paused_at is not None else min(now, self.deadline())

    def _resume_index(self, done_keys: frozenset[tuple[str, Side, int]]) -> int:
        if not done_keys:
            return 0
        for step in self.steps:
            if step.kind is StepKind.WORK and step.key not in done_keys:
                before = self.steps[step.index - 1] if step.index > 0 else None
                if before is not None and before.kind is not StepKind.WORK:
                    return before.index
                return step.index
        self._finished = True
        return len(self.steps) - 1

    def _enter(self, index: int, at: float, keep_pause: bool = False) -> list[Event]:
        self._index = index
        self._start_time = at
        self._extras.pop(index, None)  # a step entered again starts from its planned length
        step = self.steps[index]
        self._marks = _marks(step, step.duration)
        self._next_mark = 0
        if keep_pause and self._paused_at is not None:
            self._paused_at = at
        events: list[Event] = [StepStarted(step)]
        while self._next_mark < len(self._marks) and self._marks[self._next_mark][0] <= 0:
            events.append(self._marks[self._next_mark][1])
            self._next_mark += 1
        return events

    def _set_result(self, step: Step, at: float, skipped: bool, pain: bool = False) -> SetFinished:
        elapsed = max(0.0, at - self._start_time)
        done_reps = None
        if _movements(step.item):
            reps = step.item.dose.reps or 0
            if elapsed >= self.duration():
                done_reps = reps
            else:
                pos = position(step, elapsed, self.duration())
                done_reps = pos.rep if not skipped else pos.rep - 1
        return SetFinished(step, self._start_time, at, elapsed, done_reps, skipped, pain)

    def _finish_step(self, at: float, skipped: bool) -> list[Event]:
        step = self.steps[self._index]
        events: list[Event] = []
        if step.kind is StepKind.WORK:
            events.append(self._set_result(step, at, skipped=skipped))
        if self._index + 1 >= len(self.steps):
            return [*events, *self._end()]
        return events + self._enter(self._index + 1, at, keep_pause=True)

    def _end(self) -> list[Event]:
        self._finished = True
        self._paused_at = None
        return [SessionFinished()]
