"""The content loader: the shipped exercises file, and the errors a malformed file gets.

A bad edit to exercises.toml must fail at start-up with a message that points at the file,
the entry and the field, never half-way through a session.
"""

from __future__ import annotations

import ast
import copy
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import app.core.content.exercises as content_module
from app.core.content.exercises import (
    Content,
    ContentError,
    DoseKind,
    Sides,
    content_from_data,
    load_content,
    parse_content,
)

DOSE_VALUE_NAMES = ("sets", "seconds", "reps", "cadence", "move_seconds", "relax_seconds")

# slug -> (stage, kind, sides, the dose values that kind uses). File order matters.
EXPECTED: dict[str, tuple[int, str, str, dict[str, float]]] = {
    "release-deep-glutes": (1, "hold", "each", {"sets": 1, "seconds": 60}),
    "release-piriformis": (1, "hold", "each", {"sets": 1, "seconds": 60}),
    "release-obturator-internus": (1, "hold", "each", {"sets": 1, "seconds": 60}),
    "release-gluteus-maximus": (1, "hold", "each", {"sets": 1, "seconds": 60}),
    "release-glute-med-min": (1, "hold", "each", {"sets": 1, "seconds": 60}),
    "figure-4-seated": (2, "hold", "each", {"sets": 1, "seconds": 60}),
    "figure-4-supine": (2, "hold", "each", {"sets": 1, "seconds": 60}),
    "posterior-capsule-stretch": (2, "hold", "each", {"sets": 1, "seconds": 60}),
    "ir-stretch-supine": (2, "hold", "each", {"sets": 1, "seconds": 60}),
    "ir-stretch-wall": (2, "hold", "each", {"sets": 1, "seconds": 60}),
    "band-distraction-neutral": (3, "hold", "each", {"sets": 1, "seconds": 60}),
    "band-distraction-flexed": (3, "hold", "each", {"sets": 1, "seconds": 60}),
    "band-distraction-lateral": (3, "hold", "each", {"sets": 1, "seconds": 60}),
    "hip-click": (3, "reps", "both", {"sets": 1, "reps": 5, "cadence": 4}),
    "femoral-head-centration": (
        3,
        "cycles",
        "each",
        {"sets": 1, "seconds": 10, "relax_seconds": 5, "reps": 5},
    ),
    "swivel-chair": (4, "reps", "each", {"sets": 1, "reps": 20, "cadence": 3}),
    "straight-leg-rolls": (4, "reps", "each", {"sets": 1, "reps": 20, "cadence": 3}),
    # alternating: every drop counts, so 40 is 20 a side
    "sitting-knee-drop": (4, "reps", "alternating", {"sets": 1, "reps": 40, "cadence": 3}),
    "seated-hip-ir": (
        5,
        "hold_per_rep",
        "each",
        {"sets": 1, "seconds": 3, "reps": 20, "move_seconds": 1.5},
    ),
    "side-lying-lift": (
        5,
        "hold_per_rep",
        "each",
        {"sets": 1, "seconds": 3, "reps": 20, "move_seconds": 1.5},
    ),
    "hip-shift-wall": (5, "hold", "each", {"sets": 1, "seconds": 30}),
    "foot-lift-9090": (5, "reps", "each", {"sets": 1, "reps": 10, "cadence": 4}),
    "step-across": (6, "reps", "each", {"sets": 1, "reps": 20, "cadence": 3}),
    "staggered-stance-hinge": (6, "reps", "each", {"sets": 1, "reps": 20, "cadence": 3}),
    "arm-bar": (6, "reps", "each", {"sets": 1, "reps": 5, "cadence": 8}),
    "front-foot-elevated-split-squat": (6, "reps", "each", {"sets": 1, "reps": 8, "cadence": 4}),
    "cable-crossover-step-up": (6, "reps", "each", {"sets": 1, "reps": 8, "cadence": 4}),
    "contract-relax-ir": (
        6,
        "cycles",
        "each",
        {"sets": 1, "seconds": 5, "relax_seconds": 5, "reps": 5},
    ),
}
OPTIONAL = {
    "arm-bar",
    "front-foot-elevated-split-squat",
    "cable-crossover-step-up",
    "contract-relax-ir",
}
STAGE_NAMES = {
    1: "Releases",
    2: "Stretches",
    3: "Joint mobilization",
    4: "Gentle internal-rotation movements",
    5: "Strengthening",
    6: "Encouraging internal rotation",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


# --- The shipped file ----------------------------------------------------------------------


def test_stages_are_the_six_from_the_source(content: Content) -> None:
    assert {stage.number: stage.name for stage in content.stages} == STAGE_NAMES
    assert [stage.number for stage in content.stages] == [1, 2, 3, 4, 5, 6]
    assert all(stage.purpose for stage in content.stages)


def test_exercises_are_all_present_in_file_order(content: Content) -> None:
    assert [exercise.slug for exercise in content.exercises] == list(EXPECTED)


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_dose_matches_the_table(content: Content, slug: str) -> None:
    stage, kind, sides, values = EXPECTED[slug]
    exercise = content.exercise(slug)
    dose = exercise.dose
    assert exercise.stage == stage
    assert (dose.kind, dose.sides) == (DoseKind(kind), Sides(sides))
    actual = {name: getattr(dose, name) for name in DOSE_VALUE_NAMES}
    assert actual == {name: values.get(name) for name in DOSE_VALUE_NAMES}
    assert exercise.optional is (slug in OPTIONAL)


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_every_dose_value_has_a_range_that_contains_it(content: Content, slug: str) -> None:
    dose = content.exercise(slug).dose
    used = {name for name in DOSE_VALUE_NAMES if getattr(dose, name) is not None}
    assert set(dose.ranges) == used
    for name in used:
        value_range = dose.ranges[name]
        assert value_range.step > 0
        assert value_range.contains(getattr(dose, name)), (slug, name)


def test_default_routine_runs_stages_1_to_6_without_optional_extras(content: Content) -> None:
    routine = content.default_routine()
    stages = [exercise.stage for exercise in routine]
    assert stages == sorted(stages)
    assert set(stages) == {1, 2, 3, 4, 5, 6}
    assert [e.slug for e in routine] == [slug for slug in EXPECTED if slug not in OPTIONAL]


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_texts_are_filled_in_and_cues_readable_from_across_a_room(
    content: Content, slug: str
) -> None:
    exercise = content.exercise(slug)
    assert exercise.name and exercise.setup and exercise.targets
    assert 2 <= len(exercise.cues) <= 4
    assert all(len(cue) <= 35 for cue in exercise.cues), exercise.cues
    assert exercise.source.endswith(".txt")
    assert any("pinch" in caution for caution in exercise.cautions)


def test_load_content_reads_a_given_directory(tmp_path: Path) -> None:
    (tmp_path / "exercises.toml").write_text(VALID, encoding="utf-8")
    loaded = load_content(tmp_path)
    assert [e.slug for e in loaded.exercises] == ["test-hold", "test-reps"]


def test_load_content_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_content(tmp_path)
    assert info.value.field_name == "(read)"
    assert str(tmp_path) in info.value.file


def test_core_content_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(content_module.__file__).read_text(encoding="utf-8"))
    roots = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert roots <= set(sys.stdlib_module_names) | {"__future__"}, roots


# --- Malformed files -----------------------------------------------------------------------

VALID = """
[[stage]]
number = 1
slug = "releases"
name = "Releases"
purpose = "Loosen things."

[[stage]]
number = 2
slug = "stretches"
name = "Stretches"
purpose = "Lengthen things."

[[exercise]]
slug = "test-hold"
name = "Test hold"
stage = 2
equipment = []
setup = ["Lie down."]
cues = ["Relax", "Breathe"]
targets = ["hip"]

[exercise.dose]
kind = "hold"
sides = "each"
sets = 1
seconds = 60

[exercise.dose.ranges]
sets = { low = 1, high = 3, step = 1 }
seconds = { low = 30, high = 90, step = 15 }

[[exercise]]
slug = "test-reps"
name = "Test reps"
stage = 1
equipment = ["chair"]
setup = ["Sit."]
cues = ["Go"]
targets = ["hip"]

[exercise.dose]
kind = "reps"
sides = "both"
sets = 1
reps = 20
cadence = 3

[exercise.dose.ranges]
sets = { low = 1, high = 3, step = 1 }
reps = { low = 10, high = 30, step = 5 }
cadence = { low = 2, high = 5, step = 1 }
"""


def test_the_template_is_valid_and_routine_sorts_by_stage_not_file_order() -> None:
    parsed = parse_content(VALID, "test.toml")
    assert [e.slug for e in parsed.exercises] == ["test-hold", "test-reps"]
    assert [e.slug for e in parsed.default_routine()] == ["test-reps", "test-hold"]


def test_stages_come_back_in_number_order_whatever_the_file_order() -> None:
    # Renumber so the file lists stage 2 ("Releases") before stage 1 ("Stretches").
    swapped = VALID.replace("number = 1", "number = @").replace("number = 2", "number = 1")
    swapped = swapped.replace("number = @", "number = 2")
    stages = parse_content(swapped, "test.toml").stages
    assert [(stage.number, stage.name) for stage in stages] == [(1, "Stretches"), (2, "Releases")]


# (id, text to find in VALID, replacement, expected entry, expected field, words in message)
MALFORMED = [
    ("missing field", 'name = "Test hold"\n', "", "test-hold", "name", "missing"),
    ("wrong type", "stage = 2\n", 'stage = "two"\n', "test-hold", "stage", "whole number"),
    ("unknown field", "cues = [", "cue = [", "test-hold", "cue", "did you mean 'cues'"),
    ("empty list", 'cues = ["Relax", "Breathe"]', "cues = []", "test-hold", "cues", "at least"),
    ("bad kind", 'kind = "hold"', 'kind = "hover"', "test-hold", "dose.kind", "'hover'"),
    ("bad sides", 'sides = "each"', 'sides = "left"', "test-hold", "dose.sides", "'left'"),
    ("over range", "seconds = 60\n", "seconds = 200\n", "test-hold", "dose.seconds", "range"),
    ("zero value", "seconds = 60\n", "seconds = 0\n", "test-hold", "dose.seconds", "than 0"),
    ("fractional reps", "reps = 20\n", "reps = 20.5\n", "test-reps", "dose.reps", "whole"),
    ("value for another kind", "seconds = 60\n", "seconds = 60\ncadence = 3\n", "test-hold",
     "dose.cadence", "not used"),
    ("value the kind needs", "cadence = 3\n", "", "test-reps", "dose.cadence", "required"),
    ("duplicate slug", 'slug = "test-reps"', 'slug = "test-hold"', "test-hold", "slug",
     "duplicate"),
    ("bad slug", 'slug = "test-hold"', 'slug = "Test_Hold"', "Test_Hold", "slug", "not a slug"),
    ("stage not defined", "stage = 2\n", "stage = 5\n", "test-hold", "stage", "no [[stage]]"),
    ("stage number out of 1..6", "number = 2\n", "number = 7\n", "stage 7", "number", "between"),
    ("missing range", "seconds = { low = 30, high = 90, step = 15 }\n", "", "test-hold",
     "dose.ranges.seconds", "missing"),
    ("range upside down", "seconds = { low = 30, high = 90", "seconds = { low = 90, high = 30",
     "test-hold", "dose.ranges.seconds", "above"),
    ("range step zero", "high = 90, step = 15", "high = 90, step = 0", "test-hold",
     "dose.ranges.seconds.step", "than 0"),
    ("unknown range", "seconds = { low = 30", "speed = { low = 1, high = 2, step = 1 }\n"
     "seconds = { low = 30", "test-hold", "dose.ranges.speed", "unknown"),
    ("optional not bool", 'name = "Test hold"\n', 'name = "Test hold"\noptional = "yes"\n',
     "test-hold", "optional", "true or false"),
    ("unknown top-level", "\n[[stage]]", "version = 2\n\n[[stage]]", "(file)", "version",
     "unknown"),
    ("bad TOML syntax", 'name = "Test hold"', 'name = "Test hold', "(file)", "(syntax)",
     "line 16"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("find", "replace", "entry", "field_name", "words"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_file_names_file_entry_and_field(
    find: str, replace: str, entry: str, field_name: str, words: str
) -> None:
    assert find in VALID, "the case must change the template"
    text = VALID.replace(find, replace, 1)
    with pytest.raises(ContentError) as info:
        parse_content(text, "test.toml")
    error = info.value
    assert (error.file, error.entry, error.field_name) == ("test.toml", entry, field_name)
    message = str(error)
    assert "test.toml" in message and f"'{entry}'" in message and f"'{field_name}'" in message
    assert words in message


def test_missing_exercise_tables_are_reported() -> None:
    text = VALID[: VALID.index("[[exercise]]")]
    with pytest.raises(ContentError) as info:
        parse_content(text, "test.toml")
    assert (info.value.entry, info.value.field_name) == ("(file)", "exercise")


# --- Property: deleting any required field is always caught and named ------------------------

REAL_DATA: dict[str, Any] = tomllib.loads(
    resources.files("app.content").joinpath("exercises.toml").read_text(encoding="utf-8")
)
STAGE_REQUIRED = ["number", "slug", "name", "purpose"]
EXERCISE_REQUIRED = [
    *["slug", "name", "stage", "equipment", "setup", "cues", "targets", "dose"],
    *["dose.kind", "dose.sides", "dose.ranges"],
]
KIND_VALUES = {
    "hold": ["sets", "seconds"],
    "reps": ["sets", "reps", "cadence"],
    "hold_per_rep": ["sets", "seconds", "reps", "move_seconds"],
    "cycles": ["sets", "seconds", "reps", "relax_seconds"],
}


def _required_paths(table_key: str, entry: dict[str, Any]) -> list[str]:
    if table_key == "stage":
        return STAGE_REQUIRED
    paths = list(EXERCISE_REQUIRED)
    for value in KIND_VALUES[entry["dose"]["kind"]]:
        range_path = f"dose.ranges.{value}"
        paths += [f"dose.{value}", range_path]
        paths += [f"{range_path}.{bound}" for bound in ("low", "high", "step")]
    return paths


@st.composite
def _deletions(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    """A copy of the real data with one required field removed, the field, and the entry."""
    data = copy.deepcopy(REAL_DATA)
    table_key = draw(st.sampled_from(["stage", "exercise"]))
    index = draw(st.integers(0, len(data[table_key]) - 1))
    entry = data[table_key][index]
    path = draw(st.sampled_from(_required_paths(table_key, entry)))
    if table_key == "stage":
        name = f"stage #{index + 1}" if path == "number" else f"stage {entry['number']}"
    else:
        name = f"exercise #{index + 1}" if path == "slug" else entry["slug"]
    *parents, leaf = path.split(".")
    table = entry
    for key in parents:
        table = table[key]
    del table[leaf]
    return data, path, name


def test_the_real_data_used_below_is_valid() -> None:
    assert content_from_data(REAL_DATA, "exercises.toml") == load_content()


@given(_deletions())
def test_deleting_any_required_field_names_that_field(case: tuple[dict, str, str]) -> None:
    data, path, entry = case
    with pytest.raises(ContentError) as info:
        content_from_data(data, "exercises.toml")
    assert (info.value.entry, info.value.field_name) == (entry, path)


def test_every_referenced_illustration_exists() -> None:
    from importlib import resources

    folder = resources.files("app.content") / "illustrations"
    for exercise in load_content().exercises:
        if exercise.illustration is not None:
            assert (folder / exercise.illustration).is_file(), exercise.slug
