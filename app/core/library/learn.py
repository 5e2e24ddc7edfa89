"""Learning an exercise before the timer runs: its sheet, its cautions, and when to say them.

The Learn page, the Library and the player's get-ready read their words from here, so the
set-up is numbered the same way everywhere and a caution is never left unshown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.core.content.exercises import Content, Exercise
from app.core.content.safety import first_caution
from app.core.formatting import describe_dose, numbered
from app.core.plan.equipment import required

if TYPE_CHECKING:
    from app.core.session.player import Player, PlayerView

CAUTIONS_TOLD_KEY = "cautions_told"  # settings key: slugs whose caution was already spoken
NO_EQUIPMENT = "Nothing: just you and the floor."


@dataclass(frozen=True)
class LearnSheet:
    """Everything the Learn page shows about one exercise, as text."""

    slug: str
    name: str
    stage: str  # "Stage 3 of 6 · Joint mobilization"
    purpose: str  # what the stage is for
    dose: str  # "60 s hold, each side"
    setup: tuple[str, ...]  # numbered
    cues: tuple[str, ...]
    cautions: tuple[str, ...]
    equipment: tuple[str, ...]  # what is needed; optional items marked so
    targets: str
    easier: tuple[str, ...]
    harder: tuple[str, ...]
    optional: bool


def learn_sheet(exercise: Exercise, content: Content) -> LearnSheet:
    stage = content.stage(exercise.stage)
    return LearnSheet(
        slug=exercise.slug,
        name=exercise.name,
        stage=f"Stage {stage.number} of {len(content.stages)} · {stage.name}",
        purpose=stage.purpose,
        dose=describe_dose(exercise.dose),
        setup=numbered(exercise.setup),
        cues=exercise.cues,
        cautions=exercise.cautions,
        equipment=exercise.equipment or (NO_EQUIPMENT,),
        targets=", ".join(exercise.targets),
        easier=exercise.regressions,
        harder=exercise.progressions,
        optional=exercise.optional,
    )


@dataclass(frozen=True)
class LibraryEntry:
    """One line of the Library: a stage heading (slug None) or an exercise under it."""

    text: str
    detail: str  # the exercise's equipment, or the stage's purpose
    slug: str | None = None


def library(content: Content) -> list[LibraryEntry]:
    """All exercises by stage, in file order, each with what it needs."""
    entries: list[LibraryEntry] = []
    for stage in content.stages:
        entries.append(LibraryEntry(stage.heading, stage.purpose))
        for exercise in content.in_stage(stage):
            needs = ", ".join(required(exercise)) or "no equipment"
            extra = " (an extra, not in the routine)" if exercise.optional else ""
            entries.append(LibraryEntry(exercise.name + extra, needs, exercise.slug))
    return entries


# --- Saying a caution once -------------------------------------------------------------


def read_told(stored: object) -> frozenset[str]:
    """The exercises whose caution was already spoken; unreadable means none (said again)."""
    if not isinstance(stored, list):
        return frozenset()
    return frozenset(slug for slug in stored if isinstance(slug, str))


def caution_to_say(exercise: Exercise, told: Iterable[str]) -> str | None:
    """Spoken at the first get-ready the person ever meets this exercise, then never again."""
    caution = first_caution(exercise)
    if not caution or exercise.slug in set(told):
        return None
    return f"Take care: {caution}"


def with_told(stored: object, slug: str) -> list[str]:
    """The stored list with this exercise added, in a stable order."""
    return sorted(read_told(stored) | {slug})


# --- The moving figure on the Learn page -------------------------------------------------

DEMO_READY_SECONDS = 2.0  # the figure starts from its start position, then moves


class DemoLoop:
    """The exercise played silently on a loop (its first side, one set at its usual dose),
    so the Learn page's figure moves exactly as it will in a session."""

    def __init__(self, exercise: Exercise) -> None:
        from app.core.routine import PlanItem, SessionPlan, work_seconds

        self._plan = SessionPlan(
            items=(PlanItem(exercise, replace(exercise.dose, sets=1)),),
            get_ready_seconds=DEMO_READY_SECONDS,
            rest_seconds=0.0,
        )
        self.loop_seconds = DEMO_READY_SECONDS + work_seconds(exercise.dose)
        self._player: Player | None = None
        self._at = 0.0

    def view(self, seconds: float) -> PlayerView:
        """What the player would show `seconds` after the loop began (any number, looped)."""
        from app.core.session.player import Player

        at = seconds % self.loop_seconds
        if self._player is None or at < self._at:
            self._player = Player(self._plan)
            self._player.start(0.0)
            self._at = 0.0
        self._player.tick(at)
        self._at = at
        return self._player.view(at)
