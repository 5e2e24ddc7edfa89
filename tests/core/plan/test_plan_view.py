"""The Today page's and the check-in's text, computed in core."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.core.checks.loader import load_checks
from app.core.content.exercises import load_content
from app.core.formatting import format_countdown
from app.core.plan.types import Plan
from app.core.plan.view import LatestCheck, describe_latest_checks, item_seconds, plan_rows
from app.core.preferences import Preferences
from app.core.records import Side
from app.core.routine import default_plan
from app.core.session.steps import plan_seconds
from app.core.session.summary import describe_session, outcomes
from tests.db.conftest import make_set

CONTENT = load_content()


def test_plan_rows_group_by_stage_and_add_up_to_the_session() -> None:
    session = default_plan(CONTENT)
    first = session.items[0]
    session = replace(session, items=(replace(first, first_side=Side.RIGHT), *session.items[1:]))
    plan = Plan(
        session,
        plan_seconds(session),
        (),
        emphasised_stages=frozenset({1}),
        changes={first.exercise.slug: "Shorter today."},
    )
    rows = plan_rows(plan, CONTENT)
    assert rows[0].slug is None and rows[0].text == "Stage 1 · Releases · focus today"
    assert rows[1].slug == first.exercise.slug
    assert rows[1].dose == "60 s hold, each side, right first"
    assert rows[1].note == "Shorter today." and rows[1].emphasised
    stages = [r for r in rows if r.slug is None]
    assert len(stages) == 6 and not stages[1].emphasised
    shares = item_seconds(session)
    rests = (len(session.items) - 1) * session.rest_seconds
    assert sum(shares.values()) + rests == plan.seconds


def test_latest_checks_read_at_a_glance() -> None:
    latest = [
        LatestCheck("seated-ir", datetime(2026, 11, 14, 9, tzinfo=UTC), 38.0, None),
        LatestCheck("prone-ir", datetime(2026, 11, 21, 9, tzinfo=UTC), 31.0, 45.5),
    ]
    text = describe_latest_checks(latest, load_checks(), tz=UTC)
    assert text.splitlines() == [
        "Lying face down: left 31°, right 45.5° (21 Nov)",
        "Sitting: left 38° (14 Nov)",
    ]
    assert describe_latest_checks([], load_checks()) == "No self-check yet."


def test_session_outcomes_show_what_was_done_and_flagged() -> None:
    session = default_plan(CONTENT)
    slug = session.items[0].exercise.slug
    at = datetime(2026, 11, 21, 9, tzinfo=UTC)
    sets = [
        make_set(at, slug=slug, side=Side.LEFT),
        make_set(at, slug=slug, side=Side.RIGHT, skipped=True, pain=True),
    ]
    first = outcomes(session, sets)[0]
    assert (first.sets_done, first.sets_planned, first.flags) == (1, 2, "pinch or pain, cut short")
    assert outcomes(session, sets)[1].flags == "skipped"
    assert describe_session(sets) == "1 set done, 1 skipped, 1 min of work."


def test_countdown_in_seconds_and_new_preferences() -> None:
    assert (format_countdown(75), format_countdown(75, in_seconds=True)) == ("1:15", "75")
    assert format_countdown(0.2, in_seconds=True) == "1"
    preferences = Preferences.from_dict({"time_budget": 20, "recheck_days": 7})
    assert (preferences.budget_minutes, preferences.recheck_days) == (20, 7)
    assert Preferences.from_dict({"time_budget": 17}).budget_minutes is None


def test_a_check_of_a_kind_this_inward_does_not_know_is_not_shown_by_its_code() -> None:
    """A backup from a newer Inward may bring a check slug this one has no name for: Today
    must not print "hip-scour-2031: left 30°" nor build a reason from the code."""
    from app.core.plan.standing_reasons import no_passive_check
    from tests.db.conftest import make_check

    when = datetime(2026, 11, 21, 9, tzinfo=UTC)
    latest = [
        LatestCheck("hip-scour-2031", when, 30.0, None),
        LatestCheck("prone-ir", when, 31.0, 45.0),
    ]
    text = describe_latest_checks(latest, load_checks(), tz=UTC)
    assert "hip-scour" not in text
    assert text.splitlines() == [
        "Lying face down: left 31°, right 45° (21 Nov)",
        "A check this version of Inward does not know: left 30° (21 Nov)",
    ]
    reason = no_passive_check([make_check(when, slug="hip-scour-2031")], load_checks())
    assert "hip-scour" not in reason
    assert reason.startswith("Your checks so far are of a kind this version of Inward does not")
