"""Self-checks: the shipped definitions, the maths, the honest wording and the validators.

A reading is only worth keeping if it is compared fairly: same position, same instrument,
same mode, and a change smaller than the measurement noise is never called progress.
"""

from __future__ import annotations

import ast
import copy
import sys
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import app.core.checks.loader as loader_module
from app.core.checks.loader import checks_from_data, load_checks, parse_checks
from app.core.checks.readings import (
    NOISE_DEGREES,
    Asymmetry,
    Standing,
    asymmetry,
    change_since_last,
    compare_to_reference,
    median,
    record_method,
    record_mode,
    side_value,
    within_noise,
)
from app.core.checks.result import (
    describe_asymmetry,
    describe_result,
    describe_standing,
    why_no_change,
)
from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Reference,
    Trial,
    find_definition,
)
from app.core.checks.validation import (
    MAX_NOTE_CHARS,
    EntryError,
    check_taken_at,
    parse_degrees,
    validate_record,
)
from app.core.content.exercises import ContentError
from app.core.records import Side

NOW = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)
CHECKS = load_checks()
PRONE = find_definition(CHECKS, "prone-ir")
SEATED = find_definition(CHECKS, "seated-ir")


def make_record(
    left: tuple[float, ...] = (),
    right: tuple[float, ...] = (),
    *,
    slug: str = "prone-ir",
    taken_at: datetime = NOW,
    method: Method = Method.INCLINOMETER,
    mode: Mode = Mode.PASSIVE,
    record_id: int | None = None,
    pain: bool = False,
) -> CheckRecord:
    trials = tuple(
        Trial(side, number, degrees, method, mode, MeasuredBy.SELF, pain=pain)
        for side, values in ((Side.LEFT, left), (Side.RIGHT, right))
        for number, degrees in enumerate(values, start=1)
    )
    return CheckRecord(slug, taken_at, trials, id=record_id)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


# --- The shipped checks --------------------------------------------------------------------

# slug -> (reference low, high, published average degrees, optional, who published them)
EXPECTED = {
    "prone-ir": (45, 45, (35.2,), False, ("Kouyoumdjian",)),
    "seated-ir": (30, 45, (37.9,), False, ("Kouyoumdjian",)),
    "supine-90-90-ir": (30, 40, (37.9, 32), True, ("Kouyoumdjian", "Roach and Miles")),
    "straight-leg-raise": (70, 90, (62,), True, ("Gajdosik",)),
}


def test_the_shipped_file_has_the_four_checks_in_order() -> None:
    assert [check.slug for check in CHECKS] == list(EXPECTED)


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_references_and_averages_match_the_sources(slug: str) -> None:
    low, high, averages, optional, authors = EXPECTED[slug]
    check = find_definition(CHECKS, slug)
    assert (check.reference.low, check.reference.high) == (low, high)
    assert tuple(average.degrees for average in check.averages) == averages
    assert all(
        author in average.source for author, average in zip(authors, check.averages, strict=True)
    )
    assert check.optional is optional
    assert check.reference.source and check.source.endswith(".txt")
    assert set(check.modes) == {Mode.PASSIVE, Mode.ACTIVE}


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_setup_steps_are_short_enough_to_read_from_across_a_room(slug: str) -> None:
    check = find_definition(CHECKS, slug)
    assert check.name and check.position and check.measure
    assert 3 <= len(check.setup) <= 7
    assert all(len(step) <= 45 for step in check.setup), check.setup


def test_typed_ranges_fit_the_angle_measured() -> None:
    ranges = {check.slug: (check.low, check.high) for check in CHECKS}
    assert ranges == {
        "prone-ir": (0, 90),
        "seated-ir": (0, 90),
        "supine-90-90-ir": (0, 90),
        "straight-leg-raise": (0, 120),
    }


def test_every_referenced_illustration_exists() -> None:
    folder = resources.files("app.content") / "illustrations"
    for check in CHECKS:
        if check.illustration is not None:
            assert (folder / check.illustration).is_file(), check.slug


def test_check_loader_imports_only_the_standard_library_and_core() -> None:
    tree = ast.parse(Path(loader_module.__file__).read_text(encoding="utf-8"))
    modules = {
        node.module or "" if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    outside = {
        name
        for name in modules
        if not name.startswith("app.core.") and name.split(".")[0] not in sys.stdlib_module_names
    }
    assert outside <= {"__future__"}, outside


# --- Malformed check files -----------------------------------------------------------------

VALID = """
[[check]]
slug = "test-prone"
name = "Test prone"
position = "Face down"
setup = ["Lie down.", "Bend knees."]
measure = "Shin to vertical"
reference = { low = 45, high = 45, source = "test source" }
averages = [{ degrees = 35.2, source = "a study" }]
low = 0
high = 90
modes = ["passive", "active"]

[[check]]
slug = "test-raise"
name = "Test raise"
position = "On your back"
setup = ["Lie down."]
measure = "Leg to floor"
reference = { low = 70, high = 90, source = "our choice" }
low = 0
high = 120
"""


def test_the_template_is_valid_and_fills_defaults() -> None:
    prone, raise_ = parse_checks(VALID, "test.toml")
    assert prone.reference == Reference(45, 45, "test source")
    assert prone.modes == (Mode.PASSIVE, Mode.ACTIVE)
    assert raise_.modes == (Mode.PASSIVE,)
    assert raise_.averages == () and raise_.optional is False and raise_.illustration is None


# (id, text to find in VALID, replacement, expected entry, expected field, words in message)
MALFORMED = [
    ("missing field", 'name = "Test prone"\n', "", "test-prone", "name", "missing"),
    ("unknown field", "measure = ", "measured = ", "test-prone", "measured",
     "did you mean 'measure'"),
    ("empty setup", 'setup = ["Lie down.", "Bend knees."]', "setup = []", "test-prone",
     "setup", "at least"),
    ("low not a number", "low = 0\nhigh = 90", 'low = "zero"\nhigh = 90', "test-prone", "low",
     "number"),
    ("range upside down", "low = 0\nhigh = 90", "low = 90\nhigh = 0", "test-prone", "high",
     "above low"),
    ("range empty", "low = 0\nhigh = 90", "low = 90\nhigh = 90", "test-prone", "high",
     "above low"),
    ("reference above range", "low = 70, high = 90", "low = 70, high = 130", "test-raise",
     "reference.high", "outside"),
    ("reference below range", "low = 45, high = 45", "low = -5, high = 45", "test-prone",
     "reference.low", "outside"),
    ("reference upside down", "low = 70, high = 90", "low = 90, high = 70", "test-raise",
     "reference", "above high"),
    ("reference without source", ', source = "our choice" }', " }", "test-raise",
     "reference.source", "missing"),
    ("reference not a table", "reference = { low = 70, high = 90, source = \"our choice\" }",
     "reference = 80", "test-raise", "reference", "table"),
    ("unknown reference field", 'source = "test source" }', 'source = "test source", mid = 4 }',
     "test-prone", "reference.mid", "unknown"),
    ("average out of range", "degrees = 35.2", "degrees = 135.2", "test-prone",
     "averages[1].degrees", "outside"),
    ("average without source", ', source = "a study" }', " }", "test-prone",
     "averages[1].source", "missing"),
    ("averages not tables", '[{ degrees = 35.2, source = "a study" }]', "[35.2]", "test-prone",
     "averages", "list of tables"),
    ("bad mode", 'modes = ["passive", "active"]', 'modes = ["passive", "assisted"]',
     "test-prone", "modes", "'assisted'"),
    ("mode twice", 'modes = ["passive", "active"]', 'modes = ["active", "active"]',
     "test-prone", "modes", "twice"),
    ("no modes", 'modes = ["passive", "active"]', "modes = []", "test-prone", "modes",
     "at least one"),
    ("optional not bool", 'name = "Test raise"\n', 'name = "Test raise"\noptional = 1\n',
     "test-raise", "optional", "true or false"),
    ("duplicate slug", 'slug = "test-raise"', 'slug = "test-prone"', "test-prone", "slug",
     "duplicate"),
    ("bad slug", 'slug = "test-raise"', 'slug = "Test Raise"', "Test Raise", "slug",
     "not a slug"),
    ("no slug", 'slug = "test-raise"\n', "", "check #2", "slug", "missing"),
    ("unknown top-level", "\n[[check]]", "version = 1\n\n[[check]]", "(file)", "version",
     "unknown"),
    ("bad TOML syntax", 'name = "Test prone"', 'name = "Test prone', "(file)", "(syntax)",
     "invalid TOML"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("find", "replace_with", "entry", "field_name", "words"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_file_names_file_entry_and_field(
    find: str, replace_with: str, entry: str, field_name: str, words: str
) -> None:
    assert find in VALID, "the case must change the template"
    with pytest.raises(ContentError) as info:
        parse_checks(VALID.replace(find, replace_with, 1), "checks-test.toml")
    error = info.value
    assert (error.file, error.entry, error.field_name) == ("checks-test.toml", entry, field_name)
    message = str(error)
    assert "checks-test.toml" in message and f"'{entry}'" in message
    assert f"'{field_name}'" in message and words in message


def test_a_file_without_checks_is_refused() -> None:
    with pytest.raises(ContentError) as info:
        parse_checks("", "checks-test.toml")
    assert (info.value.entry, info.value.field_name) == ("(file)", "check")


REAL_DATA: dict[str, Any] = tomllib.loads(
    resources.files("app.content").joinpath("checks.toml").read_text(encoding="utf-8")
)
REQUIRED = ["slug", "name", "position", "setup", "measure", "reference", "low", "high"]
REQUIRED += ["reference.low", "reference.high", "reference.source"]


def test_the_real_data_used_below_is_valid() -> None:
    assert checks_from_data(REAL_DATA, "checks.toml") == CHECKS


@given(index=st.integers(0, len(REAL_DATA["check"]) - 1), path=st.sampled_from(REQUIRED))
def test_deleting_any_required_field_names_that_field(index: int, path: str) -> None:
    data = copy.deepcopy(REAL_DATA)
    entry = data["check"][index]
    name = f"check #{index + 1}" if path == "slug" else entry["slug"]
    *parents, leaf = path.split(".")
    table = entry
    for key in parents:
        table = table[key]
    del table[leaf]
    with pytest.raises(ContentError) as info:
        checks_from_data(data, "checks.toml")
    assert (info.value.entry, info.value.field_name) == (name, path)


def test_load_checks_reads_a_given_directory(tmp_path: Path) -> None:
    (tmp_path / "checks.toml").write_text(VALID, encoding="utf-8")
    assert [check.slug for check in load_checks(tmp_path)] == ["test-prone", "test-raise"]


def test_load_checks_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_checks(tmp_path)
    assert info.value.field_name == "(read)" and str(tmp_path) in info.value.file


# --- Median and a side's value -------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([32], 32),
        ([30, 34], 32),
        ([35, 30, 32], 32),  # odd count: the middle one, whatever the order
        ([30, 31, 40, 44], 35.5),  # even count: the mean of the middle two
        ([30, 30, 50], 30),  # one wild trial does not drag the value
        ([32.5, 32.5, 33], 32.5),
    ],
)
def test_median(values: list[float], expected: float) -> None:
    assert median(values) == expected


def test_median_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        median([])


@given(st.lists(st.floats(-1000, 1000), min_size=1, max_size=9), st.randoms())
def test_median_lies_between_the_extremes_and_ignores_order(values: list[float], rnd) -> None:
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert min(values) <= median(values) <= max(values)
    assert median(shuffled) == median(values)


def test_side_value_is_the_median_of_that_sides_trials() -> None:
    record = make_record(left=(30, 36, 31), right=(40, 42))
    assert side_value(record, Side.LEFT) == 31
    assert side_value(record, Side.RIGHT) == 41
    assert side_value(make_record(left=(30,)), Side.RIGHT) is None


def test_method_and_mode_are_none_when_trials_mix_them() -> None:
    record = make_record(left=(30,), right=(32,))
    assert (record_method(record), record_mode(record)) == (Method.INCLINOMETER, Mode.PASSIVE)
    mixed_method = replace(
        record, trials=(record.trials[0], replace(record.trials[1], method=Method.EYE))
    )
    mixed_mode = replace(
        record, trials=(record.trials[0], replace(record.trials[1], mode=Mode.ACTIVE))
    )
    assert record_method(mixed_method) is None and record_mode(mixed_method) is Mode.PASSIVE
    assert record_mode(mixed_mode) is None and record_method(mixed_mode) is Method.INCLINOMETER


# --- The noise rule, asymmetry and the reference -------------------------------------------


@pytest.mark.parametrize(
    ("difference", "noise"),
    [(0, True), (4.9, True), (4.94, True), (-4.9, True), (5.0, False), (-5.0, False),
     (4.96, False), (5.4, False), (35.3 - 30.3, False), (35.1 - 30.2, True),
     (12, False)],
)  # fmt: skip
def test_noise_rule_boundary(difference: float, noise: bool) -> None:
    assert NOISE_DEGREES == 5.0
    assert within_noise(difference) is noise


@pytest.mark.parametrize(
    ("left", "right", "difference", "tighter"),
    [
        ((40,), (40,), 0, None),
        ((40,), (35.1,), 4.9, None),  # just under the noise: no tighter side
        ((40,), (35,), 5, Side.RIGHT),  # exactly the noise: a real difference
        ((30, 31, 29), (37, 36, 50), 7, Side.LEFT),
        ((30.3,), (35.3,), 5, Side.LEFT),  # 4.9999999999999964 in floating point: still 5
        ((30.2,), (35.1,), 4.9, None),  # 4.900000000000002 in floating point: still 4.9
    ],
)
def test_asymmetry_names_the_tighter_side_only_beyond_noise(
    left: tuple[float, ...], right: tuple[float, ...], difference: float, tighter: Side | None
) -> None:
    result = asymmetry(make_record(left=left, right=right))
    assert result is not None
    assert result.difference == pytest.approx(difference)
    assert result.tighter is tighter


def test_asymmetry_needs_both_sides() -> None:
    assert asymmetry(make_record(left=(30,))) is None
    assert asymmetry(make_record(left=(30,), right=(30,))) == Asymmetry(0, None)


@pytest.mark.parametrize(
    ("value", "standing"),
    [
        (20, Standing.BELOW),
        (25, Standing.BELOW),  # 5° short: beyond noise
        (25.1, Standing.NEAR),  # 4.9° short: within noise
        (29.9, Standing.NEAR),
        (30, Standing.WITHIN),
        (37.9, Standing.WITHIN),
        (45, Standing.WITHIN),
        (49.9, Standing.NEAR),
        (50, Standing.ABOVE),
        (29.96, Standing.WITHIN),  # shown as 30°, judged as 30°
    ],
)
def test_compare_to_a_reference_range(value: float, standing: Standing) -> None:
    assert compare_to_reference(value, Reference(30, 45, "test")) is standing


@pytest.mark.parametrize(
    ("side", "value", "reference", "sentence"),
    [
        (Side.LEFT, 32, (45, 45), "Left 32°: below the reference of 45° by 13°."),
        (Side.RIGHT, 45, (45, 45), "Right 45°: at the reference of 45°."),
        (Side.LEFT, 42.5, (45, 45), "Left 42.5°: 2.5° below the reference of 45°, within "
         "measurement noise."),
        (Side.RIGHT, 38, (30, 45), "Right 38°: within the reference of 30–45°."),
        (Side.LEFT, 47, (30, 45), "Left 47°: 2° above the reference of 30–45°, within "
         "measurement noise."),
        (Side.RIGHT, 52, (30, 45), "Right 52°: above the reference of 30–45° by 7°."),
        (Side.LEFT, 20, (30, 45), "Left 20°: below the reference of 30–45° by 10°."),
    ],
)  # fmt: skip
def test_each_side_against_the_reference_in_words(
    side: Side, value: float, reference: tuple[float, float], sentence: str
) -> None:
    assert describe_standing(side, value, Reference(*reference, "test")) == sentence


@pytest.mark.parametrize(
    ("left", "right", "sentence"),
    [
        ((30,), (30,), "Left and right are the same."),
        ((30,), (33,), "Left and right differ by 3°, within measurement noise."),
        ((30,), (38,), "Left is tighter than right by 8°."),
        ((40,), (34.5,), "Right is tighter than left by 5.5°."),
        ((30,), (), "Only the left side was measured, so there is no left/right difference."),
    ],
)
def test_left_right_difference_in_words(
    left: tuple[float, ...], right: tuple[float, ...], sentence: str
) -> None:
    assert describe_asymmetry(make_record(left=left, right=right)) == sentence


# --- Change since the last comparable check ------------------------------------------------


def test_change_compares_only_the_same_check_method_and_mode_and_picks_the_latest() -> None:
    current = make_record(left=(40,), right=(40,), record_id=9)
    chosen = make_record(left=(33,), right=(46,), taken_at=days_ago(7), record_id=5)
    history = [
        make_record(left=(20,), right=(20,), taken_at=days_ago(30), record_id=1),  # older
        chosen,
        make_record(left=(1,), right=(1,), taken_at=days_ago(1), slug="seated-ir"),
        make_record(left=(2,), right=(2,), taken_at=days_ago(2), method=Method.GONIOMETER),
        make_record(left=(3,), right=(3,), taken_at=days_ago(3), mode=Mode.ACTIVE),
        make_record(left=(4,), right=(4,), taken_at=NOW + timedelta(days=1)),  # later
        replace(current, trials=current.trials[:1]),  # the record itself, by id
    ]
    change = change_since_last(history, current)
    assert change is not None
    assert change.previous is chosen
    assert change.deltas == {Side.LEFT: 7, Side.RIGHT: -6}


def test_change_leaves_out_the_record_itself_by_identity() -> None:
    current = make_record(left=(40,))
    assert change_since_last([current], current) is None


def test_a_record_with_mixed_methods_is_not_compared() -> None:
    earlier = make_record(left=(30,), taken_at=days_ago(7))
    current = make_record(left=(40,), right=(40,))
    mixed = replace(
        current, trials=(current.trials[0], replace(current.trials[1], method=Method.EYE))
    )
    assert change_since_last([earlier], mixed) is None
    assert why_no_change([earlier], mixed) == (
        "The trials mix methods, so this check is not compared with earlier ones."
    )


def test_an_earlier_record_with_mixed_methods_is_skipped() -> None:
    clean = make_record(left=(30,), taken_at=days_ago(9))
    mixed = make_record(left=(20,), right=(20,), taken_at=days_ago(2))
    mixed = replace(mixed, trials=(mixed.trials[0], replace(mixed.trials[1], method=Method.EYE)))
    change = change_since_last([clean, mixed], make_record(left=(36,)))
    assert change is not None and change.previous is clean


@pytest.mark.parametrize(
    ("history", "sentence"),
    [
        ([], "No earlier check in this position to compare with."),
        (
            [make_record(left=(30,), taken_at=days_ago(3), method=Method.GONIOMETER)],
            "No earlier passive check in this position with a phone inclinometer to compare with.",
        ),
        (
            [make_record(left=(30,), taken_at=days_ago(3), slug="seated-ir")],
            "No earlier check in this position to compare with.",
        ),
    ],
)
def test_why_there_is_nothing_to_compare(history: list[CheckRecord], sentence: str) -> None:
    current = make_record(left=(40,))
    assert change_since_last(history, current) is None
    assert why_no_change(history, current) == sentence


@pytest.mark.parametrize(
    ("previous", "when", "lines"),
    [
        ((33, 46), datetime(2026, 5, 3, 7, tzinfo=UTC),
         ("Left: up 7° since 3 May.", "Right: down 6° since 3 May.")),
        ((35.1, 40), datetime(2026, 5, 3, 7, tzinfo=UTC),
         ("Left: no real change since 3 May (up 4.9°, within measurement noise).",
          "Right: no change since 3 May.")),
        ((35, 45), datetime(2026, 5, 10, 6, 30, tzinfo=UTC),
         ("Left: up 5° since 06:30.", "Right: down 5° since 06:30.")),
        ((44, 41), datetime(2025, 12, 24, 9, tzinfo=UTC),
         ("Left: no real change since 24 December 2025 (down 4°, within measurement noise).",
          "Right: no real change since 24 December 2025 (down 1°, within measurement noise).")),
    ],
)  # fmt: skip
def test_change_wording_calls_small_changes_noise(
    previous: tuple[float, float], when: datetime, lines: tuple[str, ...]
) -> None:
    earlier = make_record(left=(previous[0],), right=(previous[1],), taken_at=when)
    current = make_record(left=(40,), right=(40,))
    text = describe_result(PRONE, current, [earlier], tz=UTC)
    assert text.change == lines


def test_a_side_missing_from_the_earlier_check_is_said_so() -> None:
    earlier = make_record(left=(30,), taken_at=datetime(2026, 5, 3, 7, tzinfo=UTC))
    current = make_record(left=(30,), right=(40,))
    assert describe_result(PRONE, current, [earlier], tz=UTC).change == (
        "Left: no change since 3 May.",
        "Right: not measured in the check of 3 May.",
    )


def test_dates_are_shown_in_the_given_time_zone() -> None:
    earlier = make_record(left=(30,), taken_at=datetime(2026, 5, 3, 23, 30, tzinfo=UTC))
    current = make_record(left=(40,))
    plus_two = timezone(timedelta(hours=2))
    text = describe_result(PRONE, current, [earlier], tz=plus_two)
    assert text.change == ("Left: up 10° since 4 May.",)
    assert text.heading == "Lying face down · 10 May 2026, 10:00"


# --- The whole result screen ---------------------------------------------------------------


def test_result_text_for_a_two_sided_check_with_history() -> None:
    earlier = make_record(
        left=(25, 25, 25), right=(43,), taken_at=datetime(2026, 5, 3, 7, tzinfo=UTC), record_id=1
    )
    current = make_record(left=(30, 32, 33), right=(44, 45, 46), record_id=2)
    text = describe_result(PRONE, current, [earlier, current], tz=UTC)
    assert text.lines == (
        "Lying face down · 10 May 2026, 08:00",
        "Passive, measured with a phone inclinometer.",
        "Left 32°: below the guide's target of 45° by 13°.",
        "Right 45°: at the guide's target of 45°.",
        "Left is tighter than right by 13°.",
        "Left: up 7° since 3 May.",
        "Right: no real change since 3 May (up 2°, within measurement noise).",
        "The guide's target, 45° (passive): the six-stage hip internal rotation guide, hip "
        "straight.",
        "45° is the guide's goal, not an average: most healthy adults read under it. The plan "
        "keeps the guide's goal because the routine is built to reach it.",
        "Published average, 35.2° (passive): Kouyoumdjian et al. 2012, 120 healthy adults, "
        "face down, hip straight.",
        "The plan steers by the guide's target: while a side is more than 5° under it, releases, "
        "stretches and joint work keep their full length and strengthening and standing moves "
        "are one step shorter.",
        "A change under 5° counts as measurement noise. That is our working margin: no smallest "
        "real change has been measured for this position and mode.",
    )
    assert text.caution is None


def test_result_text_for_a_first_one_sided_check_with_pain() -> None:
    current = make_record(
        left=(38,), slug="seated-ir", method=Method.EYE, mode=Mode.ACTIVE, pain=True
    )
    text = describe_result(SEATED, current, [], tz=UTC)
    assert text.lines[:5] == (
        "Sitting · 10 May 2026, 08:00",
        "Active, measured by eye.",
        "Left 38° active: no active reference.",
        "Only the left side was measured, so there is no left/right difference.",
        "No earlier check in this position to compare with.",
    )
    assert text.caution is not None and "pinch" in text.caution
    assert text.lines[-1 - len(text.context)] == text.caution
    assert text.context[0] == (
        "The guide's range is for passive readings, so active ones are compared only with your "
        "own earlier active readings."
    )


def test_result_text_refuses_a_record_of_another_check() -> None:
    with pytest.raises(ValueError):
        describe_result(SEATED, make_record(left=(30,)), [])


# --- Typed degrees -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("32", 32), ("32.5", 32.5), ("32°", 32), (" 32 ", 32), ("32,5", 32.5), ("32,5°", 32.5),
        ("32 °", 32), ("0", 0), ("90", 90), ("+12", 12), (".5", 0.5), ("7.", 7), ("07", 7),
        ("32º", 32),
    ],
)  # fmt: skip
def test_parse_degrees_accepts_the_ways_people_type(text: str, expected: float) -> None:
    assert parse_degrees(text, PRONE) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Enter the angle"),
        ("   ", "Enter the angle"),
        ("abc", "as a number"),
        ("nan", "as a number"),
        ("inf", "as a number"),
        ("1e1", "as a number"),
        ("3 2", "as a number"),
        ("32°°", "as a number"),
        ("32..5", "as a number"),
        ("thirty", "as a number"),
        ("91", "from 0° to 90°"),
        ("-5", "from 0° to 90°"),
        ("90.01", "from 0° to 90°"),
        ("9" * 400, "from 0° to 90°"),
    ],
)
def test_parse_degrees_refuses_with_a_plain_message(text: str, words: str) -> None:
    with pytest.raises(EntryError) as info:
        parse_degrees(text, PRONE)
    assert info.value.field == "degrees"
    assert words in str(info.value)


def test_the_range_message_names_the_range_and_the_value() -> None:
    with pytest.raises(EntryError) as info:
        parse_degrees("95", PRONE)
    assert str(info.value) == (
        "Enter an angle from 0° to 90°; 95° is outside what this check can read."
    )
    raise_ = find_definition(CHECKS, "straight-leg-raise")
    assert parse_degrees("95", raise_) == 95


FORMATS = [
    "{:.12f}",
    "{:.12f}°",
    " {:.12f} ",
    "{:.12f} °",
]


@given(
    check=st.sampled_from(CHECKS),
    fraction=st.floats(0, 1),
    form=st.sampled_from(FORMATS),
    comma=st.booleans(),
)
def test_any_value_in_range_parses_back(
    check: CheckDefinition, fraction: float, form: str, comma: bool
) -> None:
    value = min(check.high, check.low + fraction * (check.high - check.low))
    text = form.format(value)
    if comma:
        text = text.replace(".", ",")
    assert parse_degrees(text, check) == pytest.approx(value, abs=1e-9)


@given(
    check=st.sampled_from(CHECKS),
    value=st.one_of(st.floats(-1e6, -0.001), st.floats(120.001, 1e6), st.floats(90.001, 120)),
)
def test_any_value_outside_the_range_is_refused(check: CheckDefinition, value: float) -> None:
    assume(not check.low <= value <= check.high)
    with pytest.raises(EntryError) as info:
        parse_degrees(f"{value:.3f}", check)
    assert f"from {check.low:g}° to {check.high:g}°" in str(info.value)


@given(st.text().filter(lambda text: not any(char in "0123456789" for char in text)))
def test_text_without_digits_is_refused(text: str) -> None:
    with pytest.raises(EntryError):
        parse_degrees(text, PRONE)


@given(st.text(), st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1), st.text())
def test_text_with_letters_is_refused(before: str, letters: str, after: str) -> None:
    with pytest.raises(EntryError):
        parse_degrees(before + letters + after, PRONE)


# --- When the check was taken --------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [NOW, NOW - timedelta(days=400), NOW + timedelta(seconds=59), NOW + timedelta(minutes=1)],
    ids=["now", "long ago", "slightly fast clock", "one minute ahead"],
)
def test_past_and_present_times_are_allowed(moment: datetime) -> None:
    assert check_taken_at(moment, NOW) == moment


@pytest.mark.parametrize(
    "moment",
    [NOW + timedelta(minutes=1, seconds=1), NOW + timedelta(days=1), NOW.replace(year=2027)],
)
def test_future_times_are_refused(moment: datetime) -> None:
    with pytest.raises(EntryError) as info:
        check_taken_at(moment, NOW)
    assert info.value.field == "taken_at"
    assert "future" in str(info.value)


@given(
    st.timedeltas(min_value=timedelta(minutes=1, microseconds=1), max_value=timedelta(days=9999))
)
def test_any_time_beyond_the_skew_is_refused(ahead: timedelta) -> None:
    with pytest.raises(EntryError):
        check_taken_at(NOW + ahead, NOW)


def test_times_come_back_in_utc() -> None:
    local = datetime(2026, 5, 10, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    result = check_taken_at(local, NOW)
    assert result.tzinfo is UTC and result == local


def test_a_naive_time_is_a_programming_error_not_an_entry_error() -> None:
    with pytest.raises(ValueError) as info:
        check_taken_at(datetime(2026, 5, 1), NOW)
    assert not isinstance(info.value, EntryError)


# --- A whole record ------------------------------------------------------------------------


def test_a_good_record_is_returned_in_utc() -> None:
    local = NOW.astimezone(timezone(timedelta(hours=-5)))
    record = replace(make_record(left=(30, 31, 32), right=(40, 41, 42)), taken_at=local)
    validated = validate_record(record, CHECKS, NOW)
    assert validated.taken_at.tzinfo is UTC
    assert validated == replace(record, taken_at=NOW)


def test_one_side_is_enough() -> None:
    record = make_record(right=(40,))
    assert validate_record(record, CHECKS, NOW) == record


def _trial(side: Side = Side.LEFT, number: int = 1, degrees: float = 30, **changes: Any) -> Trial:
    trial = Trial(side, number, degrees, Method.INCLINOMETER, Mode.PASSIVE, MeasuredBy.HELPER)
    return replace(trial, **changes)


PASSIVE_ONLY = replace(PRONE, slug="passive-only", modes=(Mode.PASSIVE,))

# (id, record, expected field, expected side, expected trial, words in message)
BAD_RECORDS = [
    ("unknown check", CheckRecord("no-such-check", NOW, (_trial(),)), "check", None, None,
     "no check"),
    ("future", CheckRecord("prone-ir", NOW + timedelta(hours=1), (_trial(),)), "taken_at", None,
     None, "future"),
    ("no trials", CheckRecord("prone-ir", NOW, ()), "trials", None, None, "at least one"),
    ("trial number 0", CheckRecord("prone-ir", NOW, (_trial(number=0),)), "trials", Side.LEFT,
     0, "at most 3"),
    ("fourth trial", CheckRecord("prone-ir", NOW, tuple(_trial(number=n) for n in (1, 2, 3, 4))),
     "trials", Side.LEFT, 4, "at most 3"),
    ("same number twice", CheckRecord("prone-ir", NOW, (_trial(), _trial(degrees=31))),
     "trials", Side.LEFT, 1, "twice"),
    ("both sides at once", CheckRecord("prone-ir", NOW, (_trial(side=Side.BOTH),)), "side",
     Side.BOTH, 1, "left or the right"),
    ("degrees out of range", CheckRecord("prone-ir", NOW, (_trial(), _trial(Side.RIGHT, 2, 95))),
     "degrees", Side.RIGHT, 2, "from 0° to 90°"),
    ("degrees not a number", CheckRecord("prone-ir", NOW, (_trial(degrees=float("nan")),)),
     "degrees", Side.LEFT, 1, "from 0° to 90°"),
    ("mode the check lacks", CheckRecord("passive-only", NOW, (_trial(mode=Mode.ACTIVE),)),
     "mode", Side.LEFT, 1, "no active"),
    ("long record note", CheckRecord("prone-ir", NOW, (_trial(),), note="x" * 501), "note",
     None, None, "500"),
    ("long trial note", CheckRecord("prone-ir", NOW, (_trial(note="y" * 501),)), "note",
     Side.LEFT, 1, "500"),
    ("photo with a path", CheckRecord("prone-ir", NOW, (_trial(photo="../secret.jpg"),)),
     "photo", Side.LEFT, 1, "file name"),
    # The store refuses a NUL in a file name; the form must say so before it gets there.
    ("photo with a NUL", CheckRecord("prone-ir", NOW, (_trial(photo="leg\0.jpg"),)),
     "photo", Side.LEFT, 1, "file name"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("record", "field", "side", "trial", "words"),
    [case[1:] for case in BAD_RECORDS],
    ids=[case[0] for case in BAD_RECORDS],
)
def test_a_bad_record_is_refused_naming_the_field(
    record: CheckRecord, field: str, side: Side | None, trial: int | None, words: str
) -> None:
    with pytest.raises(EntryError) as info:
        validate_record(record, (*CHECKS, PASSIVE_ONLY), NOW)
    error = info.value
    assert (error.field, error.side, error.trial) == (field, side, trial)
    assert words in str(error)


def test_notes_up_to_the_limit_are_kept() -> None:
    record = CheckRecord(
        "prone-ir", NOW, (_trial(note="y" * MAX_NOTE_CHARS),), note="x" * MAX_NOTE_CHARS
    )
    assert validate_record(record, CHECKS, NOW) == record


@given(
    left=st.lists(st.floats(0, 90), min_size=0, max_size=3),
    right=st.lists(st.floats(0, 90), min_size=0, max_size=3),
)
def test_any_one_to_three_trials_per_side_in_range_is_accepted(
    left: list[float], right: list[float]
) -> None:
    assume(left or right)
    record = make_record(left=tuple(left), right=tuple(right))
    assert validate_record(record, CHECKS, NOW) == record


def test_every_method_has_its_words_in_the_one_table() -> None:
    """The form, History, the report and the result screen read one table: a method added
    without its words would fail wherever it is first shown."""
    from app.core.checks.labels import METHODS

    assert set(METHODS) == set(Method)
    for words in METHODS.values():
        assert words.choice and words.label and words.short and words.phrase
    assert METHODS[Method.EYE].phrase == "by eye" and METHODS[Method.PHOTO].label == "Photo"
