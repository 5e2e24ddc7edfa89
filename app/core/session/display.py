"""What the player page shows, as text: computed here so the widgets only set labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.content.exercises import DoseKind, Sides
from app.core.content.safety import first_caution
from app.core.formatting import format_countdown, format_minutes, numbered
from app.core.records import Side
from app.core.session.cues import PHASE_WORDS
from app.core.session.events import Phase
from app.core.session.looks import Beat, Look
from app.core.session.player import PlayerView
from app.core.session.steps import StepKind

STAGE_COUNT = 6


BEATS = {
    Phase.LIFT: Beat.LIFT,
    Phase.HOLD: Beat.HOLD,
    Phase.LOWER: Beat.LOWER,
    Phase.CONTRACT: Beat.PUSH,
    Phase.RELAX: Beat.RELAX,
}


@dataclass(frozen=True)
class Display:
    banner: str  # GET READY, HOLD, REPS, REST, SWITCH SIDES, PAUSED, DONE
    stage: str  # "Stage 3 of 6 · Joint mobilization"
    exercise: str
    side: str  # LEFT, RIGHT, BOTH SIDES, ALTERNATE, or ""
    countdown: str  # big m:ss
    counter: str  # "12 / 20" on rep work, else ""
    phase: str  # "Lift", "Hold", "Push", ... or a hint
    cues: tuple[str, ...]
    next_up: str
    time_left: str
    progress: float  # 0..1 through the session
    rep_work: bool  # the counter is the main number, not the countdown
    look: Look
    beat: Beat | None  # set when `phase` is a rep's or cycle's beat, not a hint
    caution: str = ""  # the exercise's first caution, shown large while getting ready


SIDE_LABELS = {Side.LEFT: "LEFT", Side.RIGHT: "RIGHT", Side.BOTH: "BOTH SIDES"}


def describe(view: PlayerView, stage_names: Mapping[int, str], in_seconds: bool = False) -> Display:
    """`in_seconds` shows "75" rather than "1:15", for those who count that way."""
    step, position = view.step, view.position
    progress = view.session_elapsed / view.session_total if view.session_total else 1.0
    if view.finished or step is None or position is None:
        return Display(
            "DONE",
            "",
            "Session complete",
            "",
            "0:00",
            "",
            "Well done.",
            (),
            "",
            "0 min left",
            1.0,
            False,
            Look.DONE,
            None,
        )
    exercise = step.item.exercise
    dose = step.item.dose
    rep_work = step.kind is StepKind.WORK and dose.kind is not DoseKind.HOLD
    side = SIDE_LABELS[position.side]
    if dose.sides is Sides.ALTERNATING and step.kind is not StepKind.WORK:
        side = "ALTERNATE SIDES"
    next_up = ""
    if view.next_item is not None:
        next_up = f"Up next: {view.next_item.exercise.name}"
    stage_name = stage_names.get(exercise.stage, "")
    return Display(
        banner=_banner(view),
        stage=f"Stage {exercise.stage} of {STAGE_COUNT} · {stage_name}",
        exercise=exercise.name,
        side=side,
        countdown=format_countdown(_countdown_seconds(view), in_seconds),
        counter=f"{position.rep} / {position.reps}" if rep_work else "",
        phase=_phase_text(view),
        cues=exercise.cues if step.kind is StepKind.WORK else numbered(exercise.setup),
        next_up=next_up,
        time_left=f"{format_minutes(view.session_remaining)} left",
        progress=min(1.0, max(0.0, progress)),
        rep_work=rep_work,
        look=_look(view),
        beat=_beat(view),
        caution=first_caution(exercise) if step.kind is StepKind.GET_READY else "",
    )


def _look(view: PlayerView) -> Look:
    step = view.step
    assert step is not None
    if view.paused:
        return Look.PAUSED
    if step.kind is StepKind.GET_READY:
        return Look.SWITCH if step.is_switch else Look.GET_READY
    if step.kind is StepKind.REST:
        return Look.REST
    return Look.HOLD if step.item.dose.kind is DoseKind.HOLD else Look.REPS


def _beat(view: PlayerView) -> Beat | None:
    """The same condition as the phase text's: a beat only where a beat is shown."""
    step, position = view.step, view.position
    assert step is not None and position is not None
    if step.kind is StepKind.WORK and position.reps and position.phase in BEATS:
        return BEATS[position.phase]
    return None


def words_worth_showing(words: str) -> str:
    """Spoken words to show on screen, less the sentences that only name a beat: the beat
    is already the big word under the counter, so "Lift." need not flash beside it."""
    beats = {word.lower() for word in PHASE_WORDS.values()}
    sentences = [part.strip() for part in words.split(". ")]
    kept = [s for s in sentences if s and s.rstrip(".!?").lower() not in beats]
    return ". ".join(kept)  # split() took the full stops between sentences


def _banner(view: PlayerView) -> str:
    step = view.step
    assert step is not None
    if view.paused:
        return "PAUSED"
    if step.kind is StepKind.GET_READY:
        return "SWITCH SIDES" if step.is_switch else "GET READY"
    if step.kind is StepKind.REST:
        return "REST"
    dose = step.item.dose
    if dose.kind is DoseKind.HOLD:
        return "HOLD"
    if dose.kind is DoseKind.CYCLES:
        return "CONTRACT · RELAX"
    sets = f" · SET {step.set_index} OF {dose.sets}" if dose.sets > 1 else ""
    return f"REPS{sets}"


def _countdown_seconds(view: PlayerView) -> float:
    """Rep-by-rep holds and pushes count down each phase (lift, hold 3 s, lower); the rest
    count down the whole step."""
    step, position = view.step, view.position
    assert step is not None and position is not None
    timed_phases = step.item.dose.kind in (DoseKind.HOLD_PER_REP, DoseKind.CYCLES)
    if step.kind is StepKind.WORK and timed_phases:
        return position.phase_remaining
    return view.remaining


def _phase_text(view: PlayerView) -> str:
    step, position = view.step, view.position
    assert step is not None and position is not None
    if step.kind is StepKind.GET_READY:
        return "Get into position"
    if step.kind is StepKind.REST:
        return "Breathe and shake it out"
    if position.phase in PHASE_WORDS and position.reps:
        return PHASE_WORDS[position.phase]
    if position.phase is Phase.MOVE:
        return f"One every {step.item.dose.cadence:g} s"
    return "Hold and breathe"
