"""Which moment of an exercise's picture to draw, from what the player says is happening.

The figure moves in step with the counter because it is computed from the same PlayerView
the counter is: no clock of its own, so pausing, skipping or a late timer can never put the
picture out of step with the numbers.

    get ready, rest, switch sides  the start position
    a hold                         eases from start into the end position, then stays there
    a rep (reps)                   start -> end -> start over the rep, so each RepStarted
                                   finds the figure at the start
    a held rep (hold_per_rep)      lift: start -> end; hold: end; lower: end -> start
    a cycle (cycles)               contract: into "contract" (or end); relax: into "relax"
                                   (or start)

Sides: poses are drawn for the side their highlighted hip names (see app/core/pictures/pose.py); the
moment carries the player's side and the painter mirrors when it differs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from app.core.content.exercises import DoseKind
from app.core.records import Side
from app.core.session.events import Phase
from app.core.session.player import PlayerView
from app.core.session.steps import StepKind

START, END = "start", "end"
SETTLE_SECONDS = 1.2  # a hold eases into its position over this long
SWITCH_SECONDS = 1.0  # a cycle moves between contract and relax over at most this long
SWITCH_SHARE = 0.4  # ... and at most this share of a short phase


@dataclass(frozen=True)
class FigureMoment:
    """Draw the pose `t` of the way from keyframe `from_key` to `to_key` (t is linear time;
    the drawing eases it), for `side`."""

    slug: str
    from_key: str
    to_key: str
    t: float
    side: Side

    @property
    def at(self) -> str | None:
        """The keyframe the figure is resting on, or None while it moves."""
        if self.from_key == self.to_key or self.t <= 0.0:
            return self.from_key
        if self.t >= 1.0:
            return self.to_key
        return None


def _clamp(t: float) -> float:
    return min(1.0, max(0.0, t))


def _towards(slug: str, side: Side, a: str, b: str, elapsed: float, seconds: float) -> FigureMoment:
    """Moving from a to b over `seconds`, then resting on b."""
    if seconds <= 0 or elapsed >= seconds - 1e-6:  # clock sums are not exact
        return FigureMoment(slug, a, b, 1.0, side)
    t = _clamp(elapsed / seconds)
    return FigureMoment(slug, a, b, t, side)


def figure_moment(
    view: PlayerView, keyframes: Collection[str] = (START, END)
) -> FigureMoment | None:
    """The moment of the current exercise's picture, or None when nothing is playing.

    `keyframes` are the names the exercise's pose has, so optional ones ("hold", "contract",
    "relax") are used when present.
    """
    step, position = view.step, view.position
    if view.finished or step is None or position is None:
        return None
    slug = step.item.exercise.slug
    side = position.side
    if step.kind is not StepKind.WORK:
        return FigureMoment(slug, START, START, 0.0, side)

    dose = step.item.dose
    fraction = _clamp(position.phase_fraction)
    phase = position.phase
    hold_key = "hold" if "hold" in keyframes else END
    if dose.kind is DoseKind.HOLD:
        elapsed = view.step_duration - view.remaining
        return _towards(slug, side, START, hold_key, elapsed, SETTLE_SECONDS)
    if dose.kind is DoseKind.REPS:
        if fraction < 0.5:
            return FigureMoment(slug, START, END, fraction * 2.0, side)
        return FigureMoment(slug, END, START, fraction * 2.0 - 1.0, side)
    if dose.kind is DoseKind.HOLD_PER_REP:
        if phase is Phase.LIFT:
            return FigureMoment(slug, START, END, fraction, side)
        if phase is Phase.LOWER:
            return FigureMoment(slug, END, START, fraction, side)
        return FigureMoment(slug, hold_key, hold_key, 0.0, side)
    if dose.kind is DoseKind.CYCLES:
        contract = "contract" if "contract" in keyframes else END
        relax = "relax" if "relax" in keyframes else START
        if phase is Phase.CONTRACT:
            length = float(dose.seconds or 0.0)
            origin = START if position.rep <= 1 else relax
            target = contract
        else:
            length = float(dose.relax_seconds or 0.0)
            origin, target = contract, relax
        switch = min(SWITCH_SECONDS, SWITCH_SHARE * length)
        return _towards(slug, side, origin, target, fraction * length, switch)
    return FigureMoment(slug, START, START, 0.0, side)


def describe_moment(moment: FigureMoment, name: str, dose: DoseKind | None = None) -> str:
    """Words for a screen reader: "Deep glute release: end position, left side".

    Kept steady while the figure moves, so it is not re-announced ten times a second.
    """
    moving = moment.from_key != moment.to_key
    if dose is DoseKind.REPS or (dose is DoseKind.HOLD_PER_REP and moving):
        where = "moving between start and end"
    else:
        where = f"{moment.at or moment.to_key} position"
    sides = {Side.LEFT: "left side", Side.RIGHT: "right side", Side.BOTH: "both sides"}
    return f"{name}: {where}, {sides[moment.side]}"
