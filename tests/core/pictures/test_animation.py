"""The figure follows the player: driven by the real Player and a fake clock, the picture is
at the start position whenever a rep starts, at the end position mid-rep and during holds,
and on the side the player is working."""

from __future__ import annotations

import pytest

from app.core.content.exercises import DoseKind, Sides
from app.core.pictures.animation import (
    SETTLE_SECONDS,
    SWITCH_SECONDS,
    FigureMoment,
    describe_moment,
    figure_moment,
)
from app.core.records import Side
from app.core.session.events import Phase, PhaseStarted, RepStarted, StepStarted
from app.core.session.player import Player, StepKind
from tests.core import factories as f

GET_READY = 10.0


def play(player: Player, until: float, step: float = 0.05):
    """Tick from 0 to `until`, yielding (now, events) at every tick."""
    now = 0.0
    yield now, player.start(now)
    while now < until - 1e-9:
        now = round(now + step, 6)
        yield now, player.tick(now)


def moment_at(player: Player, now: float, keys=("start", "end")) -> FigureMoment:
    found = figure_moment(player.view(now), keys)
    assert found is not None
    return found


def test_get_ready_shows_the_start_position_on_the_first_side() -> None:
    player = Player(f.plan(f.hold(30)))
    player.start(0)
    moment = moment_at(player, 3)
    assert (moment.from_key, moment.to_key, moment.at) == ("start", "start", "start")
    assert moment.side is Side.LEFT
    assert moment.slug == player.current.item.exercise.slug


def test_a_hold_eases_into_the_end_position_and_stays_there() -> None:
    player = Player(f.plan(f.hold(30)))
    player.start(0)
    player.tick(GET_READY)
    first = moment_at(player, GET_READY)
    assert (first.from_key, first.to_key, first.t) == ("start", "end", 0.0)
    halfway = moment_at(player, GET_READY + SETTLE_SECONDS / 2)
    assert halfway.at is None and halfway.t == pytest.approx(0.5)
    for seconds in (SETTLE_SECONDS, 10, 29.9):
        assert moment_at(player, GET_READY + seconds).at == "end"


def test_a_hold_uses_a_hold_keyframe_when_the_pose_has_one() -> None:
    player = Player(f.plan(f.hold(30)))
    player.start(0)
    player.tick(GET_READY + 5)
    assert moment_at(player, GET_READY + 5, ("start", "end", "hold")).at == "hold"


def test_switching_sides_goes_back_to_the_start_on_the_other_side() -> None:
    player = Player(f.plan(f.hold(30)))
    player.start(0)
    player.tick(GET_READY + 30 + 1)
    assert player.current.is_switch
    moment = moment_at(player, GET_READY + 31)
    assert moment.at == "start" and moment.side is Side.RIGHT
    player.tick(GET_READY + 30 + GET_READY + 5)
    assert moment_at(player, GET_READY * 2 + 35).side is Side.RIGHT


def test_every_rep_starts_at_the_start_position_and_turns_at_the_end() -> None:
    cadence = 3.0
    player = Player(f.plan(f.reps(4, cadence, Sides.BOTH)))
    starts = []
    for now, events in play(player, GET_READY + 4 * cadence - 0.1):
        for event in events:
            if isinstance(event, RepStarted):
                starts.append(now)
                assert moment_at(player, now).at == "start", (event.rep, now)
    assert starts == pytest.approx([GET_READY + cadence * n for n in range(4)])
    for start in starts:
        middle = moment_at(player, start + cadence / 2)
        assert middle.at == "end"
        rising = moment_at(player, start + cadence / 4)
        assert (rising.from_key, rising.to_key) == ("start", "end")
        assert rising.t == pytest.approx(0.5)
        falling = moment_at(player, start + cadence * 3 / 4)
        assert (falling.from_key, falling.to_key) == ("end", "start")
        assert falling.t == pytest.approx(0.5)


def test_alternating_reps_draw_the_side_the_player_counts() -> None:
    player = Player(f.plan(f.reps(6, 2.0, Sides.ALTERNATING)))
    sides = []
    for now, events in play(player, GET_READY + 12 - 0.1):
        for event in events:
            if isinstance(event, RepStarted):
                moment = moment_at(player, now)
                assert moment.side is event.side
                sides.append(moment.side)
    assert sides == [Side.LEFT, Side.RIGHT] * 3


def test_a_held_rep_lifts_holds_and_lowers() -> None:
    move, hold = 1.5, 4.0
    player = Player(f.plan(f.hold_per_rep(3, hold, move)))
    seen: dict[Phase, list[FigureMoment]] = {}
    for now, events in play(player, GET_READY + 3 * (move * 2 + hold) - 0.1):
        for event in events:
            if isinstance(event, RepStarted):
                assert moment_at(player, now).at == "start"
            if isinstance(event, PhaseStarted):
                seen.setdefault(event.phase, []).append(moment_at(player, now))
    assert [m.at for m in seen[Phase.LIFT]] == ["start"] * 3
    assert [m.at for m in seen[Phase.HOLD]] == ["end"] * 3
    assert [m.at for m in seen[Phase.LOWER]] == ["end"] * 3
    lifting = moment_at(player, GET_READY + (move * 2 + hold) + move / 2)
    assert (lifting.from_key, lifting.to_key, lifting.t) == ("start", "end", pytest.approx(0.5))
    lowering = moment_at(player, GET_READY + move + hold + move / 2)
    assert (lowering.from_key, lowering.to_key, lowering.t) == ("end", "start", pytest.approx(0.5))
    assert moment_at(player, GET_READY + move + hold / 2).at == "end"


def test_cycles_contract_into_the_end_and_relax_back() -> None:
    contract, relax = 10.0, 5.0
    player = Player(f.plan(f.cycles(3, contract, relax)))
    player.start(0)
    player.tick(GET_READY)
    assert moment_at(player, GET_READY).at == "start"
    assert moment_at(player, GET_READY + SWITCH_SECONDS).at == "end"
    assert moment_at(player, GET_READY + contract - 0.1).at == "end"
    player.tick(GET_READY + contract)
    assert moment_at(player, GET_READY + contract).from_key == "end"
    assert moment_at(player, GET_READY + contract + relax - 0.1).at == "start"


def test_cycles_use_contract_and_relax_keyframes_when_the_pose_has_them() -> None:
    contract, relax = 5.0, 5.0
    keys = ("start", "end", "contract", "relax")
    player = Player(f.plan(f.cycles(2, contract, relax)))
    player.start(0)
    player.tick(GET_READY + 3)
    first = moment_at(player, GET_READY + 3, keys)
    assert (first.from_key, first.at) == ("start", "contract")
    player.tick(GET_READY + contract + 3)
    assert moment_at(player, GET_READY + contract + 3, keys).at == "relax"
    player.tick(GET_READY + contract + relax)
    second = moment_at(player, GET_READY + contract + relax, keys)
    assert (second.from_key, second.to_key) == ("relax", "contract")  # the next round


def test_a_paused_figure_stands_still() -> None:
    player = Player(f.plan(f.reps(10, 3.0)))
    player.start(0)
    player.tick(GET_READY + 1.0)
    player.pause(GET_READY + 1.0)
    assert moment_at(player, GET_READY + 1.0) == moment_at(player, GET_READY + 50)


def test_rests_between_exercises_show_the_coming_exercise_at_its_start() -> None:
    player = Player(f.plan(f.hold(20, Sides.BOTH), f.reps(4, 3.0, Sides.BOTH)))
    player.start(0)
    player.tick(GET_READY + 20 + 1)
    assert player.current.kind is StepKind.REST
    moment = moment_at(player, GET_READY + 21)
    assert moment.slug == player.plan.items[1].exercise.slug
    assert moment.at == "start"


def test_nothing_is_drawn_once_the_session_is_over() -> None:
    player = Player(f.plan(f.hold(5, Sides.BOTH)))
    events = []
    for _now, ticked in play(player, GET_READY + 6):
        events += ticked
    assert player.finished and any(isinstance(e, StepStarted) for e in events)
    assert figure_moment(player.view(GET_READY + 6)) is None


def test_the_description_is_steady_while_the_figure_moves() -> None:
    moving = FigureMoment("swivel-chair", "start", "end", 0.3, Side.LEFT)
    turning = FigureMoment("swivel-chair", "end", "start", 0.8, Side.LEFT)
    assert describe_moment(moving, "Swivel chair", DoseKind.REPS) == (
        "Swivel chair: moving between start and end, left side"
    )
    assert describe_moment(turning, "Swivel chair", DoseKind.REPS) == describe_moment(
        moving, "Swivel chair", DoseKind.REPS
    )
    holding = FigureMoment("release-deep-glutes", "start", "end", 1.0, Side.RIGHT)
    assert describe_moment(holding, "Deep glute release", DoseKind.HOLD) == (
        "Deep glute release: end position, right side"
    )
    settling = FigureMoment("release-deep-glutes", "start", "end", 0.5, Side.BOTH)
    assert describe_moment(settling, "Deep glute release", DoseKind.HOLD) == (
        "Deep glute release: end position, both sides"
    )
    ready = FigureMoment("x", "start", "start", 0.0, Side.LEFT)
    assert describe_moment(ready, "X", None) == "X: start position, left side"
