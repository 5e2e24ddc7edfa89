"""What the person reads is safe, consistent and honest (issue 14, the content part).

One test per fix: the single pinch rule across every text, the supine check's helper and
reference, the prone target beside the published average, the straight-leg raise as a
target with a nerve caution, the noise margin worded for what it was measured on, active
readings judged only against active references, no source file name on screen, the
step-across stepping in front, the seated cues, the knee drop's dose, one disclaimer with
the surgery line, plain names first, short first cautions, a citation beside every number,
and no run of seven words shared with the source articles.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest

from app.core.checks.loader import checks_from_data, load_checks
from app.core.checks.result import describe_result
from app.core.checks.types import (
    CheckDefinition,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
    Trial,
    find_definition,
)
from app.core.content.exercises import ContentError, DoseKind, Sides, load_content
from app.core.content.safety import DISCLAIMER, PINCH_POSITION, PINCH_STOP
from app.core.formatting import describe_dose
from app.core.pictures.loader import load_poses
from app.core.plan.budget import CAPSULE
from app.core.records import Side

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "app"
CONTENT_DIR = resources.files("app.content")
CONTENT_FILES = ("exercises.toml", "checks.toml", "poses.toml")
SOURCE_DIR = Path("/work/shared/source")
CONTENT = load_content()
CHECKS = load_checks()
WHEN = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)


# --- Gathering every text a person can read --------------------------------------------------


def content_file(name: str) -> str:
    return CONTENT_DIR.joinpath(name).read_text(encoding="utf-8")


def exercise_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every shown field of every stage and exercise."""
    for stage in CONTENT.stages:
        yield f"stage {stage.number} name", stage.name
        yield f"stage {stage.number} purpose", stage.purpose
    for exercise in CONTENT.exercises:
        yield f"{exercise.slug} name", exercise.name
        for field in ("setup", "cues", "targets", "progressions", "regressions", "cautions"):
            for text in getattr(exercise, field):
                yield f"{exercise.slug} {field}", text
        for text in exercise.equipment:
            yield f"{exercise.slug} equipment", text


def record(slug: str, *trials: tuple[Side, float, Mode]) -> CheckRecord:
    return CheckRecord(
        slug,
        WHEN,
        tuple(
            Trial(side, number, degrees, Method.INCLINOMETER, mode, MeasuredBy.SELF, pain=True)
            for number, (side, degrees, mode) in enumerate(trials, start=1)
        ),
    )


def result_lines(definition: CheckDefinition, *modes: Mode) -> tuple[str, ...]:
    trials = [(side, 33.0, mode) for mode in modes for side in (Side.LEFT, Side.RIGHT)]
    return describe_result(definition, record(definition.slug, *trials), [], tz=UTC).lines


def check_texts() -> Iterator[tuple[str, str]]:
    """Every shown field of every check, and every line its result screen can show."""
    for check in CHECKS:
        for field in ("name", "position", "measure"):
            yield f"{check.slug} {field}", getattr(check, field)
        for text in check.setup:
            yield f"{check.slug} setup", text
        for mode_set in ((Mode.PASSIVE,), (Mode.ACTIVE,), (Mode.PASSIVE, Mode.ACTIVE)):
            for line in result_lines(check, *mode_set):
                yield f"{check.slug} result ({'+'.join(mode_set)})", line


def app_strings() -> Iterator[tuple[str, str]]:
    """Every string literal in app/ that is not a docstring: the words code hands to a person.
    An f-string's holes become '{}'."""
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        in_fstring = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                parts = []
                for value in node.values:
                    in_fstring.add(id(value))
                    if isinstance(value, ast.Constant):
                        parts.append(str(value.value))
                    else:
                        parts.append("{}")
                yield f"{path.relative_to(ROOT)}:{node.lineno}", "".join(parts)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and id(node) not in in_fstring
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def comment_paragraphs() -> Iterator[tuple[str, str]]:
    """Each run of comment lines in a content file, joined: what authors read and copy."""
    for name in CONTENT_FILES:
        paragraph: list[str] = []
        for line in [*content_file(name).split("\n"), ""]:
            if line.lstrip().startswith("#") and line.strip("# "):
                paragraph.append(line.strip("# "))
            elif paragraph:
                yield f"{name} comment", " ".join(paragraph)
                paragraph = []


def every_user_text() -> list[tuple[str, str]]:
    return [*exercise_texts(), *check_texts(), *app_strings()]


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?:])\s+|\n+", text) if part.strip()]


# --- The one pinch rule ----------------------------------------------------------------------

STOP = re.compile(r"\bstop\b", re.IGNORECASE)
# Wording that places the hip in relation to a pinch: allowed only as "just before any pinch".
PLACING = re.compile(
    r"\b(until\b[^.]*|(short|hint) of (a |any |the )?|feels? (a |the |any )?(slight |first )?"
    r"|(into|toward|near) (a |the |any )?)pinch",
    re.IGNORECASE,
)
RULE_STOP = re.compile(r"\bat the first pinch or pain\b|^stop: pinch or pain$", re.IGNORECASE)
RULE_PLACE = re.compile(rf"\b{PINCH_POSITION}\b|\bwithout a pinch\b", re.IGNORECASE)


def pinch_breaks_rule(sentence: str) -> bool:
    """A sentence about a pinch breaks the rule when it tells the person to stop in other words
    than 'at the first pinch or pain', or places the hip near a pinch in other words than
    'just before any pinch' (a record of one, 'without a pinch', is not a placing)."""
    if "pinch" not in sentence.lower():
        return False
    if STOP.search(sentence) and not RULE_STOP.search(sentence.strip()):
        return True
    return bool(PLACING.search(sentence)) and not RULE_PLACE.search(sentence)


def test_the_rule_itself_reads_as_the_rule() -> None:
    assert PINCH_STOP == "Stop at the first pinch or pain."
    assert not pinch_breaks_rule(PINCH_STOP)
    assert not pinch_breaks_rule(f"Set the knee {PINCH_POSITION}.")
    for old in (
        "Stop if you feel a pinch or pain in the hip.",
        "Shuffle in until the front of the hip first feels a slight pinch.",
        "Go only to the first hint of a pinch.",
        "Stop at once if it pinches again.",
        "the hip just short of a pinch",
    ):
        assert pinch_breaks_rule(old), old


def test_every_pinch_in_content_and_app_follows_the_one_rule() -> None:
    """Content files (comments too: authors copy from them) and every string in app/."""
    texts = [
        (f"{name} line", line) for name in CONTENT_FILES for line in content_file(name).split("\n")
    ]
    texts += every_user_text()
    broken = [
        (where, sentence)
        for where, text in texts
        for sentence in sentences(text)
        if pinch_breaks_rule(sentence)
    ]
    assert broken == []


def test_every_exercise_ends_its_cautions_with_the_pinch_rule() -> None:
    assert [e.slug for e in CONTENT.exercises if e.cautions[-1:] != (PINCH_STOP,)] == []


def test_the_knee_to_wall_press_goes_just_before_a_pinch() -> None:
    press = CONTENT.exercise("femoral-head-centration")
    assert any(PINCH_POSITION in step for step in press.setup)
    assert press.cautions[0] == "Set the knee just before any pinch."


# --- The checks ------------------------------------------------------------------------------


def test_the_supine_check_names_a_helper_who_moves_the_foot() -> None:
    supine = find_definition(CHECKS, "supine-90-90-ir")
    assert "with a helper" in supine.position
    assert "You need a helper for this check." in supine.setup
    assert "Passive: the helper moves the foot out." in supine.setup
    assert not any("fall" in step for step in supine.setup)  # a vertical thigh: no falling


def test_the_supine_reference_is_the_hip_bent_literature_not_the_hip_straight_average() -> None:
    supine = find_definition(CHECKS, "supine-90-90-ir")
    assert (supine.reference.low, supine.reference.high) == (30, 40)
    shown = " ".join(text for where, text in check_texts() if where.startswith(supine.slug))
    assert "29.6" not in shown
    assert "Kouyoumdjian et al. 2012, sitting" in supine.reference.source
    section = content_file("checks.toml").split('slug = "supine-90-90-ir"')[0].rsplit("\n\n", 1)
    assert "hip straight, so it is not used here" in section[-1].replace("\n# ", " ")


def test_the_prone_screen_shows_the_guides_target_the_average_and_what_the_plan_uses() -> None:
    lines = result_lines(find_definition(CHECKS, "prone-ir"), Mode.PASSIVE)
    context = "\n".join(lines)
    assert lines[2] == "Left 33°: below the guide's target of 45° by 12°."
    assert "The guide's target, 45° (passive): the six-stage hip internal rotation guide" in context
    assert "Published average, 35.2° (passive): Kouyoumdjian et al. 2012" in context
    assert "45° is the guide's goal, not an average" in context
    assert "The plan steers by the guide's target: while a side is more than 5° under" in context


def test_the_straight_leg_raise_is_a_target_not_an_average_and_stops_at_nerve_signs() -> None:
    raise_ = find_definition(CHECKS, "straight-leg-raise")
    assert raise_.reference.name == "the flexibility target"
    assert raise_.reference.note.startswith("70–90° is a flexibility target, not an average")
    assert [(a.degrees, a.mode) for a in raise_.averages] == [(62, Mode.PASSIVE)]
    assert "Gajdosik et al. 1993" in raise_.averages[0].source
    assert "Stop at tingling or numbness in the leg." in raise_.setup


def test_the_published_noise_figure_is_only_quoted_for_active_seated_readings() -> None:
    seated = find_definition(CHECKS, "seated-ir")
    assert seated.noise is not None and (seated.noise.degrees, seated.noise.mode) == (
        5.4,
        Mode.ACTIVE,
    )
    active = "\n".join(result_lines(seated, Mode.ACTIVE))
    assert "Krause et al. (inclinometer) measured 5.4° as the smallest real change" in active
    for check in CHECKS:
        for modes in ((Mode.PASSIVE,), (Mode.ACTIVE,)):
            if check is seated and modes == (Mode.ACTIVE,):
                continue
            text = "\n".join(result_lines(check, *modes))
            assert "5.4" not in text and "Krause" not in text, (check.slug, modes)
            assert "That is our working margin" in text
    for line in content_file("checks.toml").split("\n"):
        if "5.4" in line:
            assert re.search(r"active", line, re.IGNORECASE), line


def test_an_active_reading_is_never_judged_against_a_passive_reference() -> None:
    for check in CHECKS:
        assert check.reference.mode is Mode.PASSIVE
        lines = result_lines(check, Mode.ACTIVE)
        sides = lines[2:4]
        assert all(s.endswith("° active: no active reference.") for s in sides)
        text = "\n".join(lines)
        assert f"{check.reference.low:g}°" not in text and f"{check.reference.high:g}°" not in text
        passive_averages = [a for a in check.averages if a.mode is Mode.PASSIVE]
        assert not any(f"{a.degrees:g}° (passive)" in text for a in passive_averages)


def test_a_mixed_record_judges_its_passive_trials_and_names_each_mode() -> None:
    prone = find_definition(CHECKS, "prone-ir")
    mixed = record(
        "prone-ir",
        (Side.LEFT, 30, Mode.PASSIVE),
        (Side.LEFT, 20, Mode.ACTIVE),
    )
    assert describe_result(prone, mixed, [], tz=UTC).sides == (
        "Left 30° passive: below the guide's target of 45° by 15°.",
        "Left 20° active: no active reference.",
    )


FILE_NAME = re.compile(r"\b\d\d-[a-z0-9-]+\.txt\b|\.txt\b")


def test_no_source_file_name_in_anything_a_person_reads() -> None:
    """Result screens, content fields and every string in app/ (a file name in code is only
    allowed where it names a content file to load, which ends in .toml)."""
    found = [(where, text) for where, text in every_user_text() if FILE_NAME.search(text)]
    assert found == []


def test_the_report_reference_line_names_no_file() -> None:
    """The PDF's reference line is built from the same citation
    (app/core/history/report_checks.py)."""
    for check in CHECKS:
        assert not FILE_NAME.search(check.reference.source)
        assert all(not FILE_NAME.search(a.source) for a in check.averages)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda check: check["reference"].update(mode="active"), "modes"),
        (lambda check: check["reference"].update(mode="sideways"), "reference.mode"),
        (
            lambda check: check.update(noise={"degrees": 5.4, "source": "Krause et al."}),
            "noise.mode",
        ),
        (lambda check: check["averages"][0].update(mode="sideways"), "averages[1].mode"),
    ],
)
def test_a_reference_of_the_wrong_mode_is_refused_by_field(edit, field: str) -> None:
    data = tomllib.loads(content_file("checks.toml"))
    check = data["check"][0]
    check["modes"] = ["passive"]
    edit(check)
    with pytest.raises(ContentError) as info:
        checks_from_data(data, "checks.toml")
    assert info.value.field_name == field


@pytest.mark.parametrize(
    "edit",
    [
        lambda check: check["reference"].update(source="a guide (02-six-stage-progression.txt)"),
        lambda check: check["averages"][0].update(source="02-six-stage-progression.txt"),
    ],
)
def test_a_citation_that_names_a_file_is_refused(edit) -> None:
    """The report and the result screen show citations as they are: the loader keeps file
    names out, so nothing downstream has to strip them."""
    data = tomllib.loads(content_file("checks.toml"))
    edit(data["check"][0])
    with pytest.raises(ContentError) as info:
        checks_from_data(data, "checks.toml")
    assert "not name a file" in str(info.value)


# --- Citations -------------------------------------------------------------------------------

CITATION = re.compile(
    r"[A-Z][a-z]+ (et al\.|and [A-Z][a-z]+)( \(\w+\))?,? \d{4}|Krause et al\.|"
    r"six-stage hip internal rotation guide|six-stage guide"
)
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[-–]\d+(?:\.\d+)?)?(?:°| degrees)")


def test_every_reference_number_carries_its_citation_in_its_table() -> None:
    data = tomllib.loads(content_file("checks.toml"))
    for check in data["check"]:
        tables = [check["reference"], *check.get("averages", [])]
        if "noise" in check:
            tables.append(check["noise"])
        for table in tables:
            assert CITATION.search(table["source"]), (check["slug"], table)


def test_every_number_in_a_checks_comment_has_a_citation_in_its_paragraph() -> None:
    paragraphs: list[list[str]] = [[]]
    for line in content_file("checks.toml").split("\n"):
        if line.startswith("#") and line.strip("# "):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([])
    uncited = [
        paragraph
        for paragraph in paragraphs
        if NUMBER.search(" ".join(paragraph))
        and not CITATION.search(" ".join(paragraph))
        and not "".join(paragraph).startswith("# Fields")
    ]
    assert uncited == []


# --- Exercises -------------------------------------------------------------------------------


def test_the_step_across_steps_in_front_of_the_front_foot() -> None:
    step = CONTENT.exercise("step-across")
    words = " ".join(step.setup + step.cues)
    assert "across in front of the front foot" in words and "behind" not in words
    pose = load_poses()["step-across"]
    order = pose.drawing_order
    assert order.index("far_leg") > order.index("near_leg")  # the stepping leg drawn over
    end = next(k for k in pose.keyframes if k.name == "end").skeleton
    start = next(k for k in pose.keyframes if k.name == "start").skeleton
    assert end.length("far_hip") > end.length("near_hip")  # nearer to you: in front
    assert start.length("far_hip") < start.length("near_hip")  # it starts behind
    assert end.angles["far_hip"] < -90  # and crosses to the front leg's side


def test_the_seated_rotation_cues_keep_the_pelvis_still() -> None:
    assert "Keep the pelvis still" in CONTENT.exercise("seated-hip-ir").cues


def test_the_seated_knee_drop_is_20_a_side_like_every_other_20_rep_move() -> None:
    def per_side(exercise) -> float:
        reps = exercise.dose.reps
        return reps / 2 if exercise.dose.sides is Sides.ALTERNATING else reps

    twenty = [
        e.slug
        for e in CONTENT.exercises
        if e.dose.kind is DoseKind.REPS and e.stage in (4, 6) and not e.optional
    ]
    assert {slug: per_side(CONTENT.exercise(slug)) for slug in twenty} == dict.fromkeys(twenty, 20)
    drop = CONTENT.exercise("sitting-knee-drop")
    assert describe_dose(drop.dose).startswith("20 reps a side (40 in all)")
    ranges = drop.dose.ranges["reps"]
    assert ranges.step % 4 == 0 and ranges.low % 4 == 0  # both sides stay even


def test_one_disclaimer_adds_the_surgery_line_and_lives_in_one_place() -> None:
    assert "hip surgery or a hip replacement" in DISCLAIMER
    assert "ask your surgeon or physiotherapist" in DISCLAIMER
    assert "Stop any exercise at the first pinch or pain" in DISCLAIMER
    defining = [
        where.split(":")[0]
        for where, text in app_strings()
        if text.startswith("Inward is not medical advice. It guides")
    ]
    assert defining == ["app/core/content/safety.py"]


JARGON = ("distraction", "posterior capsule", "integration", "centration")


def test_jargon_only_appears_in_brackets_after_plain_words() -> None:
    bare = [
        (where, text)
        for where, text in exercise_texts()
        for word in JARGON
        if word in text.lower() and not re.search(rf"\w.*\([^)]*{word}[^)]*\)", text, re.IGNORECASE)
    ]
    assert bare == []


def test_the_plans_capsule_stretch_still_finds_its_target() -> None:
    """A short session keeps the stretch that targets the capsule, found by its target text."""
    assert CONTENT.exercise("posterior-capsule-stretch").targets[0] == CAPSULE


def test_technical_names_come_second_and_slugs_stay() -> None:
    names = {e.slug: e.name for e in CONTENT.exercises}
    assert names["femoral-head-centration"] == "Heel-to-wall hip press (femoral head centration)"
    assert names["posterior-capsule-stretch"].endswith("(posterior capsule stretch)")
    assert names["band-distraction-flexed"] == "Band pull, hip bent (distraction)"
    assert names["release-obturator-internus"] == "Inner sit-bone release (obturator internus)"


def test_the_first_caution_is_one_short_line_for_the_get_ready_screen() -> None:
    long = {
        e.slug: e.cautions[0]
        for e in CONTENT.exercises
        if not e.cautions or len(e.cautions[0]) > 60 or "\n" in e.cautions[0]
    }
    assert long == {}


# --- Our own words ---------------------------------------------------------------------------

RUN = 7


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def runs(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


@pytest.mark.skipif(not SOURCE_DIR.is_dir(), reason="the source articles are not on this machine")
def test_no_run_of_seven_words_is_shared_with_the_source_articles() -> None:
    source = set().union(*(runs(p.read_text(encoding="utf-8")) for p in SOURCE_DIR.glob("*.txt")))
    shared = {
        where: " ".join(run)
        for where, text in [*comment_paragraphs(), *every_user_text()]
        for run in runs(text) & source
    }
    assert shared == {}
