"""Which sound or spoken words go with each player event.

Deciding here (pure) keeps the Qt cue player a thin speaker, and lets tests check the
cues a person hears with a recording fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.core.content.exercises import DoseKind
from app.core.records import Side
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
from app.core.session.sound_design import audible_seconds
from app.core.session.steps import StepKind

# Chimes of one moment play one after another with this gap, never on top of each other.
CHIME_GAP_SECONDS = 0.05
# Words start this long after the last chime of their moment has ended, so "Go." is heard.
WORDS_AFTER_CHIME_SECONDS = 0.15


class Sound(StrEnum):
    """The app's short sounds; each is a WAV of the same name in app/content/sounds/."""

    COUNT = "count"  # 3-2 before a hold or get-ready ends
    COUNT_LAST = "count-last"  # the 1: higher, so the end can be heard coming
    START = "start"  # work begins
    SWITCH = "switch"  # change to the other side
    DONE = "done"  # a set or the session finished
    TICK = "tick"  # a rep's beat when speech is off


@dataclass(frozen=True)
class Cue:
    sound: Sound | None = None
    words: str | None = None


class CueSink(Protocol):
    """Where cues go: the Qt speaker in the app, a recording fake in tests."""

    def play(self, sound: Sound, delay: float = 0.0) -> None: ...

    def say(self, words: str, delay: float = 0.0) -> None: ...

    def speech_works(self) -> bool: ...


PHASE_WORDS = {
    Phase.LIFT: "Lift",
    Phase.HOLD: "Hold",
    Phase.LOWER: "Lower",
    Phase.CONTRACT: "Push",
    Phase.RELAX: "Relax",
}


def pinch_words(exercise_name: str) -> str:
    """Said and shown when X is pressed: the person hears that the pinch counted (the next
    plan makes this exercise easier after a pinch or pain)."""
    return f"Pinch noted: {exercise_name} stopped, easier next time."


def side_words(side: Side) -> str:
    return {Side.LEFT: "left side", Side.RIGHT: "right side", Side.BOTH: "both sides"}[side]


def cues_for(event: Event) -> list[Cue]:
    """The cues for one event; an empty list when the event is silent."""
    match event:
        case StepStarted(step=step) if step.kind is StepKind.GET_READY:
            if step.is_switch:
                return [Cue(Sound.SWITCH, f"Switch sides. {side_words(step.side).capitalize()}.")]
            name = step.item.exercise.name
            if step.side is Side.BOTH:
                return [Cue(words=f"Get ready: {name}.")]
            return [Cue(words=f"Get ready: {name}, {side_words(step.side)}.")]
        case StepStarted(step=step) if step.kind is StepKind.WORK:
            return [Cue(Sound.START, "Go." if step.item.dose.kind is DoseKind.HOLD else None)]
        case StepStarted(step=step) if step.kind is StepKind.REST:
            if step.between_exercises:
                return [Cue(words=f"Rest. Next up: {step.item.exercise.name}.")]
            return [Cue(words="Rest.")]
        case Countdown(seconds_left=1):
            return [Cue(Sound.COUNT_LAST)]
        case Countdown():
            return [Cue(Sound.COUNT)]
        case Halfway():
            return [Cue(words="Halfway.")]
        case RepStarted(rep=rep):
            return [Cue(Sound.TICK, str(rep))]
        case PhaseStarted(phase=phase) if phase in PHASE_WORDS:
            return [Cue(words=PHASE_WORDS[phase])]
        case SetFinished(skipped=False):
            return [Cue(Sound.DONE)]
        case SessionFinished():
            return [Cue(Sound.DONE, "Session complete. Well done.")]
    return []


def deliver(cues: list[Cue], sink: CueSink, sound_on: bool, voice_on: bool) -> None:
    """Play the sounds and say the words of one moment, within what is switched on.

    The chimes of one moment play one after another, and the words start a moment after
    the last chime has ended: said together, "Go." is lost under the start chime. The
    words are said as one phrase ("3. Lift."), because a speech engine's say() cuts off
    whatever it was saying. A rep's count is spoken when a voice works and ticks when it
    does not, so the beat is never lost; other words still go to the sink, which shows
    them when it cannot speak them.
    """
    speaking = voice_on and sink.speech_works()
    sounds: list[Sound] = []
    words: list[str] = []
    for cue in cues:
        if cue.sound is Sound.TICK:
            if speaking and cue.words:
                words.append(cue.words)
            elif sound_on:
                sounds.append(Sound.TICK)
            continue
        if sound_on and cue.sound is not None:
            sounds.append(cue.sound)
        if voice_on and cue.words:
            words.append(cue.words)
    delay = 0.0
    for sound in sounds:
        sink.play(sound, delay)
        delay += audible_seconds(sound.value) + CHIME_GAP_SECONDS
    if words:
        words_delay = delay - CHIME_GAP_SECONDS + WORDS_AFTER_CHIME_SECONDS if sounds else 0.0
        phrase = " ".join(word if word[-1] in ".!?:" else f"{word}." for word in words)
        sink.say(phrase, round(words_delay, 3))
