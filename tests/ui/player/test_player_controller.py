"""The Qt adapter with its real timers: the one place a test runs on real time."""

from __future__ import annotations

from datetime import UTC, timedelta

from app.core.content.exercises import Sides
from app.core.records import Side
from app.core.session.player import Player, SessionFinished
from app.ui.player.controller import PlayerController
from tests.core import factories as f


def test_real_timers_play_a_short_session_to_the_end(qtbot) -> None:
    plan = f.plan(f.hold(0.3, Sides.BOTH), get_ready=0.2)
    controller = PlayerController(Player(plan))
    finished = []
    controller.events.connect(
        lambda events: finished.extend(e for e in events if isinstance(e, SessionFinished))
    )
    with qtbot.waitSignal(controller.set_finished, timeout=3000) as blocker:
        controller.start()
    result = blocker.args[0]
    assert result.done_seconds == 0.3 and not result.skipped
    qtbot.waitUntil(lambda: bool(finished), timeout=3000)


def test_set_results_carry_wall_clock_times(clock) -> None:
    controller = PlayerController(Player(f.plan(f.hold(30))), clock.monotonic, clock.wall)
    results = []
    controller.set_finished.connect(results.append)
    controller.start()
    clock.run(controller, 40)
    (result,) = results
    assert result.side is Side.LEFT
    assert result.started_at == clock.wall_start + timedelta(seconds=10)
    assert result.ended_at == clock.wall_start + timedelta(seconds=40)
    assert result.ended_at.tzinfo is UTC
    controller.stop()


def test_a_clock_jump_while_paused_is_not_a_sleep(clock) -> None:
    controller = PlayerController(Player(f.plan(f.hold(30))), clock.monotonic, clock.wall)
    suspended = []
    controller.suspended.connect(lambda: suspended.append(True))
    controller.start()
    controller.toggle_pause()
    clock.wall_offset += 3600
    controller.tick()
    assert suspended == []
    controller.stop()
