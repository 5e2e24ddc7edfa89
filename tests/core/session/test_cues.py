"""What a person hears: cues chosen per event and delivered within their settings."""

from __future__ import annotations

from app.core.content.exercises import Sides
from app.core.records import Side
from app.core.session.cues import Cue, Sound, cues_for, deliver, pinch_words
from app.core.session.player import Countdown, Phase, PhaseStarted, Player, RepStarted
from app.core.session.sound_design import audible_seconds
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
    # 3-2-1 before each get-ready and each hold ends: 4 steps x 3 beeps, the 1 distinct
    assert sounds.count(Sound.COUNT) == 8
    assert sounds.count(Sound.COUNT_LAST) == 4
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


def test_go_is_said_after_the_start_chime_has_ended() -> None:
    """Said together, "Go." was hidden under the start chime."""
    sink = RecordingSink()
    deliver([Cue(Sound.START, "Go.")], sink, sound_on=True, voice_on=True)
    chime_ends = audible_seconds("start")
    assert sink.timeline == [(0.0, Sound.START), (round(chime_ends + 0.15, 3), "Go.")]


def test_two_chimes_of_one_moment_never_overlap_and_words_wait_for_both() -> None:
    """A set ending as the switch starts: "Switch sides" was under two chimes at once."""
    sink = RecordingSink()
    deliver(
        [Cue(Sound.DONE), Cue(Sound.SWITCH, "Switch sides. Right side.")],
        sink,
        sound_on=True,
        voice_on=True,
    )
    (done_at, done), (switch_at, switch), (words_at, words) = sink.timeline
    assert (done, switch, words) == (Sound.DONE, Sound.SWITCH, "Switch sides. Right side.")
    assert done_at == 0.0
    assert switch_at >= audible_seconds("done") + 0.04
    assert words_at >= switch_at + audible_seconds("switch") + 0.14


def test_words_without_a_chime_are_said_at_once() -> None:
    sink = RecordingSink()
    deliver([Cue(words="Halfway.")], sink, sound_on=True, voice_on=True)
    assert sink.timeline == [(0.0, "Halfway.")]


def test_the_last_count_beep_is_distinct_and_each_is_about_200_ms() -> None:
    assert cues_for(Countdown(3)) == cues_for(Countdown(2)) == [Cue(Sound.COUNT)]
    assert cues_for(Countdown(1)) == [Cue(Sound.COUNT_LAST)]
    assert 0.18 <= audible_seconds("count") <= 0.22
    assert 0.18 <= audible_seconds("count-last") <= 0.22
