"""Learn before you do (issue 14): the equipment checklist and what missing equipment does to
the plan, the Learn sheet, the get-ready's caution, saying a caution once, and My routine's
way back from every saved change."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date

import pytest

from app.core.checks.loader import load_checks
from app.core.content.exercises import Content, load_content
from app.core.library.learn import (
    DemoLoop,
    caution_to_say,
    first_caution,
    learn_sheet,
    library,
    numbered,
    read_told,
    with_told,
)
from app.core.library.my_routine import WayBack, brought_back, routine_rows, way_back
from app.core.plan.equipment import (
    checklist,
    equipment_choices,
    read_missing,
    required,
    to_stored,
    with_equipment,
)
from app.core.plan.today import plan_today
from app.core.plan.types import ExerciseChoice, Logbook
from app.core.plan.words import as_sentence, join_words, the
from app.core.preferences import Preferences
from app.core.routine import PlanItem, SessionPlan
from app.core.session.display import describe
from app.core.session.player import Player, StepKind

CONTENT = load_content()
BAND = "thick resistance band"
STEP = "low step or box"  # the split squat's and the step-up's
DAY = date(2026, 12, 7)


def planned(
    missing=(), saved=None, content: Content = CONTENT
) -> tuple[list[str], tuple[str, ...]]:
    plan = plan_today(
        Logbook(),
        Preferences(),
        saved or {},
        {},
        None,
        DAY,
        content,
        load_checks(),
        UTC,
        missing_equipment=missing,
    )
    return [item.exercise.slug for item in plan.session.items], plan.reasons


# --- the checklist -------------------------------------------------------------------------


def test_the_checklist_comes_from_the_content_and_leaves_out_optional_items() -> None:
    names = [item.name for item in checklist(CONTENT)]
    assert names[:2] == ["massage ball", "chair"]  # in the order the routine needs them
    assert BAND in names and "mat" in names and "wall" in names
    assert not any("(optional)" in name for name in names)
    every = {item for exercise in CONTENT.exercises for item in required(exercise)}
    assert set(names) == every and len(names) == len(set(names))
    ball = next(item for item in checklist(CONTENT) if item.name == "massage ball")
    assert len(ball.used_by) == 5


@pytest.mark.parametrize(
    ("stored", "missing"),
    [
        (None, None),  # never asked
        ({"missing": [BAND, 3]}, frozenset({BAND})),
        ({"missing": "band"}, frozenset()),  # unreadable: nothing hidden
        ("junk", None),
    ],
)
def test_a_stored_answer_is_read_safely(stored, missing) -> None:
    assert read_missing(stored) == missing


def test_stored_answer_round_trips() -> None:
    assert read_missing(to_stored([BAND, "mat", BAND])) == {BAND, "mat"}


# --- what missing equipment does -----------------------------------------------------------


def test_no_band_leaves_the_band_exercises_out_and_says_why() -> None:
    band = [e.slug for e in CONTENT.default_routine() if BAND in e.equipment]
    assert len(band) == 3
    slugs, _ = planned()
    assert set(band) <= set(slugs)
    slugs, reasons = planned([BAND])
    assert not set(band) & set(slugs)
    assert "hip-click" in slugs  # the rest of the stage stays
    line = next(r for r in reasons if r.startswith("Left out because"))
    names = [the(CONTENT.exercise(slug)) for slug in band]
    assert line == f"Left out because you said you have no {BAND}: {join_words(names)}."
    assert "as you chose" not in line


def test_a_spare_exercise_of_the_stage_takes_the_place_when_there_is_one() -> None:
    """A stage-6 extra that needs no step replaces the routine's one that does."""
    step_across = CONTENT.exercise("step-across")
    needs_step = replace(step_across, equipment=(STEP,))
    exercises = tuple(needs_step if e.slug == "step-across" else e for e in CONTENT.exercises)
    content = replace(CONTENT, exercises=exercises)
    choices = equipment_choices(content, [STEP])
    swap = choices["step-across"]
    assert swap.swap_for == "arm-bar" and swap.because == f"you said you have no {STEP}"
    slugs, reasons = planned([STEP], content=content)
    assert "arm-bar" in slugs and "step-across" not in slugs
    arm_bar = as_sentence(the(content.exercise("arm-bar")))
    swapped = f"{arm_bar} instead of {the(needs_step)}: you said you have no {STEP}."
    assert swapped in reasons


def test_the_persons_own_drop_stands_but_a_dose_cannot_bring_missing_gear_back() -> None:
    equipment = equipment_choices(CONTENT, [BAND])
    own = {
        "band-distraction-neutral": ExerciseChoice(dose={"seconds": 45}),
        "band-distraction-flexed": ExerciseChoice(dropped=True),
        "hip-click": ExerciseChoice(dose={"reps": 10}),
    }
    merged = with_equipment(equipment, own)
    assert merged["band-distraction-neutral"].because  # still left out for the band
    assert merged["band-distraction-flexed"] == ExerciseChoice(dropped=True)
    assert merged["hip-click"] == own["hip-click"]


def test_nothing_missing_changes_nothing() -> None:
    assert equipment_choices(CONTENT, []) == {}
    assert planned([]) == planned()


# --- the Learn sheet, the Library and the get-ready -----------------------------------------


def test_the_learn_sheet_has_everything_with_numbered_steps() -> None:
    exercise = CONTENT.exercise("release-deep-glutes")
    sheet = learn_sheet(exercise, CONTENT)
    assert sheet.setup[0] == f"1. {exercise.setup[0]}"
    assert len(sheet.setup) == len(exercise.setup)
    assert sheet.cautions == exercise.cautions and sheet.cues == exercise.cues
    assert sheet.easier == exercise.regressions and sheet.harder == exercise.progressions
    assert sheet.stage == "Stage 1 of 6 · Releases"
    assert sheet.equipment == ("massage ball",)
    assert sheet.dose == "60 s hold, each side"
    assert learn_sheet(CONTENT.exercise("step-across"), CONTENT).equipment[0].startswith("Nothing")


def test_the_library_lists_all_28_under_their_stages() -> None:
    entries = library(CONTENT)
    exercises = [e for e in entries if e.slug is not None]
    assert len(exercises) == len(CONTENT.exercises) == 28
    assert next(e.text for e in entries if e.slug is None) == "Stage 1 · Releases"
    extra = next(e for e in exercises if e.slug == "arm-bar")
    assert "not in the routine" in extra.text


def test_get_ready_shows_the_first_caution_and_numbered_setup_then_work_does_not() -> None:
    exercise = CONTENT.exercise("release-deep-glutes")
    player = Player(SessionPlan((PlanItem(exercise, exercise.dose),)))
    player.start(0)
    shown = describe(player.view(1), {1: "Releases"})
    assert shown.caution == first_caution(exercise) == exercise.cautions[0]
    assert shown.cues == numbered(exercise.setup)
    player.tick(11)
    shown = describe(player.view(11), {1: "Releases"})
    assert (shown.caution, shown.cues) == ("", exercise.cues)


def test_every_exercise_has_a_caution_for_its_get_ready() -> None:
    assert all(first_caution(e) for e in CONTENT.exercises)


def test_a_caution_is_said_the_first_time_only() -> None:
    exercise = CONTENT.exercise("hip-click")
    assert caution_to_say(exercise, read_told(None)) == f"Take care: {exercise.cautions[0]}"
    told = with_told(["swivel-chair"], exercise.slug)
    assert told == ["hip-click", "swivel-chair"]
    assert caution_to_say(exercise, read_told(told)) is None
    assert read_told({"hip-click": 1}) == frozenset()  # unreadable: said again


def test_the_demo_loop_moves_like_the_session_and_starts_over() -> None:
    demo = DemoLoop(CONTENT.exercise("seated-hip-ir"))
    assert demo.view(0.5).step.kind is StepKind.GET_READY
    assert demo.view(3.5).step.kind is StepKind.WORK
    assert demo.view(demo.loop_seconds + 0.5).step.kind is StepKind.GET_READY


# --- My routine ---------------------------------------------------------------------------


def rows(saved, missing=()) -> dict[str, object]:
    return {row.slug: row for row in routine_rows(CONTENT, saved, missing) if row.slug}


def test_my_routine_shows_every_state_with_its_way_back() -> None:
    saved = {
        "hip-click": ExerciseChoice(dropped=True),
        "figure-4-seated": ExerciseChoice(swap_for="figure-4-supine"),
        "swivel-chair": ExerciseChoice(dose={"reps": 16}),
    }
    shown = rows(saved, [BAND])
    assert len(shown) == 28
    assert (shown["hip-click"].state, shown["hip-click"].button) == (
        "Left out, for every session",
        "Bring back",
    )
    lying = the(CONTENT.exercise("figure-4-supine"))
    assert shown["figure-4-seated"].state == f"Swapped for {lying}"
    assert shown["figure-4-seated"].way_back is WayBack.UNDO_SWAP
    assert shown["swivel-chair"].state == "Your own dose: 16 reps, one every 3 s, each side"
    assert shown["swivel-chair"].button == "Reset the dose"
    band = shown["band-distraction-neutral"]
    assert (band.state, band.way_back) == (
        f"Left out: you said you have no {BAND}",
        WayBack.EQUIPMENT,
    )
    assert shown["release-piriformis"].state == "In your routine"
    assert shown["release-piriformis"].way_back is None
    assert shown["arm-bar"].state.startswith("An extra")


def test_each_way_back_undoes_its_change() -> None:
    assert way_back(ExerciseChoice(dropped=True), WayBack.BRING_BACK) is None
    assert way_back(ExerciseChoice(swap_for="x"), WayBack.UNDO_SWAP) is None
    assert way_back(ExerciseChoice(dose={"reps": 16}), WayBack.RESET_DOSE) is None
    kept = way_back(ExerciseChoice(swap_for="x", dose={"reps": 16}), WayBack.RESET_DOSE)
    assert kept == ExerciseChoice(swap_for="x")


def test_a_left_out_exercise_comes_back_into_the_plan() -> None:
    saved = {
        "hip-click": ExerciseChoice(dropped=True),
        "swivel-chair": ExerciseChoice(dose={"reps": 16}),
    }
    assert "hip-click" not in planned(saved=saved)[0]
    back = dict(saved)
    del back["hip-click"]
    assert brought_back(saved, "hip-click") is None
    assert brought_back(saved, "swivel-chair") == saved["swivel-chair"]  # a dose alone stays
    assert "hip-click" in planned(saved=back)[0]


def test_one_step_item_serves_both_step_exercises_and_old_answers_still_hold() -> None:
    """The split squat and the step-up need the same low step: one line in the checklist,
    and a person who said earlier they have no "low box or step" (or no "low step or weight
    plate") keeps that answer under the one name."""
    names = [item.name for item in checklist(CONTENT)]
    step = next(item for item in checklist(CONTENT) if item.name == STEP)
    assert len(step.used_by) == 2 and not any("weight plate" in name for name in names)
    assert "low box or step" not in names
    for old in ("low box or step", "low step or weight plate"):
        assert read_missing({"missing": [old, BAND]}) == {STEP, BAND}
