"""The player state machine, driven by a fake clock: whole sessions run in milliseconds."""

from __future__ import annotations

import pytest

from app.core.content.exercises import Sides
from app.core.records import Side
from app.core.session.player import (
    Countdown,
    Halfway,
    Phase,
    PhaseStarted,
    Player,
    RepStarted,
    SessionFinished,
    SetFinished,
    StepKind,
    StepStarted,
)
from tests.core import factories as f


def run_to_end(player: Player, start: float = 0.0, step: float = 0.25) -> tuple[list, float]:
    """Tick in small increments until the session ends; returns events and the end time."""
    events = player.start(start)
    now = start
    while not player.finished:
        now += step
        events += player.tick(now)
        assert now < start + 10_000, "session never finished"
    return events, now


def kinds(player: Player) -> list[tuple[StepKind, Side, bool]]:
    return [(s.kind, s.side, s.is_switch) for s in player.steps]


def test_one_sided_hold_runs_get_ready_work_switch_work() -> None:
    player = Player(f.plan(f.hold(60)))
    assert kinds(player) == [
        (StepKind.GET_READY, Side.LEFT, False),
        (StepKind.WORK, Side.LEFT, False),
        (StepKind.GET_READY, Side.RIGHT, True),
        (StepKind.WORK, Side.RIGHT, False),
    ]
    assert player.total_seconds() == 10 + 60 + 10 + 60


def test_rest_between_exercises_shows_the_coming_exercise() -> None:
    player = Player(f.plan(f.hold(30, Sides.BOTH), f.hold(30, Sides.BOTH)))
    steps = player.steps
    assert [s.kind for s in steps] == [
        StepKind.GET_READY,
        StepKind.WORK,
        StepKind.REST,
        StepKind.GET_READY,
        StepKind.WORK,
    ]
    player.start(0)
    player.tick(40)  # into the rest
    view = player.view(40)
    assert view.step.kind is StepKind.REST
    assert view.next_item is steps[3].item


def test_session_ends_exactly_at_the_sum_of_its_steps() -> None:
    plan = f.plan(f.hold(60), f.reps(20, 3), f.hold_per_rep(20, 4, 1.5), f.cycles(5, 10, 5))
    player = Player(plan)
    total = player.total_seconds()
    events = player.start(100.0)
    assert isinstance(events[0], StepStarted)
    events += player.tick(100.0 + total - 0.001)
    assert not player.finished
    events += player.tick(100.0 + total)
    assert player.finished
    assert isinstance(events[-1], SessionFinished)
    finished_sets = [e for e in events if isinstance(e, SetFinished)]
    assert len(finished_sets) == 8
    assert all(not e.skipped for e in finished_sets)
    assert finished_sets[-1].ended == pytest.approx(100.0 + total)


def test_late_ticks_do_not_drift_a_hold() -> None:
    """A timer firing late (busy CPU) still ends each step at its own deadline."""
    player = Player(f.plan(f.hold(60), f.hold(60)))
    player.start(0)
    now = 0.0
    ends = []
    while not player.finished:
        now += 0.37  # an irregular, late tick
        ends += [e.ended for e in player.tick(now) if isinstance(e, SetFinished)]
    assert ends == [70, 140, 225, 295]


def test_countdown_beeps_three_two_one_before_a_hold_ends() -> None:
    player = Player(f.plan(f.hold(30, Sides.BOTH)))
    player.start(0)
    player.tick(10)  # get-ready over
    assert player.tick(36.9) == [Halfway()]
    assert player.tick(37.0) == [Countdown(3)]
    assert player.tick(38.5) == [Countdown(2)]
    assert player.tick(39.0) == [Countdown(1)]


def test_halfway_cue_only_on_longer_holds() -> None:
    long_player = Player(f.plan(f.hold(60, Sides.BOTH)))
    events, _ = run_to_end(long_player)
    assert Halfway() in events
    short_player = Player(f.plan(f.hold(10, Sides.BOTH)))
    events, _ = run_to_end(short_player)
    assert Halfway() not in events


def test_next_due_points_at_the_next_cue() -> None:
    player = Player(f.plan(f.hold(30, Sides.BOTH)))
    player.start(0)
    assert player.next_due(0) == 7  # get-ready countdown "3" at 10 - 3
    player.tick(10)
    assert player.next_due(10) == 25  # halfway of the hold


def test_pause_freezes_the_countdown_and_resume_continues() -> None:
    player = Player(f.plan(f.hold(60, Sides.BOTH)))
    player.start(0)
    player.tick(10)
    player.tick(30)
    player.pause(30)
    assert player.view(500).remaining == 40
    assert player.tick(500) == []
    player.resume(500)
    assert player.view(510).remaining == 30
    events = player.tick(540)
    assert isinstance(events[-1], SessionFinished)


def test_next_skips_a_set_and_records_what_was_done() -> None:
    player = Player(f.plan(f.hold(60)))
    player.start(0)
    player.tick(10)
    events = player.next(25)
    result = events[0]
    assert isinstance(result, SetFinished)
    assert result.skipped and result.done_seconds == 15
    assert player.current.is_switch and player.current.side is Side.RIGHT


def test_previous_restarts_a_running_step_then_goes_back() -> None:
    player = Player(f.plan(f.hold(60)))
    player.start(0)
    player.tick(10)
    player.previous(30)  # 20 s into the hold: restart it
    assert player.current.kind is StepKind.WORK
    assert player.view(30).remaining == 60
    player.previous(31)  # just restarted: go back to get-ready
    assert player.current.kind is StepKind.GET_READY
    assert player.view(31).remaining == 10


def test_add_time_extends_a_hold_and_moves_its_countdown() -> None:
    player = Player(f.plan(f.hold(30, Sides.BOTH)))
    player.start(0)
    player.tick(10)
    player.add_time(20)
    assert player.view(20).remaining == 35
    assert not any(isinstance(e, Countdown) for e in player.tick(37))  # the countdown moved
    _events, end = run_to_end_from(player, 37)
    assert end == pytest.approx(55.0)
    assert player.view(end).session_total == 55


def run_to_end_from(player: Player, now: float) -> tuple[list, float]:
    events = []
    while not player.finished:
        now = round(now + 0.25, 6)
        events += player.tick(now)
    return events, now


def test_add_time_does_not_change_a_rep_set() -> None:
    player = Player(f.plan(f.reps(20, 3, Sides.BOTH)))
    player.start(0)
    player.tick(10)
    player.add_time(12)
    assert player.view(12).remaining == 58


def test_reps_count_at_the_cadence() -> None:
    player = Player(f.plan(f.reps(20, 3, Sides.BOTH)))
    events = player.start(0)
    events = player.tick(10)
    assert RepStarted(1, 20, Side.BOTH) in events
    assert player.tick(12.9) == []
    assert player.tick(13) == [RepStarted(2, 20, Side.BOTH)]
    view = player.view(14.5)
    assert (view.position.rep, view.position.reps) == (2, 20)
    assert view.position.phase_fraction == pytest.approx(0.5)


def test_done_ends_a_rep_set_early_and_keeps_the_count() -> None:
    player = Player(f.plan(f.reps(20, 3)))
    player.start(0)
    player.tick(10)
    player.tick(10 + 3 * 11 + 1)  # rep 12 under way
    result = player.done(10 + 3 * 11 + 1)[0]
    assert isinstance(result, SetFinished)
    assert result.done_reps == 12 and not result.skipped
    assert player.current.is_switch


def test_alternating_reps_swap_sides_each_movement() -> None:
    """Alternating sets count every drop, left and right, towards the set's reps."""
    player = Player(f.plan(f.reps(20, 2, Sides.ALTERNATING)))
    assert player.total_seconds() == 10 + 20 * 2
    player.start(0)
    events = player.tick(10) + player.tick(12) + player.tick(14)
    reps = [e for e in events if isinstance(e, RepStarted)]
    assert reps == [
        RepStarted(1, 20, Side.LEFT),
        RepStarted(2, 20, Side.RIGHT),
        RepStarted(3, 20, Side.LEFT),
    ]


def test_hold_per_rep_lifts_holds_and_lowers() -> None:
    player = Player(f.plan(f.hold_per_rep(20, 4, 1.5)))
    assert player.total_seconds() == 2 * (10 + 20 * 7)
    player.start(0)
    events = player.tick(10)
    assert events[-1] == PhaseStarted(Phase.LIFT, 1)
    assert player.tick(11.5) == [PhaseStarted(Phase.HOLD, 1)]
    view = player.view(13.5)
    assert view.position.phase is Phase.HOLD
    assert view.position.phase_remaining == pytest.approx(2.0)
    assert player.tick(15.5) == [PhaseStarted(Phase.LOWER, 1)]
    assert player.tick(17) == [RepStarted(2, 20, Side.LEFT), PhaseStarted(Phase.LIFT, 2)]


def test_cycles_contract_and_relax() -> None:
    player = Player(f.plan(f.cycles(5, 10, 5)))
    player.start(0)
    events = player.tick(10)
    assert events[-1] == PhaseStarted(Phase.CONTRACT, 1)
    assert player.tick(20) == [PhaseStarted(Phase.RELAX, 1)]
    assert player.view(22).position.phase_remaining == pytest.approx(3)
    events, _ = run_to_end_from(player, 22)
    contractions = [e for e in events if e == PhaseStarted(Phase.CONTRACT, 5)]
    assert len(contractions) == 2  # the fifth cycle on the left, then on the right


def test_sets_have_rests_between_them() -> None:
    player = Player(f.plan(f.hold(30, Sides.BOTH, sets=3)))
    assert [(s.kind, s.set_index) for s in player.steps] == [
        (StepKind.GET_READY, 1),
        (StepKind.WORK, 1),
        (StepKind.REST, 2),
        (StepKind.WORK, 2),
        (StepKind.REST, 3),
        (StepKind.WORK, 3),
    ]


def test_right_side_first_when_planned() -> None:
    player = Player(f.plan(f.hold(30), first=Side.RIGHT))
    assert [s.side for s in player.steps if s.kind is StepKind.WORK] == [Side.RIGHT, Side.LEFT]


def test_skip_exercise_records_every_remaining_set_as_skipped() -> None:
    player = Player(f.plan(f.hold(30, sets=2), f.hold(30, Sides.BOTH)))
    player.start(0)
    player.tick(15)
    events = player.skip_exercise(15)
    skipped = [e for e in events if isinstance(e, SetFinished)]
    assert [(e.step.side, e.step.set_index) for e in skipped] == [
        (Side.LEFT, 1),
        (Side.LEFT, 2),
        (Side.RIGHT, 1),
        (Side.RIGHT, 2),
    ]
    assert all(e.skipped for e in skipped)
    assert player.current.item_index == 1


def test_pain_stops_the_exercise_and_is_recorded() -> None:
    player = Player(f.plan(f.hold(30), f.hold(30)))
    player.start(0)
    player.tick(15)
    events = player.stop_for_pain(15)
    assert events[0].pain and events[0].skipped
    assert player.current.item_index == 1


def test_resume_starts_at_the_first_unfinished_set() -> None:
    plan = f.plan(f.hold(30), f.hold(30))
    first = plan.items[0].exercise.slug
    player = Player(plan, done_keys=frozenset({(first, Side.LEFT, 1)}))
    assert player.current.is_switch and player.current.item_index == 0
    all_done = frozenset(
        (s.item.exercise.slug, s.side, s.set_index)
        for s in Player(plan).steps
        if s.kind is StepKind.WORK
    )
    assert Player(plan, done_keys=all_done).finished


def test_session_progress_adds_up() -> None:
    player = Player(f.plan(f.hold(60), f.reps(20, 3)))
    player.start(0)
    player.tick(50)
    view = player.view(50)
    assert view.session_elapsed == pytest.approx(50)
    assert view.session_elapsed + view.session_remaining == pytest.approx(player.total_seconds())


def test_the_full_default_routine_plays_start_to_finish_in_its_planned_time() -> None:
    from app.core.content.exercises import load_content
    from app.core.routine import default_plan

    player = Player(default_plan(load_content()))
    total = player.total_seconds()
    events, end = run_to_end(player, start=100.0, step=0.25)
    finished_sets = [e for e in events if isinstance(e, SetFinished)]
    assert len(finished_sets) == sum(1 for s in player.steps if s.kind is StepKind.WORK)
    assert finished_sets[-1].ended == 100.0 + total  # exactly: steps chain on deadlines
    assert end - 0.25 < 100.0 + total <= end
    assert {e.step.item.exercise.stage for e in finished_sets} == {1, 2, 3, 4, 5, 6}
    assert all(not e.skipped for e in finished_sets)


def test_extra_time_after_halfway_does_not_say_halfway_again() -> None:
    player = Player(f.plan(f.hold(60, Sides.BOTH)))
    player.start(0)
    player.tick(10)
    assert Halfway() in player.tick(41)
    player.add_time(41)
    events, _ = run_to_end_from(player, 41)
    assert Halfway() not in events


def test_restarting_a_step_drops_the_time_added_to_it() -> None:
    player = Player(f.plan(f.hold(60)))
    player.start(0)
    player.tick(10)
    player.add_time(12)
    assert player.view(12).session_total == player.total_seconds() + 15
    player.previous(20)  # restart the hold
    assert player.view(20).session_total == player.total_seconds()


def test_pain_while_getting_ready_marks_the_first_skipped_set() -> None:
    player = Player(f.plan(f.hold(30), f.hold(30)))
    player.start(0)
    events = player.stop_for_pain(4)  # still in the get-ready of the first exercise
    sets = [e for e in events if isinstance(e, SetFinished)]
    assert [(e.step.side, e.pain, e.skipped) for e in sets] == [
        (Side.LEFT, True, True),
        (Side.RIGHT, False, True),
    ]


def test_skipping_the_last_exercise_while_paused_ends_the_session() -> None:
    player = Player(f.plan(f.hold(30, Sides.BOTH)))
    player.start(0)
    player.pause(5)
    events = player.skip_exercise(6)
    assert isinstance(events[-1], SessionFinished)
    assert player.finished and not player.paused
