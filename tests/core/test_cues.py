"""What a person hears: cues chosen per event and delivered within their settings."""

from __future__ import annotations

from app.core.content import Sides
from app.core.cues import Cue, Sound, cues_for, deliver, pinch_words
from app.core.player import Phase, PhaseStarted, Player, RepStarted
from app.core.records import Side
from tests.conftest import RecordingSink
from tests.core import factories as f


def session_cues(*doses) -> list[Cue]:
    player = Player(f.plan(*doses))
    events = player.start(0)
    now = 0.0
    while not player.finished:
        now += 0.5
        events += player.tick(now)
    return [cue for event in events for cue in cues_for(event)]


def test_a_hold_gets_name_beeps_switch_and_done() -> None:
    cues = session_cues(f.hold(30))
    words = [c.words for c in cues if c.words]
    sounds = [c.sound for c in cues if c.sound]
    assert words[0] == "Get ready: Exercise 0, left side."
    assert "Switch sides. Right side." in words
    assert words.count("Halfway.") == 2
    assert words[-1] == "Session complete. Well done."
    # 3-2-1 before each get-ready and each hold ends: 4 steps x 3 beeps
    assert sounds.count(Sound.COUNT) == 12
    assert sounds.count(Sound.SWITCH) == 1
    assert sounds.count(Sound.START) == 2


def test_rest_names_what_comes_next() -> None:
    cues = session_cues(f.hold(10, Sides.BOTH), f.hold(10, Sides.BOTH))
    assert Cue(words="Rest. Next up: Exercise 1.") in cues


def test_reps_are_counted_aloud_and_hold_per_rep_says_lift_hold_lower() -> None:
    words = [c.words for c in session_cues(f.hold_per_rep(2, 3, 1)) if c.words]
    assert words[1:6] == ["1", "Lift", "Hold", "Lower", "2"]


def test_voice_off_turns_counts_into_ticks_and_drops_words() -> None:
    sink = RecordingSink()
    deliver([Cue(Sound.TICK, "7"), Cue(Sound.START, "Go.")], sink, sound_on=True, voice_on=False)
    assert sink.played == [Sound.TICK, Sound.START]
    assert sink.said == []


def test_voice_on_speaks_counts_without_a_double_tick() -> None:
    sink = RecordingSink()
    deliver([Cue(Sound.TICK, "7")], sink, sound_on=True, voice_on=True)
    assert sink.played == [] and sink.said == ["7."]


def test_everything_off_is_silent() -> None:
    sink = RecordingSink()
    deliver(session_cues(f.hold(10)), sink, sound_on=False, voice_on=False)
    assert sink.played == [] and sink.said == []


def test_words_of_one_moment_are_said_as_one_phrase() -> None:
    """A speech engine's say() cuts off what it was saying: "3" must not be lost to "Lift"."""
    sink = RecordingSink()
    moment = [*cues_for(RepStarted(3, 20, Side.LEFT)), *cues_for(PhaseStarted(Phase.LIFT, 3))]
    deliver(moment, sink, sound_on=True, voice_on=True)
    assert sink.said == ["3. Lift."]


def test_without_a_working_voice_the_beat_ticks_and_words_still_reach_the_screen() -> None:
    sink = RecordingSink(speech=False)
    deliver([Cue(Sound.TICK, "7")], sink, sound_on=True, voice_on=True)
    deliver([Cue(words="Switch sides.")], sink, sound_on=True, voice_on=True)
    assert sink.played == [Sound.TICK]
    assert sink.said == ["Switch sides."]


def test_a_pinch_is_acknowledged_in_words() -> None:
    assert pinch_words("Pigeon") == "Pinch noted: Pigeon stopped, easier next time."
