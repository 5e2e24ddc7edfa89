"""The player page's text: what someone across the room reads."""

from __future__ import annotations

from app.core.content.exercises import Sides
from app.core.formatting import describe_dose, format_clock, format_minutes
from app.core.session.display import Beat, Look, describe, words_worth_showing
from app.core.session.player import Player
from tests.core import factories as f

STAGES = {1: "Releases", 2: "Stretches", 3: "Joint mobilization"}


def test_get_ready_then_hold_texts() -> None:
    player = Player(f.plan(f.hold(60), f.hold(30)))
    player.start(0)
    shown = describe(player.view(0.2), STAGES)
    assert (shown.banner, shown.countdown, shown.side) == ("GET READY", "0:10", "LEFT")
    assert shown.stage == "Stage 1 of 6 · Releases"
    assert shown.next_up == "Up next: Exercise 1"
    player.tick(10)
    shown = describe(player.view(10.5), STAGES)
    assert (shown.banner, shown.countdown, shown.counter) == ("HOLD", "1:00", "")
    assert shown.cues == ("Breathe.",)


def test_switch_and_pause_banners() -> None:
    player = Player(f.plan(f.hold(20)))
    player.start(0)
    player.tick(30)
    assert describe(player.view(30), STAGES).banner == "SWITCH SIDES"
    assert describe(player.view(30), STAGES).side == "RIGHT"
    player.pause(31)
    assert describe(player.view(31), STAGES).banner == "PAUSED"


def test_rep_work_shows_the_counter_and_phase_countdown() -> None:
    player = Player(f.plan(f.hold_per_rep(20, 4, 1.5)))
    player.start(0)
    player.tick(10 + 7 * 2 + 2)  # rep 3, 0.5 s into its 4 s hold
    shown = describe(player.view(26), STAGES)
    assert shown.rep_work and shown.counter == "3 / 20"
    assert (shown.phase, shown.countdown) == ("Hold", "0:04")


def test_alternating_sets_say_so_before_they_start() -> None:
    player = Player(f.plan(f.reps(20, 3, Sides.ALTERNATING)))
    player.start(0)
    assert describe(player.view(0), STAGES).side == "ALTERNATE SIDES"


def test_finished_session() -> None:
    player = Player(f.plan(f.hold(5, Sides.BOTH)))
    player.start(0)
    player.tick(100)
    shown = describe(player.view(100), STAGES)
    assert (shown.banner, shown.progress) == ("DONE", 1.0)


def test_clock_rounds_up_and_minutes_read_naturally() -> None:
    assert [format_clock(s) for s in (90, 59.01, 0.4, 0, -1)] == [
        "1:30",
        "1:00",
        "0:01",
        "0:00",
        "0:00",
    ]
    assert [format_minutes(s) for s in (0, 20, 600, 4200)] == [
        "0 min",
        "<1 min",
        "10 min",
        "1 h 10 min",
    ]


def test_doses_read_as_a_person_says_them() -> None:
    assert describe_dose(f.hold(60)) == "60 s hold, each side"
    assert describe_dose(f.reps(20, 3, Sides.ALTERNATING)) == (
        "10 reps a side (20 in all), one every 3 s, alternating"
    )
    assert describe_dose(f.cycles(5, 10, 5)) == "5 × push 10 s, relax 5 s, each side"


def test_each_state_has_its_own_look() -> None:
    """The UI colours and shapes the player by look, so HOLD, REST and PAUSED never match."""
    player = Player(f.plan(f.hold(20), f.reps(2, 3)))
    player.start(0)
    assert describe(player.view(0), STAGES).look is Look.GET_READY
    player.tick(10)
    assert describe(player.view(10), STAGES).look is Look.HOLD
    player.pause(11)
    assert describe(player.view(11), STAGES).look is Look.PAUSED
    player.resume(12)
    player.tick(31)
    assert describe(player.view(31), STAGES).look is Look.SWITCH
    player.tick(61)
    shown = describe(player.view(61), STAGES)
    assert (shown.banner, shown.look) == ("REST", Look.REST)
    player.tick(76)
    player.tick(86)
    assert describe(player.view(86), STAGES).look is Look.REPS
    player.tick(1000)
    assert describe(player.view(1000), STAGES).look is Look.DONE


def test_sub_phases_are_named_as_beats_for_the_big_word() -> None:
    player = Player(f.plan(f.cycles(5, 10, 5), f.hold_per_rep(3, 4, 1.5)))
    player.start(0)
    assert describe(player.view(1), STAGES).beat is None  # get ready: a hint, not a beat
    player.tick(10)
    shown = describe(player.view(11), STAGES)
    assert (shown.phase, shown.beat, shown.look) == ("Push", Beat.PUSH, Look.REPS)
    player.tick(21)
    assert describe(player.view(21), STAGES).beat is Beat.RELAX
    player.pause(22)
    assert describe(player.view(22), STAGES).beat is Beat.RELAX  # paused mid-beat: still said


def test_a_bare_beat_word_is_not_shown_twice() -> None:
    """With no voice, "Lift." would flash as words every second beside the big "Lift"."""
    assert words_worth_showing("Lift.") == ""
    assert words_worth_showing("Push. ") == ""
    assert words_worth_showing("Rest. Next up: Pigeon.") == "Rest. Next up: Pigeon."
    assert words_worth_showing("Halfway.") == "Halfway."
