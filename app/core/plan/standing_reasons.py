"""The reasons that quote the checks: each main check's reading against the reference and what
the plan does about it, the tighter side (or why no side is picked yet), and when pain with
a lot of range wants a professional's look.

Every sentence names the reading and the day behind it, so the person can see why today's
plan is what it is; the rules themselves are in standing.py and stage_targets.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, tzinfo

from app.core.checks.labels import format_degrees, format_reference
from app.core.checks.readings import NOISE_DEGREES, Asymmetry, tenths
from app.core.checks.types import CheckDefinition, CheckRecord
from app.core.plan.standing import (
    TRIALS_FOR_A_SIDE,
    CheckStatus,
    Level,
    differences,
    largest_difference,
    sides_disagree,
    thin_evidence,
)
from app.core.plan.words import describe_day, join_words
from app.core.records import Side

LOOK_AT_DIFFERENCE = 15.0  # a left/right difference this large is worth a professional look


def _deciding(statuses: Sequence[CheckStatus], level: Level) -> CheckStatus | None:
    """The check that carries the consequence in the reasons: the largest gap when
    restricted, the first twice-at-the-reference one when progressed, else the first."""
    if level is Level.RESTRICTED:
        return max((s for s in statuses if s.gaps()), key=lambda s: max(s.gaps().values()))
    if level is Level.PROGRESSED:
        return next(s for s in statuses if s.reached_twice)
    if level is Level.ABOVE:
        return max((s for s in statuses if s.excess()), key=lambda s: max(s.excess().values()))
    return statuses[0] if statuses else None


def _readings(status: CheckStatus, today: date, tz: tzinfo) -> str:
    """'Your left hip turned in 30° lying face down on 3 May'."""
    values = status.values()
    where = status.definition.name.lower()
    when = describe_day(status.latest.taken_at, today, tz)
    if len(values) == 1:
        ((side, value),) = values.items()
        return f"Your {side.value} hip turned in {format_degrees(value)} {where} on {when}"
    left, right = format_degrees(values[Side.LEFT]), format_degrees(values[Side.RIGHT])
    return f"Your hips turned in {left} (left) and {right} (right) {where} on {when}"


def _against_reference(status: CheckStatus) -> str:
    """'15° short of the reference of 45°', 'at or above the reference of 45°', ..."""
    reference = f"the reference of {format_reference(status.definition.reference)}"
    gaps = status.gaps()
    excess = status.excess()
    if excess and len(excess) == len(status.values()):
        return f"{join_words([format_degrees(d) for d in excess.values()])} above {reference}"
    if excess and not gaps:
        ((side, degrees),) = excess.items()
        return f"the {side.value} {format_degrees(degrees)} above {reference}"
    if gaps and len(gaps) == len(status.values()):
        return f"{join_words([format_degrees(gap) for gap in gaps.values()])} short of {reference}"
    if gaps:
        ((side, gap),) = gaps.items()
        return f"the {side.value} {format_degrees(gap)} short of {reference}"
    if status.reached_twice:
        return f"at or above {reference} for the second check in a row"
    if status.reached:
        return f"at or above {reference}"
    return f"within {format_degrees(NOISE_DEGREES)} of {reference}"


def _consequence(level: Level, statuses: Sequence[CheckStatus]) -> str:
    if level is Level.RESTRICTED:
        return (
            "releases, stretches and joint work come first at full dose, "
            "and strengthening and standing moves are one step shorter today."
        )
    if level is Level.PROGRESSED:
        return (
            "releases are shorter, strengthening is one step harder, "
            "and standing moves are at full dose."
        )
    if level is Level.ABOVE:
        return (
            "that is more range than the reference, not a reason to stretch further, so the "
            "stretches and band pulls are shorter and do not grow, and the focus moves "
            "to control and strengthening."
        )
    more = ""
    if all(status.reached for status in statuses):
        more = " One more check at the reference and strengthening steps up."
    return f"all stages at their usual dose.{more}"


def no_passive_check(records: Iterable[CheckRecord], checks: Sequence[CheckDefinition]) -> str:
    """Why there is no standing: no check at all, or checks the plan cannot judge."""
    records = list(records)
    if not records:
        return "No check yet, so all six stages are at their usual dose."
    main = {d.slug for d in checks if not d.optional}
    names = {d.slug: d.name for d in checks}
    if any(r.check_slug in main for r in records):
        what = "active"
    elif not any(r.check_slug in names for r in records):
        what = "of a kind this version of Inward does not know"
    else:
        kinds = sorted({names[r.check_slug].lower() for r in records if r.check_slug in names})
        what = f"{join_words(kinds)} only"
    positions = " or ".join(d.name.lower() for d in checks if not d.optional)
    return (
        f"Your checks so far are {what}: the plan needs a passive check {positions}, so all "
        "six stages are at their usual dose."
    )


def standing_reasons(
    statuses: Sequence[CheckStatus],
    level: Level,
    today: date,
    tz: tzinfo,
    *,
    releases_at_minimum: bool = False,
) -> list[str]:
    """One sentence per main check; the deciding one also says what the plan does about it."""
    if level is Level.NO_CHECK:
        return ["No check yet, so all six stages are at their usual dose."]
    deciding = _deciding(statuses, level)
    assert deciding is not None
    reasons: list[str] = []
    for status in statuses:
        fact = f"{_readings(status, today, tz)}, {_against_reference(status)}"
        if status is deciding:
            consequence = _consequence(level, statuses)
            if releases_at_minimum:
                consequence = consequence.replace("releases are shorter", "fewer releases")
            reasons.insert(0, f"{fact}: {consequence}")
        else:
            reasons.append(f"{fact}.")
    return reasons


def lots_of_range_with_pain(statuses: Sequence[CheckStatus], pinched: bool) -> list[str]:
    """Pain together with more range than the reference: a professional should look."""
    above = [status for status in statuses if status.excess()]
    painful = any(trial.pain for status in above for trial in status.latest.trials)
    if not above or not (painful or pinched):
        return []
    return [
        "You have more range than the reference and also pain or a pinch. More stretching "
        "will not help that: please have a physiotherapist or doctor look at your hip."
    ]


def _look_at(result: Asymmetry) -> str:
    if tenths(result.difference) < LOOK_AT_DIFFERENCE:
        return ""
    return (
        f" A difference of {format_degrees(LOOK_AT_DIFFERENCE)} or more between sides is worth "
        "having a physiotherapist look at."
    )


def asymmetry_reason(statuses: Sequence[CheckStatus], today: date, tz: tzinfo) -> list[str]:
    """Which side is tighter and what the plan does about it; or why it picks no side."""
    if sides_disagree(statuses):
        parts = []
        for status, result in differences(statuses):
            assert result.tighter is not None
            when = describe_day(status.latest.taken_at, today, tz)
            parts.append(
                f"{status.definition.name.lower()} on {when} your {result.tighter.value} side "
                f"was {format_degrees(result.difference)} tighter"
            )
        return [
            f"Your checks disagree about which side is tighter: {join_words(parts)}. Until a "
            "re-check agrees, both sides are treated the same."
        ]
    found = largest_difference(statuses)
    if found is None:
        return []
    status, result = found
    assert result.tighter is not None
    tighter = result.tighter.value
    looser = "right" if result.tighter is Side.LEFT else "left"
    where = status.definition.name.lower()
    when = describe_day(status.latest.taken_at, today, tz)
    thin = thin_evidence(status.latest)
    if thin is not None:
        return [
            f"Your {tighter} side looked {format_degrees(result.difference)} tighter than your "
            f"{looser} {where} on {when}, but {thin}. Do {TRIALS_FOR_A_SIDE} or 3 trials per "
            "side with an inclinometer, goniometer or photo before the plan favours a side."
            + _look_at(result)
        ]
    return [
        f"Your {tighter} side is {format_degrees(result.difference)} tighter than your "
        f"{looser} {where} on {when}, so the {tighter} goes first in every one-side exercise "
        f"and its holds in releases, stretches and joint work are one step longer."
        + _look_at(result)
    ]
