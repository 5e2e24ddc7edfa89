"""The next session follows the person's own checks and how their last sessions went.

Every rule has a table: the history in, the items, order, first sides, doses and reason text
out. Hypothesis then throws random histories at the engine: doses stay inside their ranges,
never rise more than one step a session, the plan fits every budget, and the same history
always gives the same plan.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.checks.loader import load_checks
from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.content.exercises import DOSE_VALUES, Dose, DoseKind, load_content
from app.core.plan.engine import (
    RELEASES_KEPT_WHEN_PROGRESSED,
    apply_choices,
    can_step_main,
    describe_minutes,
    main_rank,
    plan_next,
    step_dose,
    step_main,
    with_values,
)
from app.core.plan.feedback import BREAK_DAYS, days_away, feedback_for, fresh_sessions
from app.core.plan.today import (
    pinch_question,
    read_pinch_answers,
    starting_budget,
    with_pinch_answer,
)
from app.core.plan.types import (
    TIME_BUDGETS,
    ExerciseChoice,
    Logbook,
    Plan,
    PlanPreferences,
    SessionLog,
)
from app.core.records import SessionStatus, SetResult, Side
from app.core.routine import PlanItem, SessionPlan, default_plan
from app.core.session.checkin import CheckIn, Effort
from app.core.session.steps import plan_seconds

CONTENT = load_content()
CHECKS = load_checks()
BASE = default_plan(CONTENT)
TODAY = date(2026, 5, 10)
DEFAULT_SLUGS = [item.exercise.slug for item in BASE.items]
EACH_SIDE_HOLDS_1_TO_3 = [
    e.slug
    for e in CONTENT.default_routine()
    if e.stage <= 3 and e.dose.kind is DoseKind.HOLD and e.dose.sides.value == "each"
]


# --- Building histories ---------------------------------------------------------------------


def at(day: int, month: int = 5, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def record(
    slug: str,
    when: datetime,
    left: float | tuple[float, ...] | None,
    right: float | tuple[float, ...] | None,
    record_id: int | None = None,
) -> CheckRecord:
    """One sitting of a check; a tuple of degrees is several trials of one side."""
    trials = []
    for side, degrees in ((Side.LEFT, left), (Side.RIGHT, right)):
        if degrees is None:
            continue
        values = degrees if isinstance(degrees, tuple) else (degrees,)
        trials += [
            Trial(side, n, v, Method.INCLINOMETER, Mode.PASSIVE, MeasuredBy.SELF)
            for n, v in enumerate(values, start=1)
        ]
    return CheckRecord(slug, when, tuple(trials), id=record_id)


def prone(day: int, left, right, month: int = 5) -> CheckRecord:
    return record("prone-ir", at(day, month), left, right)


def seated(day: int, left, right, month: int = 5) -> CheckRecord:
    return record("seated-ir", at(day, month), left, right)


def result(
    slug: str, *, pain: bool = False, skipped: bool = False, side: Side = Side.LEFT
) -> SetResult:
    return SetResult(
        exercise_slug=slug,
        side=side,
        set_index=1,
        planned_seconds=60,
        done_seconds=0 if skipped else 60,
        planned_reps=None,
        done_reps=None,
        skipped=skipped,
        started_at=at(1),
        ended_at=at(1),
        pain=pain,
    )


def log(
    session_id: int,
    day: int,
    *,
    plan: SessionPlan = BASE,
    sets: Iterable[SetResult] = (),
    effort: Effort | None = None,
    per: Mapping[str, Effort] | None = None,
    status: SessionStatus = SessionStatus.FINISHED,
    month: int = 5,
) -> SessionLog:
    started = at(day, month)
    checkin = None
    if effort is not None:
        checkin = CheckIn(session_id, started + timedelta(hours=1), effort, dict(per or {}))
    return SessionLog(session_id, started, status, plan, tuple(sets), checkin)


def planned_with(plan: SessionPlan, slug: str, **values: float) -> SessionPlan:
    """A stored plan with one exercise's dose changed, as an earlier plan_next left it."""
    items = tuple(
        replace(item, dose=replace(item.dose, **values)) if item.exercise.slug == slug else item
        for item in plan.items
    )
    return replace(plan, items=items)


def make(
    checks: Iterable[CheckRecord] = (),
    sessions: Iterable[SessionLog] = (),
    *,
    today: date = TODAY,
    cleared: Mapping[str, datetime] | None = None,
    **preferences,
) -> Plan:
    history = Logbook(tuple(checks), tuple(sessions), dict(cleared or {}))
    return plan_next(history, PlanPreferences(**preferences), today, CONTENT, CHECKS)


def dose(plan: Plan, slug: str) -> Dose:
    item = plan.item(slug)
    assert item is not None, f"{slug} is not in the plan"
    return item.dose


def slugs(plan: Plan) -> list[str]:
    return [item.exercise.slug for item in plan.session.items]


def said(plan: Plan) -> str:
    return "\n".join(plan.reasons)


def assert_doses(plan: Plan, expected: Iterable[tuple[str, str, float]]) -> None:
    for slug, name, value in expected:
        assert getattr(dose(plan, slug), name) == value, (slug, name)


def assert_said(plan: Plan, fragments: Iterable[str]) -> None:
    text = said(plan)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


BASE_DOSES = [
    ("release-deep-glutes", "seconds", 60),
    ("figure-4-seated", "seconds", 60),
    ("band-distraction-neutral", "seconds", 60),
    ("hip-click", "reps", 5),
    ("swivel-chair", "reps", 20),
    ("seated-hip-ir", "seconds", 3),
    ("seated-hip-ir", "reps", 20),
    ("hip-shift-wall", "seconds", 30),
    ("foot-lift-9090", "reps", 10),
    ("step-across", "reps", 20),
]


# --- No check yet ---------------------------------------------------------------------------


def test_no_check_is_the_full_routine_at_base_doses_with_a_baseline_prompt() -> None:
    plan = make()
    assert slugs(plan) == DEFAULT_SLUGS
    assert all(item.dose == item.exercise.dose for item in plan.session.items)
    assert all(item.first_side is Side.LEFT for item in plan.session.items)
    assert not any(item.exercise.optional for item in plan.session.items)
    assert plan.reasons == ("No check yet, so all six stages are at their usual dose.",)
    assert len(plan.prompts) == 1
    assert "baseline check first (lying face down and sitting" in plan.prompts[0]
    assert plan.emphasised_stages == frozenset()
    assert plan.seconds == plan_seconds(plan.session)
    assert plan.session.get_ready_seconds == 10 and plan.session.rest_seconds == 15


def test_get_ready_and_rest_come_from_the_preferences() -> None:
    plan = make(get_ready_seconds=5, rest_seconds=30)
    assert (plan.session.get_ready_seconds, plan.session.rest_seconds) == (5, 30)
    assert plan.seconds == plan_seconds(plan.session)


def test_an_optional_check_alone_is_not_a_baseline() -> None:
    plan = make([record("supine-90-90-ir", at(3), 10, 10)])
    # Issue 13 (rule 7): it says which checks it has and which it needs, not "No check yet".
    assert plan.reasons[0].startswith("Your checks so far are lying on your back only")
    assert plan.prompts and "baseline" in plan.prompts[0]


# --- Where the hips stand -------------------------------------------------------------------

RESTRICTED_DOSES = [
    ("release-deep-glutes", "seconds", 60),  # full dose, not shortened
    ("figure-4-seated", "seconds", 60),
    ("band-distraction-neutral", "seconds", 60),
    ("swivel-chair", "reps", 20),
    ("seated-hip-ir", "seconds", 3),  # already the shortest hold, so a rep set less
    ("seated-hip-ir", "reps", 18),
    ("side-lying-lift", "reps", 18),
    ("hip-shift-wall", "seconds", 20),
    ("foot-lift-9090", "reps", 9),
    ("step-across", "reps", 15),
    ("staggered-stance-hinge", "reps", 15),
]
PROGRESSED_DOSES = [
    ("release-deep-glutes", "seconds", 60),  # already the shortest release
    ("figure-4-seated", "seconds", 60),
    ("swivel-chair", "reps", 20),
    ("seated-hip-ir", "seconds", 4),  # reps are at the top: the hold gets longer
    ("seated-hip-ir", "reps", 20),
    ("hip-shift-wall", "seconds", 40),
    ("foot-lift-9090", "reps", 11),
    ("step-across", "reps", 20),  # integration at full dose
]


@pytest.mark.parametrize(
    ("checks", "doses", "emphasised", "fragments"),
    [
        pytest.param(
            [prone(3, 30, 32)],
            RESTRICTED_DOSES,
            {1, 2, 3},
            [
                "Your hips turned in 30° (left) and 32° (right) lying face down on 3 May, "
                "15° and 13° short of the reference of 45°: releases, stretches and joint work "
                "come first at full dose, and strengthening and standing moves are one step "
                "shorter today."
            ],
            id="restricted-both-sides",
        ),
        pytest.param(
            [record("prone-ir", at(3), 30, None)],
            RESTRICTED_DOSES,
            {1, 2, 3},
            ["Your left hip turned in 30° lying face down on 3 May, 15° short of the reference"],
            id="restricted-one-side-measured",
        ),
        pytest.param(
            [record("prone-ir", at(3), (30, 44, 31), (33, 32, 60))],
            RESTRICTED_DOSES,
            {1, 2, 3},
            ["Your hips turned in 31° (left) and 33° (right)", "14° and 12° short"],
            id="median-of-three-trials",
        ),
        pytest.param(
            [prone(3, 40, 40)],
            BASE_DOSES,
            set(),
            ["within 5° of the reference of 45°"],
            id="exactly-the-noise-margin-below-is-near",  # "more than" the margin restricts
        ),
        pytest.param(
            [prone(3, 39.9, 40)],
            RESTRICTED_DOSES,
            {1, 2, 3},
            ["5.1° short of the reference of 45°"],
            id="just-past-the-noise-margin-is-restricted",
        ),
        pytest.param(
            [prone(3, 40.1, 41)],
            BASE_DOSES,
            set(),
            ["within 5° of the reference of 45°: all stages at their usual dose."],
            id="inside-the-noise-margin-is-near",
        ),
        pytest.param(
            [seated(4, 24, 26), prone(3, 44, 43)],
            RESTRICTED_DOSES,
            {1, 2, 3},
            [
                "Your hips turned in 24° (left) and 26° (right) sitting on 4 May, "
                "the left 6° short of the reference of 30–45°: releases",
                "Your hips turned in 44° (left) and 43° (right) lying face down on 3 May, "
                "within 5° of the reference of 45°.",
            ],
            id="restricted-sitting-with-prone-near",
        ),
        pytest.param(
            [prone(3, 30, 30, month=4), prone(3, 42, 43)],
            BASE_DOSES,
            set(),
            ["on 3 May, within 5° of the reference of 45°: all stages at their usual dose."],
            id="latest-check-counts-not-an-older-one",
        ),
        pytest.param(
            [prone(3, 45, 46)],
            BASE_DOSES,
            set(),
            [
                "at or above the reference of 45°: all stages at their usual dose. One more "
                "check at the reference and strengthening steps up."
            ],
            id="at-the-reference-once",
        ),
        pytest.param(
            [prone(3, 47, 45), prone(19, 45, 46, month=4)],
            PROGRESSED_DOSES,
            {5, 6},
            [
                "Your hips turned in 47° (left) and 45° (right) lying face down on 3 May, at or "
                # Issue 13 (rule 7): the releases are already at their shortest, so "fewer".
                "above the reference of 45° for the second check in a row: fewer releases, "
                "strengthening is one step harder, and standing moves are at full dose.",
                "Fewer releases now your hips reach the reference: left out inner sit-bone release "
                "(obturator internus), buttock release (gluteus maximus) and upper glute release.",
            ],
            id="progressed-two-in-a-row",
        ),
        pytest.param(
            [prone(3, 47, 45), prone(19, 30, 30, month=4), prone(5, 46, 46, month=4)],
            BASE_DOSES,
            set(),
            ["at or above the reference of 45°: all stages"],
            id="not-consecutive-is-not-progressed",
        ),
        pytest.param(
            [prone(3, 47, 45), prone(19, 45, 46, month=4), seated(4, 28, 29)],
            BASE_DOSES,
            set(),
            ["sitting on 4 May, within 5° of the reference of 30–45°"],
            id="two-in-a-row-but-sitting-near-is-near",
        ),
    ],
)
def test_the_plan_follows_the_latest_checks(checks, doses, emphasised, fragments) -> None:
    plan = make(checks)
    assert_doses(plan, doses)
    assert plan.emphasised_stages == frozenset(emphasised)
    assert_said(plan, fragments)
    assert not plan.prompts  # a check a week old is not stale
    assert not any(item.exercise.optional for item in plan.session.items)


def test_restricted_keeps_every_exercise_and_puts_stages_1_to_3_first() -> None:
    plan = make([prone(3, 30, 32)])
    assert slugs(plan) == DEFAULT_SLUGS
    stages = [item.exercise.stage for item in plan.session.items]
    assert stages[:13] == [1] * 5 + [2] * 5 + [3] * 3


def test_progressed_keeps_only_the_first_releases() -> None:
    plan = make([prone(3, 47, 45), prone(19, 45, 46, month=4)])
    releases = [item.exercise.slug for item in plan.session.items if item.exercise.stage == 1]
    assert releases == ["release-deep-glutes", "release-piriformis"]
    assert len(releases) == RELEASES_KEPT_WHEN_PROGRESSED
    assert "fewer releases" in plan.changes["release-glute-med-min"]
    assert slugs(plan)[2:] == DEFAULT_SLUGS[5:]


def test_records_in_any_order_give_the_same_plan() -> None:
    checks = [prone(19, 45, 46, month=4), seated(4, 40, 41), prone(3, 47, 45)]
    assert make(checks) == make(reversed(checks))


def test_dates_are_read_in_the_given_zone() -> None:
    late = record("prone-ir", datetime(2026, 5, 2, 23, 30, tzinfo=UTC), 30, 32)
    history = Logbook((late,))
    utc = plan_next(history, PlanPreferences(), TODAY, CONTENT, CHECKS)
    east = plan_next(
        history, PlanPreferences(), TODAY, CONTENT, CHECKS, tz=timezone(timedelta(hours=2))
    )
    assert "on 2 May" in utc.reasons[0] and "on 3 May" in east.reasons[0]


def test_a_date_from_another_year_shows_the_year() -> None:
    plan = make([record("prone-ir", datetime(2025, 12, 30, 9, tzinfo=UTC), 30, 32)])
    assert "on 30 December 2025" in plan.reasons[0]


# --- Rule 7: reasons stay true ----------------------------------------------------------------


def with_mode(check: CheckRecord, side: Side, mode: Mode) -> CheckRecord:
    trials = tuple(replace(t, mode=mode) if t.side is side else t for t in check.trials)
    return replace(check, trials=trials)


NEEDS_PASSIVE = (
    "the plan needs a passive check lying face down or sitting, so all six stages are at "
    "their usual dose."
)


@pytest.mark.parametrize(
    ("checks", "first_reason", "level_doses"),
    [
        pytest.param(
            [
                with_mode(
                    with_mode(prone(3, 30, 32), Side.LEFT, Mode.ACTIVE), Side.RIGHT, Mode.ACTIVE
                )
            ],
            f"Your checks so far are active: {NEEDS_PASSIVE}",
            BASE_DOSES,
            id="active-only",
        ),
        pytest.param(
            [record("straight-leg-raise", at(3), 70, 75)],
            f"Your checks so far are straight-leg raise only: {NEEDS_PASSIVE}",
            BASE_DOSES,
            id="straight-leg-raise-only",
        ),
        pytest.param(
            [with_mode(prone(3, 30, 45), Side.RIGHT, Mode.ACTIVE)],
            "Your left hip turned in 30° lying face down on 3 May, 15° short of the reference "
            "of 45°: releases",
            RESTRICTED_DOSES,
            id="a-mixed-record-keeps-its-passive-side",
        ),
        pytest.param(
            [prone(3, 43, 44), record("prone-ir", at(11), 30, 30)],
            "Your hips turned in 43° (left) and 44° (right) lying face down on 3 May, within 5° "
            "of the reference of 45°: all stages at their usual dose.",
            BASE_DOSES,
            id="a-check-dated-after-today-is-not-used",
        ),
    ],
)
def test_reasons_stay_true(checks, first_reason, level_doses) -> None:
    plan = make(checks)
    assert plan.reasons[0].startswith(first_reason)
    assert_doses(plan, level_doses)
    assert "11 May" not in said(plan)


# --- Doses carry over from the last plan, without compounding -------------------------------


@pytest.mark.parametrize(
    "checks",
    [
        [prone(3, 30, 32)],
        [prone(3, 30, 45)],
        [prone(3, 50, 45)],
        [prone(3, 47, 45), prone(19, 45, 46, month=4)],
        [prone(3, 52, 45), prone(19, 45, 46, month=4)],
    ],
    ids=["restricted", "restricted-lopsided", "near-lopsided", "progressed", "progressed-lop"],
)
def test_a_standing_that_lasts_does_not_move_doses_again_and_again(checks) -> None:
    first = make(checks)
    second = make(checks, [log(1, 4, plan=first.session)])
    assert [i.dose for i in second.session.items] == [i.dose for i in first.session.items]
    moved = [text for text in second.changes.values() if "instead of" in text]
    assert not moved  # no dose moved against the last plan


def test_back_near_the_reference_doses_climb_one_step_a_session() -> None:
    shortened = planned_with(BASE, "hip-shift-wall", seconds=20)
    plan = make([prone(5, 43, 44)], [log(1, 4, plan=shortened)])
    assert dose(plan, "hip-shift-wall").seconds == 30
    assert plan.changes["hip-shift-wall"] == (
        "One step back toward its usual dose: 30 s hold instead of 20 s hold."
    )
    lower = planned_with(BASE, "swivel-chair", reps=10)
    assert dose(make([prone(5, 43, 44)], [log(1, 4, plan=lower)]), "swivel-chair").reps == 15


def test_a_progression_earned_by_too_easy_is_kept() -> None:
    raised = planned_with(BASE, "swivel-chair", reps=25)
    assert dose(make([prone(5, 43, 44)], [log(1, 4, plan=raised)]), "swivel-chair").reps == 25
    assert dose(make([], [log(1, 4, plan=raised)]), "swivel-chair").reps == 25


def test_restricted_brings_a_raised_strengthening_dose_down_to_short() -> None:
    raised = planned_with(BASE, "step-across", reps=30)
    plan = make([prone(3, 30, 32)], [log(1, 4, plan=raised)])
    assert dose(plan, "step-across").reps == 15
    assert plan.changes["step-across"].startswith("One step shorter while your range is restricted")


# --- The tighter side -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checks", "tighter", "hold", "fragments"),
    [
        pytest.param(
            [prone(3, (50, 50), (45, 45))],
            Side.RIGHT,
            75,
            [
                "Your right side is 5° tighter than your left lying face down on 3 May, so the "
                "right goes first in every one-side exercise and its holds in releases, "
                "stretches and joint work are one step longer"
            ],
            id="right-tighter-by-exactly-5",
        ),
        pytest.param(
            [prone(3, (30, 30), (45, 45))],
            Side.LEFT,
            75,
            ["Your left side is 15° tighter than your right lying face down on 3 May"],
            id="left-tighter-and-restricted",
        ),
        pytest.param(
            [prone(3, 45.1, 50)],
            None,
            60,
            [],
            id="under-5-is-noise",
        ),
        pytest.param(
            [prone(3, (46, 46), (49, 49)), seated(4, (30, 30), (40, 40))],
            Side.LEFT,
            75,
            ["Your left side is 10° tighter than your right sitting on 4 May"],
            id="the-larger-difference-wins",
        ),
        pytest.param(
            [record("prone-ir", at(3), 30, None)],
            None,
            60,
            [],
            id="one-side-has-no-difference",
        ),
    ],
)
def test_the_tighter_side_goes_first_and_holds_longer(checks, tighter, hold, fragments) -> None:
    plan = make(checks)
    for item in plan.session.items:
        if item.dose.sides.value == "each":
            assert item.first_side is (tighter or Side.LEFT), item.exercise.slug
        else:
            assert item.first_side is Side.LEFT, item.exercise.slug
    for slug in EACH_SIDE_HOLDS_1_TO_3:
        # Only the tighter side holds longer: the dose stays, its first side gets the extra.
        item = plan.item(slug)
        assert item is not None
        assert (item.dose.seconds, item.dose.sets) == (60, 1), slug
        assert item.dose.seconds + item.first_side_extra == hold, slug
    assert (
        dose(plan, "femoral-head-centration") == CONTENT.exercise("femoral-head-centration").dose
    )  # not a hold: same dose, tighter side first
    assert_said(plan, fragments)
    if tighter is None:
        assert "tighter" not in said(plan)


def test_extra_volume_does_not_pass_the_top_of_the_range() -> None:
    top = planned_with(BASE, "release-deep-glutes", seconds=120)
    plan = make([prone(3, 30, 45)], [log(1, 4, plan=top)])
    assert dose(plan, "release-deep-glutes").seconds == 120


# --- Rule 4: a tighter side only when the evidence agrees ---------------------------------


def measured(
    slug: str, when: datetime, left: float, right: float, methods: tuple[Method, ...]
) -> CheckRecord:
    """One sitting with one trial per method on each side (several methods: a mixed record)."""
    trials = [
        Trial(side, n, value, method, Mode.PASSIVE, MeasuredBy.SELF)
        for side, value in ((Side.LEFT, left), (Side.RIGHT, right))
        for n, method in enumerate(methods, start=1)
    ]
    return CheckRecord(slug, when, tuple(trials))


TWICE_EACH = (Method.INCLINOMETER, Method.INCLINOMETER)
MIXED = (Method.INCLINOMETER, Method.GONIOMETER)
DISAGREE = (
    "Your checks disagree about which side is tighter: lying face down on 3 May your left side "
    "was 8° tighter and sitting on 4 May your right side was 10° tighter. Until a re-check "
    "agrees, both sides are treated the same."
)
RECHECK_SIDES = (
    "Re-check both positions, both sides, 2 or 3 trials each: your checks disagree about which "
    "side is tighter."
)
LOOK = " A difference of 15° or more between sides is worth having a physiotherapist look at."


@pytest.mark.parametrize(
    ("checks", "tighter", "reason", "prompts"),
    [
        pytest.param(
            [prone(3, (38, 38), (46, 46)), seated(4, (40, 40), (30, 30))],
            None,
            DISAGREE,
            (RECHECK_SIDES,),
            id="positions-disagree-both-sides-equal",
        ),
        pytest.param(
            [prone(3, (30, 30), (45, 45))],
            Side.LEFT,
            "Your left side is 15° tighter than your right lying face down on 3 May, so the left "
            "goes first in every one-side exercise and its holds in releases, stretches and "
            f"joint work are one step longer.{LOOK}",
            (),
            id="15-or-more-suggests-a-look",
        ),
        pytest.param(
            [prone(3, 30, 40)],
            None,
            "Your left side looked 10° tighter than your right lying face down on 3 May, but "
            "from one trial per side. Do 2 or 3 trials per side with an inclinometer, goniometer "
            "or photo before the plan favours a side.",
            (),
            id="a-single-trial-per-side-asks-for-more",
        ),
        pytest.param(
            [measured("prone-ir", at(3), 30, 40, (Method.EYE, Method.EYE))],
            None,
            "Your left side looked 10° tighter than your right lying face down on 3 May, but by "
            "eye. Do 2 or 3 trials per side with an inclinometer, goniometer or photo before the "
            "plan favours a side.",
            (),
            id="by-eye-only-asks-for-more",
        ),
    ],
)
def test_a_tighter_side_only_when_the_evidence_agrees(checks, tighter, reason, prompts) -> None:
    plan = make(checks)
    assert plan.tighter_side is tighter
    assert reason in plan.reasons
    assert plan.prompts == prompts
    extras = {item.first_side_extra for item in plan.session.items}
    assert extras == ({0.0} if tighter is None else {0.0, 15.0})


@pytest.mark.parametrize(
    ("checks", "progressed"),
    [
        pytest.param(
            [
                measured("prone-ir", at(19, 4), 46, 46, TWICE_EACH),
                measured("prone-ir", at(3), 47, 46, TWICE_EACH),
            ],
            True,
            id="two-comparable-records",
        ),
        pytest.param(
            [
                measured("prone-ir", at(19, 4), 46, 46, MIXED),
                measured("prone-ir", at(3), 47, 46, MIXED),
            ],
            False,
            id="two-records-that-each-mix-instruments-never-count",
        ),
        pytest.param(
            [
                measured("prone-ir", at(19, 4), 46, 46, TWICE_EACH),
                measured("prone-ir", at(25, 4), 35, 35, (Method.GONIOMETER,) * 2),
                measured("prone-ir", at(3), 47, 46, TWICE_EACH),
            ],
            False,
            id="a-conflicting-record-in-between",
        ),
        pytest.param(
            [
                measured("prone-ir", at(19, 4), 46, 46, TWICE_EACH),
                measured("prone-ir", at(3), 47, 46, (Method.GONIOMETER,) * 2),
            ],
            False,
            id="another-instrument-is-not-comparable",
        ),
    ],
)
def test_twice_in_a_row_means_two_comparable_checks(checks, progressed) -> None:
    plan = make(checks)
    assert (plan.emphasised_stages == frozenset({5, 6})) is progressed
    assert ("for the second check in a row" in said(plan)) is progressed


# --- Feedback from the last sessions --------------------------------------------------------

PINCH = "posterior-capsule-stretch"


def pinched(*slugs_: str) -> list[SetResult]:
    return [result(slug, pain=True, skipped=True) for slug in slugs_]


def done(*slugs_: str) -> list[SetResult]:
    return [result(slug) for slug in slugs_]


@pytest.mark.parametrize(
    ("sessions", "expected", "absent", "fragments"),
    [
        pytest.param(
            [log(1, 4, sets=pinched(PINCH))],
            [(PINCH, "seconds", 45)],
            [],
            [
                "Last time the crossed-knee sit-back (posterior capsule stretch) caused a pinch "
                "or pain, so it is "
                "easier today (45 s hold instead of 60 s hold). An easier way to do it: Shift "
                "less weight onto the crossed knee. If a pinch keeps coming back, have a "
                "physiotherapist look at your hip."
            ],
            id="pinch-regresses",
        ),
        pytest.param(
            [log(1, 4, sets=pinched("release-piriformis"))],
            [],
            ["release-piriformis"],
            [
                "Last time the mid-buttock release (piriformis) caused a pinch or pain, so it is "
                "left out "
                "today: it was already at its easiest."
            ],
            id="pinch-at-the-bottom-drops",
        ),
        pytest.param(
            [
                log(1, 2, sets=pinched(PINCH)),
                log(2, 3, plan=planned_with(BASE, PINCH, seconds=45)),
                log(3, 4, plan=planned_with(BASE, PINCH, seconds=45), sets=pinched(PINCH)),
            ],
            [],
            [PINCH],
            [
                # Issue 13: a pinch that comes back stops the exercise (it used to be kept,
                # one step shorter). Session 2 never reached it, so it is 2 of 2.
                "The crossed-knee sit-back (posterior capsule stretch) caused a pinch or pain in "
                "2 of your last 2 "
                "sessions that reached it, so it is left out until you answer the question at "
                "the top: has a physiotherapist or doctor assessed it, or is your hip pain-free "
                "now? A pinch that keeps coming back needs a look: please see a physiotherapist "
                "or doctor before you do it again."
            ],
            id="repeated-pinch-says-so-strongly",
        ),
        pytest.param(
            [
                log(1, 2, sets=pinched(PINCH)),
                log(2, 3, plan=planned_with(BASE, PINCH, seconds=45)),
            ],
            [(PINCH, "seconds", 45)],
            [],
            [],
            id="after-a-pinch-it-is-held-not-raised",
        ),
        pytest.param(
            [
                log(1, 1, sets=pinched(PINCH)),
                *(
                    log(n, n, plan=planned_with(BASE, PINCH, seconds=45), sets=[result(PINCH)])
                    for n in (2, 3, 4)
                ),
            ],
            [(PINCH, "seconds", 60)],
            [],
            [],
            id="three-calm-sessions-later-it-climbs-back",
        ),
        pytest.param(
            [log(1, 4, effort=Effort.TOO_HARD)],
            [
                ("release-deep-glutes", "seconds", 60),  # already the shortest
                ("figure-4-seated", "seconds", 45),
                ("hip-click", "reps", 4),
                ("swivel-chair", "reps", 15),
                ("seated-hip-ir", "reps", 18),
                ("step-across", "reps", 15),
            ],
            [],
            [
                "You marked your last session too hard, so exercises are one step easier "
                "today where their range allows."
            ],
            id="too-hard-overall",
        ),
        pytest.param(
            [log(1, 4, effort=Effort.ABOUT_RIGHT, per={"swivel-chair": Effort.TOO_HARD})],
            [("swivel-chair", "reps", 15), ("straight-leg-rolls", "reps", 20)],
            [],
            ["You marked the swivel chair too hard last time, so it is one step easier."],
            id="too-hard-one-exercise",
        ),
        pytest.param(
            [log(1, 4, effort=Effort.TOO_HARD, per={"swivel-chair": Effort.ABOUT_RIGHT})],
            [("swivel-chair", "reps", 20), ("straight-leg-rolls", "reps", 15)],
            [],
            [],
            id="own-rating-beats-the-overall-one",
        ),
        pytest.param(
            [
                log(1, 3, effort=Effort.TOO_EASY, sets=done(*DEFAULT_SLUGS)),
                log(2, 4, effort=Effort.TOO_EASY, sets=done(*DEFAULT_SLUGS)),
            ],
            [
                ("swivel-chair", "reps", 25),
                ("figure-4-seated", "seconds", 75),
                ("seated-hip-ir", "seconds", 4),
                ("hip-click", "reps", 6),
                ("release-deep-glutes", "seconds", 60),  # releases never grow on "too easy"
                ("band-distraction-neutral", "seconds", 60),  # nor do band distractions
            ],
            [],
            [
                # Issue 13 (rule 5): only what was done grows, never releases or distractions.
                "You marked your last two sessions too easy, so the exercises you did in both "
                "are one step harder today where their range allows (never more than one step "
                "a session; releases and band pulls stay as they are)."
            ],
            id="too-easy-twice",
        ),
        pytest.param(
            [log(1, 3, effort=Effort.ABOUT_RIGHT), log(2, 4, effort=Effort.TOO_EASY)],
            [("swivel-chair", "reps", 20)],
            [],
            [],
            id="too-easy-once-changes-nothing",
        ),
        pytest.param(
            [
                log(1, 2, effort=Effort.TOO_EASY),
                log(2, 3, effort=Effort.TOO_EASY),
                log(3, 4),
            ],
            [("swivel-chair", "reps", 20)],
            [],
            [],
            id="no-check-in-last-time-does-not-repeat-an-old-rating",
        ),
        pytest.param(
            [
                log(1, 2, effort=Effort.TOO_HARD),
                log(2, 3, effort=Effort.TOO_EASY),
                log(3, 4, effort=Effort.TOO_EASY),
            ],
            [("swivel-chair", "reps", 20)],
            [],
            [],
            id="too-easy-held-by-a-recent-too-hard",
        ),
        pytest.param(
            [
                log(
                    1,
                    3,
                    effort=Effort.ABOUT_RIGHT,
                    per={"swivel-chair": Effort.TOO_EASY},
                    sets=done("swivel-chair"),
                ),
                log(
                    2,
                    4,
                    effort=Effort.ABOUT_RIGHT,
                    per={"swivel-chair": Effort.TOO_EASY},
                    sets=done("swivel-chair"),
                ),
            ],
            [("swivel-chair", "reps", 25), ("straight-leg-rolls", "reps", 20)],
            [],
            ["You marked the swivel chair too easy twice in a row, so it is one step harder."],
            id="too-easy-twice-one-exercise",
        ),
    ],
)
def test_feedback_moves_doses(sessions, expected, absent, fragments) -> None:
    plan = make([prone(5, 43, 44)], sessions)
    assert_doses(plan, expected)
    for slug in absent:
        assert plan.item(slug) is None
        assert slug in plan.changes
    assert_said(plan, fragments)


def test_too_easy_does_not_lengthen_what_restricted_keeps_short() -> None:
    sessions = [
        log(1, 3, effort=Effort.TOO_EASY, sets=done(*DEFAULT_SLUGS)),
        log(2, 4, effort=Effort.TOO_EASY, sets=done(*DEFAULT_SLUGS)),
    ]
    plan = make([prone(3, 30, 32)], sessions)
    assert dose(plan, "step-across").reps == 15
    assert dose(plan, "swivel-chair").reps == 25


def test_an_old_pinch_does_not_regress() -> None:
    # Done cleanly three times since: a pinch is remembered only until then (issue 13).
    sessions = [log(1, 1, sets=pinched(PINCH)), *(log(n, n, sets=done(PINCH)) for n in (2, 3, 4))]
    assert dose(make([prone(5, 43, 44)], sessions), PINCH).seconds == 60


def test_a_pinch_dropped_exercise_comes_back_at_its_easiest_after_a_while() -> None:
    sessions = [log(1, 1, sets=pinched("release-piriformis"))]
    without = replace(
        BASE, items=tuple(i for i in BASE.items if i.exercise.slug != "release-piriformis")
    )
    assert make([prone(5, 43, 44)], sessions).item("release-piriformis") is None
    for n in (2, 3):
        sessions.append(log(n, n, plan=without, sets=done("release-deep-glutes")))
        assert make([prone(5, 43, 44)], sessions).item("release-piriformis") is None
    sessions.append(log(4, 4, plan=without, sets=done("release-deep-glutes")))
    back = make([prone(5, 43, 44)], sessions)
    assert dose(back, "release-piriformis").seconds == 60
    # Not yet done since the pinch: its reason stays visible (issue 13).
    assert (
        "Last time the mid-buttock release (piriformis) caused a pinch or pain, so it is back at "
        "its easiest "
        "and is not made harder until you have done it once without a pinch."
    ) in back.reasons[1]


def test_a_pinch_last_time_it_was_planned_counts_across_a_short_session() -> None:
    short = replace(BASE, items=BASE.items[:3])
    sessions = [log(1, 3, sets=pinched(PINCH)), log(2, 4, plan=short)]
    plan = make([prone(5, 43, 44)], sessions)
    assert dose(plan, PINCH).seconds == 45


# --- Rule 1: a pinch that comes back stops the exercise ----------------------------------

AT_45 = planned_with(BASE, PINCH, seconds=45)
# Pinched, done without a pinch, pinched again: a pinch that comes back.
PINCHED_TWICE = [
    log(1, 2, sets=pinched(PINCH)),
    log(2, 3, plan=AT_45, sets=done(PINCH)),
    log(3, 4, plan=AT_45, sets=pinched(PINCH)),
]
CAPSULE_EASIER = " An easier way to do it: Shift less weight onto the crossed knee."
STAYS_EASIER = (
    "Last time the crossed-knee sit-back (posterior capsule stretch) caused a pinch or pain, so "
    "it stays easier until "
    f"you have done it once without a pinch.{CAPSULE_EASIER} If a pinch keeps coming back, "
    "have a physiotherapist look at your hip."
)
STOPPED = (
    "The crossed-knee sit-back (posterior capsule stretch) caused a pinch or pain in 2 of your "
    "last 3 sessions that "
    "reached it, so it is left out until you answer the question at the top: has a "
    "physiotherapist or doctor assessed it, or is your hip pain-free now? A pinch that keeps "
    "coming back needs a look: please see a physiotherapist or doctor before you do it again."
)


def left_after(seconds: float) -> SessionLog:
    """A session started and left after a few seconds: only the first release was reached."""
    return log(
        9,
        6,
        plan=AT_45,
        sets=[replace(result("release-deep-glutes", skipped=True), done_seconds=seconds)],
        status=SessionStatus.ABANDONED,
    )


@pytest.mark.parametrize(
    ("sessions", "cleared", "expected", "answer", "reason"),
    [
        pytest.param(
            [log(1, 4, sets=pinched(PINCH)), left_after(3)],
            {},
            (45, 1),
            (),
            STAYS_EASIER,
            id="a-session-left-after-3-s-does-not-forget-the-pinch",
        ),
        pytest.param(
            [log(1, 4, sets=pinched(PINCH)), left_after(3), replace(left_after(3), id=10)],
            {},
            (45, 1),
            (),
            STAYS_EASIER,
            id="two-short-sessions-do-not-bring-the-dose-back-up",
        ),
        pytest.param(
            PINCHED_TWICE,
            {},
            None,
            (PINCH,),
            STOPPED,
            id="a-second-pinch-in-three-sessions-leaves-it-out",
        ),
        pytest.param(
            [
                *PINCHED_TWICE,
                *(log(n, 5, sets=done("swivel-chair")) for n in (4, 5, 6, 7)),
            ],
            {},
            None,
            (PINCH,),
            STOPPED,
            id="it-stays-out-however-many-sessions-pass-unanswered",
        ),
        pytest.param(
            PINCHED_TWICE,
            {PINCH: at(5)},
            (30, 1),
            (),
            "You said the crossed-knee sit-back (posterior capsule stretch) has been assessed or "
            "is pain-free now, so it is back at its easiest (30 s hold, each side)."
            f"{CAPSULE_EASIER} Stop at the first pinch or pain.",
            id="answered-it-returns-at-its-easiest-with-its-easier-variant",
        ),
    ],
)
def test_a_pinch_that_comes_back_stops_the_exercise(
    sessions, cleared, expected, answer, reason
) -> None:
    plan = make([prone(5, 43, 44)], sessions, cleared=cleared)
    item = plan.item(PINCH)
    if expected is None:
        assert item is None
        assert plan.changes[PINCH].startswith("Left out until it is assessed or pain-free")
    else:
        assert (item.dose.seconds, item.dose.sets) == expected
    assert plan.awaiting_answer == answer
    assert_said(plan, [reason])


def test_an_answer_before_the_latest_pinch_is_a_single_pinch_after_it() -> None:
    # Answered on 3 May, pinched again on 4 May: one pinch since the answer, one step easier.
    sessions = [
        log(1, 2, sets=pinched(PINCH)),
        log(2, 3, plan=AT_45, sets=pinched(PINCH)),
        log(3, 4, plan=AT_45, sets=pinched(PINCH)),
    ]
    plan = make([prone(5, 43, 44)], sessions, cleared={PINCH: at(3, hour=12)})
    assert dose(plan, PINCH).seconds == 30
    assert plan.awaiting_answer == ()


def test_pinches_in_two_exercises_lighten_the_next_session_and_leave_their_stages_out() -> None:
    sessions = [log(1, 4, sets=[*pinched(PINCH, "swivel-chair"), *done("release-deep-glutes")])]
    plan = make([prone(5, 43, 44)], sessions)
    stages = {item.exercise.stage for item in plan.session.items}
    assert stages == {1, 3, 5, 6}
    assert_doses(
        plan,
        [
            ("hip-shift-wall", "seconds", 20),
            ("step-across", "reps", 15),
            ("release-deep-glutes", "seconds", 60),  # already at its easiest
        ],
    )
    assert plan.reasons[1] == (
        "Your session on 4 May had a pinch or pain in 2 exercises (the crossed-knee sit-back "
        "(posterior capsule stretch) "
        "and the swivel chair), so today is one step lighter throughout and the stretches and "
        "gentle internal-rotation movements stages are left out this once. Pinches in more than "
        "one exercise need a look: please see a physiotherapist or doctor before you push "
        "further."
    )
    assert plan.changes["figure-4-seated"] == "Left out this once: pinches in several exercises."
    # Once: the next session that does any work ends it.
    later = make([prone(5, 43, 44)], [*sessions, log(2, 5, sets=done("release-deep-glutes"))])
    assert {item.exercise.stage for item in later.session.items} == {1, 2, 3, 4, 5, 6}


SAVED = {"figure-4-seated": ExerciseChoice(dose={"seconds": 90, "sets": 2})}
AT_SAVED = planned_with(BASE, "figure-4-seated", seconds=90, sets=2)


@pytest.mark.parametrize(
    ("sessions", "expected", "as_chosen"),
    [
        pytest.param([], (90, 2), True, id="saved-dose-applies"),
        pytest.param(
            [log(1, 4, plan=AT_SAVED, sets=pinched("figure-4-seated"))],
            (75, 1),
            False,
            id="after-a-pinch-one-set-one-step-lower",
        ),
        pytest.param(
            [
                log(1, 4, plan=AT_SAVED, sets=pinched("figure-4-seated")),
                log(2, 5, plan=planned_with(AT_SAVED, "figure-4-seated", seconds=75, sets=1)),
            ],
            (75, 1),
            False,
            id="a-session-that-did-not-reach-it-keeps-the-cap",
        ),
        pytest.param(
            [
                log(1, 4, plan=AT_SAVED, sets=pinched("figure-4-seated")),
                log(
                    2,
                    5,
                    plan=planned_with(AT_SAVED, "figure-4-seated", seconds=75, sets=1),
                    sets=done("figure-4-seated"),
                ),
            ],
            (90, 1),
            False,
            id="done-without-a-pinch-it-returns-one-step",
        ),
        pytest.param(
            [
                log(1, 4, plan=AT_SAVED, sets=pinched("figure-4-seated")),
                log(
                    2,
                    5,
                    plan=planned_with(AT_SAVED, "figure-4-seated", seconds=75, sets=1),
                    sets=done("figure-4-seated"),
                ),
                log(
                    3,
                    6,
                    plan=planned_with(AT_SAVED, "figure-4-seated", seconds=90, sets=1),
                    sets=done("figure-4-seated"),
                ),
            ],
            (90, 2),
            True,  # all of the saved dose is back, so it is "as you chose" again
            id="then-the-next-step",
        ),
    ],
)
def test_a_saved_dose_is_capped_after_a_pinch_and_returns_one_step_at_a_time(
    sessions, expected, as_chosen
) -> None:
    plan = make([prone(3, 43, 44)], sessions, always=SAVED)
    item = dose(plan, "figure-4-seated")
    assert (item.seconds, item.sets) == expected
    chosen = "As you chose: your own dose for the seated figure-4 stretch." in plan.reasons
    assert chosen is as_chosen
    assert "as you chose" not in said(plan).lower() or as_chosen


SKIPPER = "hip-click"


def skipped_once(slug: str = SKIPPER) -> list[SetResult]:
    return [result(slug, skipped=True, side=Side.BOTH), result("swivel-chair")]


@pytest.mark.parametrize(
    ("sessions", "moved"),
    [
        pytest.param([log(n, n, sets=skipped_once()) for n in (2, 3, 4)], True, id="three"),
        pytest.param([log(n, n, sets=skipped_once()) for n in (3, 4)], False, id="two"),
        pytest.param(
            [
                log(2, 2, sets=skipped_once()),
                log(3, 3, sets=[result(SKIPPER, side=Side.BOTH)]),
                log(4, 4, sets=skipped_once()),
                log(5, 5, sets=skipped_once()),
            ],
            False,
            id="done-in-between",
        ),
        pytest.param(
            [
                log(2, 2, sets=skipped_once()),
                log(3, 3, sets=skipped_once()),
                log(4, 4, sets=[result("release-deep-glutes")], status=SessionStatus.ABANDONED),
                log(5, 5, sets=skipped_once()),
            ],
            True,
            id="a-session-that-never-reached-it-is-no-evidence",
        ),
        pytest.param(
            [*(log(n, n, sets=skipped_once()) for n in (2, 3)), log(4, 4, sets=pinched(SKIPPER))],
            False,
            id="stopped-for-a-pinch-is-not-skipping",
        ),
    ],
)
def test_exercises_skipped_again_and_again_move_to_the_end_of_their_stage(sessions, moved) -> None:
    plan = make([prone(5, 43, 44)], sessions)
    stage_3 = [item.exercise.slug for item in plan.session.items if item.exercise.stage == 3]
    sentence = (
        "You skipped the hip click in each of your last 3 sessions with it, so it moves to the "
        "end of the joint mobilization stage."
    )
    if moved:
        assert stage_3[-1] == SKIPPER
        assert stage_3[:-1] == [
            "band-distraction-neutral",
            "band-distraction-flexed",
            "band-distraction-lateral",
            "femoral-head-centration",
        ]
        assert sentence in plan.reasons
        assert "Moved to the end of its stage" in plan.changes[SKIPPER]
    else:
        assert stage_3.index(SKIPPER) == 3
        assert sentence not in plan.reasons


# --- Rule 5: progress what was done, by quality as well as length ----------------------------

TOP = planned_with(planned_with(BASE, "step-across", reps=30), "figure-4-seated", seconds=90)


def test_too_easy_at_the_top_of_the_range_offers_a_harder_way_not_more_time() -> None:
    easy = {"effort": Effort.TOO_EASY, "sets": done(*DEFAULT_SLUGS), "plan": TOP}
    plan = make([prone(5, 43, 44)], [log(1, 3, **easy), log(2, 4, **easy)])
    assert_doses(plan, [("step-across", "reps", 30), ("figure-4-seated", "seconds", 90)])
    assert_said(
        plan,
        [
            "You marked the seated figure-4 stretch too easy, and it is at the top of its range, "
            "so rather than more time, try a harder way: Lean further forward, keeping the arch.",
            "You marked the step across too easy, and it is at the top of its range, so rather "
            "than more time, try the arm bar instead (Adjust…)",
        ],
    )


def test_too_easy_does_not_raise_what_was_not_done() -> None:
    sessions = [
        log(1, 3, effort=Effort.TOO_EASY, sets=done("figure-4-seated", "swivel-chair")),
        log(2, 4, effort=Effort.TOO_EASY, sets=done("figure-4-seated")),
    ]
    plan = make([prone(5, 43, 44)], sessions)
    assert_doses(plan, [("figure-4-seated", "seconds", 75), ("swivel-chair", "reps", 20)])


@pytest.mark.parametrize(
    ("slug", "sentence", "moved"),
    [
        pytest.param(
            "figure-4-seated",
            "You skipped the seated figure-4 stretch in each of your last 3 sessions with it, so "
            "it moves to the end of the stretches stage. An easier way to do it: Sit upright and "
            "skip the lean.",
            True,
            id="moves-and-offers-its-easier-variant",
        ),
        pytest.param(
            "ir-stretch-wall",
            "You skipped the wall knee-in stretch (internal rotation) in each of your last 3 "
            "sessions with "
            "it. An easier way to do it: Let the knee fall in on its own, no press.",
            False,
            id="already-last-so-no-moves-to-the-end",
        ),
        pytest.param(
            "step-across",
            "You skipped the step across in each of your last 3 sessions with it, so it moves to "
            "the end of the encouraging internal rotation stage. An easier way to do it: Take a "
            "smaller step. Or swap it for the arm bar (Adjust…).",
            True,
            id="offers-a-swap-when-there-is-one",
        ),
    ],
)
def test_skipped_three_times_is_offered_an_easier_way(slug, sentence, moved) -> None:
    sessions = [log(n, n, sets=[result(slug, skipped=True)]) for n in (2, 3, 4)]
    plan = make([prone(5, 43, 44)], sessions)
    assert sentence in plan.reasons
    assert ("Moved to the end" in plan.changes.get(slug, "")) is moved


# --- Saved choices --------------------------------------------------------------------------


def test_saved_drops_swaps_and_doses_are_respected() -> None:
    always = {
        "swivel-chair": ExerciseChoice(dropped=True),
        "step-across": ExerciseChoice(swap_for="arm-bar"),
        "figure-4-seated": ExerciseChoice(dose={"seconds": 500, "sets": 2}),
        "hip-click": ExerciseChoice(swap_for="swivel-chair"),  # another stage: not used
    }
    plan = make([prone(5, 43, 44)], always=always)
    assert plan.item("swivel-chair") is None
    without_swivel = [slug for slug in DEFAULT_SLUGS if slug != "swivel-chair"]
    assert slugs(plan).index("arm-bar") == without_swivel.index("step-across")
    assert plan.item("step-across") is None
    assert (dose(plan, "figure-4-seated").seconds, dose(plan, "figure-4-seated").sets) == (90, 2)
    assert plan.item("hip-click") is not None
    assert_said(
        plan,
        [
            "As you chose: your own dose for the seated figure-4 stretch, the swivel chair left "
            "out and the arm bar instead of the step across.",
            "Your saved swap of the hip click for the swivel chair was not used: it belongs to "
            "another stage.",
        ],
    )
    assert plan.changes["arm-bar"] == "Instead of the step across, as you chose."
    assert plan.changes["swivel-chair"] == "Left out, as you chose."


def test_a_saved_swap_to_an_exercise_that_is_gone_is_not_used() -> None:
    plan = make(always={"hip-click": ExerciseChoice(swap_for="retired-drill")})
    assert plan.item("hip-click") is not None
    assert (
        "Your saved swap of the hip click was not used: the exercise it names is no longer in "
        "the routine."
    ) in plan.reasons


def test_a_saved_dose_is_not_shortened_by_the_standing_but_is_by_a_pinch() -> None:
    always = {"seated-hip-ir": ExerciseChoice(dose={"reps": 20})}
    restricted = make([prone(3, 30, 32)], always=always)
    assert dose(restricted, "seated-hip-ir").reps == 20
    assert dose(restricted, "side-lying-lift").reps == 18
    pinch = [log(1, 4, sets=pinched("seated-hip-ir"))]
    after = make([prone(3, 30, 32)], pinch, always=always)
    assert dose(after, "seated-hip-ir").reps == 18


# --- Time budget ----------------------------------------------------------------------------

LEVELS = {
    "no-check": [],
    "near": [prone(5, 43, 44)],
    "restricted": [prone(3, 30, 45)],
    "progressed": [prone(3, 47, 45), prone(19, 45, 46, month=4)],
}


@pytest.mark.parametrize("minutes", [10, 20, 30, 45])
@pytest.mark.parametrize("level", LEVELS)
def test_the_plan_fits_the_budget_and_names_what_it_left_out(level, minutes) -> None:
    full = make(LEVELS[level])
    plan = make(LEVELS[level], time_budget_minutes=minutes)
    assert plan.seconds <= minutes * 60 + 60
    assert plan.seconds == plan_seconds(plan.session)
    kept = slugs(plan)
    assert kept == [slug for slug in slugs(full) if slug in kept]  # order unchanged
    left_out = [item.exercise for item in full.session.items if item.exercise.slug not in kept]
    assert left_out, "the full routine is longer than every budget"
    text = said(plan)
    assert f"To fit {minutes} minutes, left out: " in text
    for exercise in left_out:
        assert exercise.name[1:] in text
        assert plan.changes[exercise.slug].endswith(f"Left out to fit {minutes} minutes.")
    for stage in {e.stage for e in left_out} - {i.exercise.stage for i in plan.session.items}:
        name = CONTENT.stage(stage).name
        assert f"{name[0].lower()}{name[1:]}" in text.split("\n")[-1]


# Issue 13 (rule 6): ten minutes used to keep a ball release and drop all strengthening.
@pytest.mark.parametrize(
    ("checks", "kept"),
    [
        pytest.param(
            [],
            [
                "posterior-capsule-stretch",
                "band-distraction-neutral",
                "swivel-chair",
                "hip-shift-wall",
            ],
            id="no-check",
        ),
        pytest.param(
            [prone(3, 30, 32)],
            ["posterior-capsule-stretch", "band-distraction-neutral", "swivel-chair"],
            id="restricted",
        ),
    ],
)
def test_a_short_session_keeps_a_stretch_a_mobilization_a_movement_and_strength(
    checks, kept
) -> None:
    plan = make(checks, time_budget_minutes=10)
    assert [slug for slug in slugs(plan) if slug in kept] == kept
    stages = {item.exercise.stage for item in plan.session.items}
    assert {2, 3, 4, 5} <= stages and 1 not in stages  # before any ball release
    assert plan.reasons[-1] == (
        "No releases and encouraging internal rotation today: they do not fit in 10 minutes."
    )


def test_fewer_set_ups_in_a_short_session() -> None:
    equipment = {
        minutes: {
            e
            for i in make(time_budget_minutes=minutes).session.items
            for e in i.exercise.equipment
            if "optional" not in e
        }
        for minutes in (10, 20, None)
    }
    assert (len(equipment[10]), len(equipment[20]), len(equipment[None])) == (6, 7, 10)


def test_twenty_minutes_keeps_every_stage_and_shrinks_them_evenly() -> None:
    plan = make(time_budget_minutes=20)
    stages = [item.exercise.stage for item in plan.session.items]
    assert set(stages) == {1, 2, 3, 4, 5, 6}
    assert max(stages.count(s) for s in range(1, 7)) - min(stages.count(s) for s in (1, 2)) <= 1
    assert not any("not fit" in reason for reason in plan.reasons)


def test_restricted_budget_keeps_the_emphasised_stages_fullest() -> None:
    plan = make([prone(3, 30, 32)], time_budget_minutes=20)
    stages = [item.exercise.stage for item in plan.session.items]
    assert min(stages.count(s) for s in (1, 2, 3)) >= max(stages.count(s) for s in (4, 5, 6))
    assert stages.count(1) >= 2


def test_no_budget_is_the_whole_plan() -> None:
    plan = make(time_budget_minutes=None)
    assert slugs(plan) == DEFAULT_SLUGS
    assert not any("To fit" in reason for reason in plan.reasons)


def test_when_nothing_fits_the_plan_says_so() -> None:
    always = {slug: ExerciseChoice(dropped=True) for slug in DEFAULT_SLUGS[1:]}
    always["release-deep-glutes"] = ExerciseChoice(dose={"sets": 3, "seconds": 120})
    plan = make(always=always, time_budget_minutes=10)
    assert plan.session.items == ()
    assert (
        plan.reasons[-1] == "Nothing fits in 10 minutes at today's doses: choose a longer session."
    )


# --- Stale checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checks", "sessions", "preferences", "prompt"),
    [
        pytest.param([prone(26, 43, 44, month=4)], [], {}, "on 26 April, 14 days ago", id="14d"),
        pytest.param([prone(27, 43, 44, month=4)], [], {}, None, id="13d"),
        pytest.param([prone(3, 43, 44)], [], {"recheck_days": 7}, "7 days ago", id="own-days"),
        pytest.param(
            [prone(3, 43, 44)],
            [log(n, 4 + n // 3) for n in range(6)],
            {},
            "on 3 May, 6 sessions ago (re-check every 14 days or 6 sessions).",
            id="6-sessions",
        ),
        pytest.param([prone(3, 43, 44)], [log(n, 4) for n in range(5)], {}, None, id="5-sess"),
        pytest.param(
            [prone(3, 43, 44)],
            [log(n, 4, status=SessionStatus.ABANDONED) for n in range(8)],
            {},
            None,
            id="abandoned-sessions-do-not-count",
        ),
        pytest.param(
            [prone(20, 43, 44, month=4), seated(3, 40, 40)],
            [],
            {},
            None,
            id="the-newest-main-check-counts",
        ),
    ],
)
def test_a_stale_check_prompts_a_re_check(checks, sessions, preferences, prompt) -> None:
    plan = make(checks, sessions, **preferences)
    if prompt is None:
        assert plan.prompts == ()
    else:
        assert len(plan.prompts) == 1
        assert plan.prompts[0].startswith("Time to re-check: your last check was on ")
        assert prompt in plan.prompts[0]


# --- Rule 2: above the reference is not "progressed" ---------------------------------------

ABOVE_SAID = (
    "that is more range than the reference, not a reason to stretch further, so the stretches "
    "and band pulls are shorter and do not grow, and the focus moves to control and "
    "strengthening."
)
ABOVE_DOSES = [
    ("figure-4-seated", "seconds", 45),
    ("posterior-capsule-stretch", "seconds", 45),
    ("band-distraction-neutral", "seconds", 60),  # already the shortest distraction
    ("release-deep-glutes", "seconds", 60),
    ("swivel-chair", "reps", 20),
    ("hip-shift-wall", "seconds", 30),
    ("step-across", "reps", 20),
]
PAIN_WITH_RANGE = (
    "You have more range than the reference and also pain or a pinch. More stretching will not "
    "help that: please have a physiotherapist or doctor look at your hip."
)


def painful(check: CheckRecord) -> CheckRecord:
    return replace(check, trials=tuple(replace(t, pain=True) for t in check.trials))


@pytest.mark.parametrize(
    ("checks", "sessions", "doses", "fragments", "absent"),
    [
        pytest.param(
            [prone(3, 62, 60), prone(19, 61, 60, month=4)],
            [],
            ABOVE_DOSES,
            [
                "Your hips turned in 62° (left) and 60° (right) lying face down on 3 May, 17° "
                f"and 15° above the reference of 45°: {ABOVE_SAID}"
            ],
            ["progressed", "second check in a row", "steps up", PAIN_WITH_RANGE],
            id="far-above-twice-is-not-called-progressed",
        ),
        pytest.param(
            [prone(3, 52, 45)],
            [],
            ABOVE_DOSES,
            [f"the left 7° above the reference of 45°: {ABOVE_SAID}"],
            [],
            id="one-side-above",
        ),
        pytest.param(
            [prone(3, 50, 50)],
            [],
            BASE_DOSES,
            ["at or above the reference of 45°: all stages at their usual dose."],
            [ABOVE_SAID],
            id="exactly-the-noise-margin-above-is-not-above",
        ),
        pytest.param(
            [prone(3, 62, 60)],
            [
                log(
                    1,
                    4,
                    plan=planned_with(
                        planned_with(BASE, "figure-4-seated", seconds=90),
                        "band-distraction-neutral",
                        seconds=90,
                    ),
                    effort=Effort.TOO_EASY,
                    sets=done(*DEFAULT_SLUGS),
                ),
            ],
            [("figure-4-seated", "seconds", 45), ("band-distraction-neutral", "seconds", 60)],
            [],
            ["too easy"],
            id="grown-stretches-and-distractions-come-down-to-short-even-after-too-easy",
        ),
        pytest.param(
            [painful(prone(3, 62, 60))],
            [],
            ABOVE_DOSES,
            [PAIN_WITH_RANGE],
            [],
            id="pain-with-lots-of-range-sees-a-professional",
        ),
        pytest.param(
            [prone(3, 62, 60)],
            [log(1, 4, sets=pinched(PINCH))],
            [],
            [PAIN_WITH_RANGE],
            [],
            id="a-pinch-with-lots-of-range-sees-a-professional",
        ),
    ],
)
def test_above_the_reference_is_not_progressed(checks, sessions, doses, fragments, absent) -> None:
    plan = make(checks, sessions)
    assert_doses(plan, doses)
    assert_said(plan, fragments)
    for text in absent:
        assert text not in said(plan)
    assert plan.emphasised_stages == (frozenset() if doses is BASE_DOSES else frozenset({5, 6}))


# --- Rule 3: after a break, re-assess and ease back in --------------------------------------

RAISED = planned_with(planned_with(BASE, "swivel-chair", reps=30), "figure-4-seated", seconds=75)


def break_sentence(when: str, days: int, steps: str) -> str:
    return (
        f"Your last session was on {when}, {days} days ago. After a break the body needs time "
        f"to get used to the work again, so doses above their usual level are {steps} lower "
        "(one step for every two weeks away, never below the usual dose), nothing is made "
        "harder today, and ratings from before the break are not used."
    )


@pytest.mark.parametrize(
    ("sessions", "checks", "doses", "reason", "prompt"),
    [
        pytest.param(
            [
                log(1, 1, month=2, plan=RAISED, effort=Effort.TOO_EASY, sets=done(*DEFAULT_SLUGS)),
                log(2, 2, month=2, plan=RAISED, effort=Effort.TOO_EASY, sets=done(*DEFAULT_SLUGS)),
            ],
            [prone(1, 43, 44, month=2)],
            [("swivel-chair", "reps", 20), ("figure-4-seated", "seconds", 60)],
            break_sentence("2 February", 97, "6 steps"),
            "Time to re-check: your last check was on 1 February, 98 days ago (re-check every "
            "14 days or 6 sessions). Doses do not rise until you re-check.",
            id="three-months-away-old-too-easy-no-longer-counts",
        ),
        pytest.param(
            [log(1, 26, month=4, plan=RAISED, sets=done(*DEFAULT_SLUGS))],
            [prone(9, 43, 44)],
            [("swivel-chair", "reps", 25), ("figure-4-seated", "seconds", 60)],
            break_sentence("26 April", 14, "one step"),
            None,
            id="two-weeks-away-one-step-back",
        ),
        pytest.param(
            [log(1, 27, month=4, plan=RAISED, sets=done(*DEFAULT_SLUGS))],
            [prone(9, 43, 44)],
            [("swivel-chair", "reps", 30), ("figure-4-seated", "seconds", 75)],
            None,
            None,
            id="thirteen-days-is-not-a-break",
        ),
        pytest.param(
            [log(1, 1, month=3, sets=done(*DEFAULT_SLUGS))],
            [prone(9, 43, 44)],
            BASE_DOSES,
            "Your last session was on 1 March, 70 days ago. After a break the body needs time to "
            "get used to the work again, so nothing is made harder today and ratings from before "
            "the break are not used (your doses were at their usual level already).",
            None,
            id="nothing-to-ease-back-says-so",
        ),
        pytest.param(
            [log(1, 9, plan=planned_with(BASE, "hip-shift-wall", seconds=20), sets=done("x"))],
            [prone(20, 43, 44, month=4)],
            [("hip-shift-wall", "seconds", 20)],  # would climb toward 30 on a fresh check
            None,
            "Time to re-check: your last check was on 20 April, 20 days ago (re-check every 14 "
            "days or 6 sessions). Doses do not rise until you re-check.",
            id="a-stale-check-holds-doses-until-a-re-check",
        ),
    ],
)
def test_after_a_break_doses_ease_back_and_nothing_rises(
    sessions, checks, doses, reason, prompt
) -> None:
    plan = make(checks, sessions)
    assert_doses(plan, doses)
    if reason is None:
        assert "days ago. After a break" not in said(plan)
    else:
        assert reason in plan.reasons
    assert "too easy" not in said(plan)
    assert plan.prompts == (() if prompt is None else (prompt,))


def test_after_a_break_an_old_single_pinch_is_not_used() -> None:
    sessions = [log(1, 1, month=3, plan=AT_45, sets=pinched(PINCH))]
    plan = make([prone(9, 43, 44)], sessions)
    assert dose(plan, PINCH).seconds == 45  # eased never below its level, and not raised
    assert "pinch" not in said(plan)


# --- Today's own changes --------------------------------------------------------------------


def test_apply_choices_drops_swaps_and_sets_doses_for_today() -> None:
    plan = make([prone(3, (50, 50), (45, 45))])
    changed = apply_choices(
        plan,
        {
            "swivel-chair": ExerciseChoice(dropped=True),
            "step-across": ExerciseChoice(swap_for="arm-bar", dose={"reps": 99}),
            "hip-shift-wall": ExerciseChoice(dose={"seconds": 50}),
            "not-planned": ExerciseChoice(dropped=True),
        },
        CONTENT,
    )
    assert changed.item("swivel-chair") is None
    arm_bar = changed.item("arm-bar")
    assert arm_bar is not None and arm_bar.dose.reps == 8 and arm_bar.first_side is Side.RIGHT
    assert slugs(changed).index("arm-bar") == slugs(plan).index("step-across") - 1
    assert dose(changed, "hip-shift-wall").seconds == 50
    assert changed.seconds == plan_seconds(changed.session) < plan.seconds
    assert changed.reasons[: len(plan.reasons)] == plan.reasons
    assert changed.reasons[len(plan.reasons) :] == (
        "Left out today, as you chose: the swivel chair.",
        "The arm bar instead of the step across today, as you chose.",
        "The arm bar: 8 reps instead of 5 reps today, as you chose.",
        "The wall hip shift: 50 s hold instead of 30 s hold today, as you chose.",
    )
    assert changed.emphasised_stages == plan.emphasised_stages


@pytest.mark.parametrize(
    "swap", ["figure-4-seated", "contract-relax-ir", "no-such-exercise"], ids=str
)
def test_apply_choices_refuses_a_swap_outside_the_stage_or_already_planned(swap) -> None:
    plan = make()
    with pytest.raises(ValueError, match="cannot swap"):
        apply_choices(plan, {"figure-4-supine": ExerciseChoice(swap_for=swap)}, CONTENT)


# --- Dose helpers ---------------------------------------------------------------------------


def test_step_dose_moves_by_whole_steps_and_stays_in_range() -> None:
    hold = CONTENT.exercise("figure-4-seated").dose
    assert step_dose(hold, -1, "seconds").seconds == 45
    assert step_dose(hold, -9, "seconds").seconds == 30
    assert step_dose(hold, 2, "sets").sets == 3 and isinstance(step_dose(hold, 2, "sets").sets, int)
    with pytest.raises(ValueError):
        step_dose(hold, 1, "reps")


def test_hold_per_rep_steps_shorten_the_hold_first_and_come_back_the_same_way() -> None:
    base = CONTENT.exercise("seated-hip-ir").dose  # 3 s (the shortest) x 20 reps (the most)
    down = step_main(base, -1)
    assert (down.seconds, down.reps) == (3, 18)
    assert step_main(down, 1) == base
    up = step_main(base, 1)
    assert (up.seconds, up.reps) == (4, 20)
    assert step_main(up, -1) == base
    assert main_rank(step_main(base, -2)) == main_rank(base) - 2
    assert not can_step_main(step_main(base, -50), -1)


def test_with_values_clamps_and_ignores_values_the_kind_does_not_use() -> None:
    hold = CONTENT.exercise("figure-4-seated").dose
    assert with_values(hold, {"seconds": 1, "reps": 4}) == replace(hold, seconds=30.0)


@pytest.mark.parametrize(
    ("minutes", "text"), [(1, "1 minute"), (20, "20 minutes"), (45, "45 minutes")]
)
def test_describe_minutes(minutes, text) -> None:
    assert describe_minutes(minutes) == text


# --- Properties over random histories -------------------------------------------------------

EXERCISES = CONTENT.default_routine()


def grid(draw, item_dose: Dose) -> Dose:
    """A random dose on the exercise's grid, inside its ranges."""
    values = {}
    for name in DOSE_VALUES[item_dose.kind]:
        allowed = item_dose.ranges[name]
        steps = int((allowed.high - allowed.low) // allowed.step)
        values[name] = allowed.low + draw(st.integers(0, steps)) * allowed.step
    return with_values(item_dose, values)


@st.composite
def histories(draw) -> tuple[Logbook, date]:
    sessions = []
    day = datetime(2026, 3, 1, 9, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 60)))
    for session_id in range(1, draw(st.integers(0, 6)) + 1):
        day += timedelta(days=draw(st.integers(0, 4)), hours=draw(st.integers(1, 12)))
        items, sets = [], []
        for exercise in EXERCISES:
            if not draw(st.integers(0, 5)):  # now and then left out of a session
                continue
            kept = grid(draw, exercise.dose) if draw(st.booleans()) else exercise.dose
            items.append(PlanItem(exercise, kept))
            flag = draw(st.sampled_from(["done", "done", "done", "skipped", "pain", "none"]))
            if flag != "none":
                sets.append(result(exercise.slug, pain=flag == "pain", skipped=flag != "done"))
        checkin = None
        if draw(st.booleans()):
            rated = draw(st.lists(st.sampled_from([i.exercise.slug for i in items]), max_size=3))
            checkin = CheckIn(
                session_id,
                day,
                draw(st.sampled_from(Effort)),
                {slug: draw(st.sampled_from(Effort)) for slug in rated} if items else {},
            )
        status = draw(st.sampled_from(SessionStatus))
        plan = SessionPlan(tuple(items))
        sessions.append(SessionLog(session_id, day, status, plan, tuple(sets), checkin))
    checks = []
    for record_id in range(draw(st.integers(0, 4))):
        slug = draw(st.sampled_from(["prone-ir", "seated-ir", "supine-90-90-ir"]))
        when = datetime(2026, 2, 1, tzinfo=UTC) + timedelta(hours=draw(st.integers(0, 2400)))
        degrees = st.one_of(st.none(), st.integers(0, 90).map(float))
        left, right = draw(degrees), draw(degrees)
        if left is None and right is None:
            left = 30.0
        checks.append(record(slug, when, left, right, record_id=record_id + 1))
    today = date(2026, 5, 20)
    return Logbook(tuple(checks), tuple(sessions)), today


def last_planned_doses(history: Logbook) -> dict[str, Dose]:
    latest: dict[str, Dose] = {}
    for session in sorted(history.sessions, key=lambda s: (s.started_at, s.id)):
        for item in session.plan.items:
            latest[item.exercise.slug] = item.dose
    return latest


PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(histories(), st.sampled_from(TIME_BUDGETS))
def test_doses_stay_in_range_and_rise_at_most_one_step(case, minutes) -> None:
    history, today = case
    plan = plan_next(history, PlanPreferences(time_budget_minutes=minutes), today, CONTENT, CHECKS)
    before = last_planned_doses(history)
    for item in plan.session.items:
        assert not item.exercise.optional
        previous = before.get(item.exercise.slug, item.exercise.dose)
        for name in DOSE_VALUES[item.dose.kind]:
            value, allowed = getattr(item.dose, name), item.dose.ranges[name]
            assert allowed.low <= value <= allowed.high, (item.exercise.slug, name)
            assert value <= getattr(previous, name) + allowed.step + 1e-9, (
                item.exercise.slug,
                name,
            )
        assert main_rank(item.dose) <= main_rank(previous) + 1 + 1e-9


@PROPERTY_SETTINGS
@given(histories(), st.sampled_from(TIME_BUDGETS))
def test_the_plan_fits_every_budget_and_names_every_left_out_exercise(case, minutes) -> None:
    history, today = case
    full = plan_next(history, PlanPreferences(), today, CONTENT, CHECKS)
    plan = plan_next(history, PlanPreferences(time_budget_minutes=minutes), today, CONTENT, CHECKS)
    assert plan.seconds == plan_seconds(plan.session)
    if minutes is None:
        assert plan == full
        return
    assert plan.seconds <= minutes * 60 + 60
    kept = set(slugs(plan))
    for item in full.session.items:
        if item.exercise.slug not in kept:
            assert item.exercise.name[1:] in said(plan), item.exercise.slug


@PROPERTY_SETTINGS
@given(histories(), st.sampled_from(TIME_BUDGETS), st.randoms(use_true_random=False))
def test_the_same_history_always_gives_the_same_plan(case, minutes, rng: random.Random) -> None:
    history, today = case
    preferences = PlanPreferences(time_budget_minutes=minutes)
    plan = plan_next(history, preferences, today, CONTENT, CHECKS)
    checks, sessions = list(history.checks), list(history.sessions)
    rng.shuffle(checks)
    rng.shuffle(sessions)
    shuffled = Logbook(tuple(checks), tuple(sessions))
    assert plan_next(shuffled, preferences, today, CONTENT, CHECKS) == plan
    assert plan_next(history, preferences, today, CONTENT, CHECKS) == plan


def before_today(history: Logbook) -> list[SessionLog]:
    return sorted(history.sessions, key=lambda s: (s.started_at, s.id))


@PROPERTY_SETTINGS
@given(histories(), st.sampled_from(TIME_BUDGETS))
def test_a_pinched_exercise_never_rises_while_its_pinch_is_remembered(case, minutes) -> None:
    history, today = case
    plan = plan_next(history, PlanPreferences(time_budget_minutes=minutes), today, CONTENT, CHECKS)
    sessions = before_today(history)
    fresh = fresh_sessions(sessions, today, UTC)
    before = last_planned_doses(history)
    for item in plan.session.items:
        slug = item.exercise.slug
        if feedback_for(slug, sessions, fresh).pinch_remembered:
            previous = before.get(slug, item.exercise.dose)
            assert main_rank(item.dose) <= main_rank(previous) + 1e-9, slug
            assert item.dose.sets <= previous.sets, slug


@PROPERTY_SETTINGS
@given(histories(), st.sampled_from(TIME_BUDGETS))
def test_no_dose_rises_after_a_break(case, minutes) -> None:
    history, today = case
    sessions = before_today(history)
    if days_away(sessions, today, UTC) < BREAK_DAYS:
        return
    plan = plan_next(history, PlanPreferences(time_budget_minutes=minutes), today, CONTENT, CHECKS)
    before = last_planned_doses(history)
    for item in plan.session.items:
        previous = before.get(item.exercise.slug, item.exercise.dose)
        for name in DOSE_VALUES[item.dose.kind]:
            assert getattr(item.dose, name) <= getattr(previous, name) + 1e-9, item.exercise.slug


# --- Rule 6: a new person starts at about 20 minutes -----------------------------------------


@pytest.mark.parametrize(
    ("stored", "sessions", "minutes"),
    [
        pytest.param(None, [], 20, id="new-person"),
        pytest.param({"volume": 50}, [], 20, id="settings-without-a-budget"),
        pytest.param({"time_budget": 0}, [], None, id="chose-the-full-routine"),
        pytest.param({"time_budget": 30}, [], 30, id="chose-30"),
        pytest.param(None, [log(1, 4, sets=done("swivel-chair"))], None, id="has-trained"),
        pytest.param(None, [log(1, 4)], 20, id="a-session-with-nothing-done-is-still-new"),
    ],
)
def test_a_new_person_starts_at_about_20_minutes(stored, sessions, minutes) -> None:
    assert starting_budget(stored, Logbook(sessions=tuple(sessions))) == minutes


def test_the_pinch_answer_is_read_and_asked_in_plain_words() -> None:
    plan = make([prone(5, 43, 44)], PINCHED_TWICE)
    assert pinch_question(plan, CONTENT) == (
        "A pinch keeps coming back in the crossed-knee sit-back (posterior capsule stretch), so "
        "it is left out. Has a "
        "physiotherapist or doctor assessed it, or is your hip pain-free now? Answer yes and it "
        "returns at its easiest."
    )
    stored = with_pinch_answer({"bad": 3, "x": "not a time"}, [PINCH], at(5))
    assert stored == {PINCH: "2026-05-05T09:00:00+00:00"}
    answered = make([prone(5, 43, 44)], PINCHED_TWICE, cleared=read_pinch_answers(stored))
    assert pinch_question(answered, CONTENT) is None
    assert dose(answered, PINCH).seconds == 30


def test_a_session_grows_by_no_more_than_about_ten_percent_a_week() -> None:
    short = replace(BASE, items=BASE.items[5:10])  # the five stretches: about 12 minutes
    easy = {"effort": Effort.TOO_EASY, "plan": short, "sets": done(*DEFAULT_SLUGS)}
    sessions = [log(1, 8, **easy), log(2, 9, **easy)]
    plan = make([prone(5, 43, 44)], sessions, always=DROP_ALL_BUT_STRETCHES)
    assert plan.seconds <= plan_seconds(short) * 1.1
    assert_doses(plan, [("figure-4-seated", "seconds", 75), ("ir-stretch-wall", "seconds", 60)])
    assert plan.reasons[-1] == (
        "Your longest session this past week was 13 minutes; a session grows by no more than "
        "about 10% a week, so these stay at last time's dose: crossed-knee sit-back (posterior "
        "capsule stretch), lying knee-in stretch (internal rotation) and wall knee-in stretch "
        "(internal rotation)."
    )
    later = make(
        [prone(5, 43, 44)], sessions, always=DROP_ALL_BUT_STRETCHES, today=date(2026, 5, 17)
    )
    assert "grows by no more" not in said(later)


DROP_ALL_BUT_STRETCHES = {
    slug: ExerciseChoice(dropped=True)
    for slug in DEFAULT_SLUGS
    if CONTENT.exercise(slug).stage != 2
}


def test_the_plan_names_the_check_a_re_check_is_due_on() -> None:
    """The reminder quotes the day of the check the Today prompt asks to redo."""
    stale = prone(20, 43, 44, month=4)
    plan = make([stale])
    assert plan.prompts[0].startswith("Time to re-check: your last check was on 20 April")
    assert plan.recheck_last == stale.taken_at
    assert make([prone(9, 43, 44)]).recheck_last is None  # a fresh check: nothing due
