"""The JSON backup format: what it accepts, what it refuses and in which words."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.backup import validate
from app.core.backup.document import document
from app.core.backup.format import (
    FORMAT_VERSION,
    Backup,
    BackupCheck,
    BackupChoice,
    BackupError,
    BackupSession,
)
from app.core.backup.import_summary import ImportSummary
from app.core.backup.validate import validate_backup
from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.plan.types import ExerciseChoice
from app.core.records import SessionStatus, SetResult, Side
from app.core.session.checkin import CheckIn, Effort

DOCS = Path(__file__).resolve().parents[3] / "docs" / "data-format.md"

# --- strategies, shared with tests/db/transfer/test_backup.py ------------------------

TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
SLUGS = st.sampled_from(["figure-4-seated", "hip-click", "step-across", "an-old-exercise"])
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=12)
SECONDS = st.floats(0, 86_400, allow_nan=False)
REPS = st.none() | st.integers(0, 60)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
PLANS = st.dictionaries(TEXT, JSON, max_size=3)

SETS = st.builds(
    SetResult,
    exercise_slug=SLUGS,
    side=st.sampled_from(Side),
    set_index=st.integers(1, 3),
    planned_seconds=SECONDS,
    done_seconds=SECONDS,
    planned_reps=REPS,
    done_reps=REPS,
    skipped=st.booleans(),
    started_at=TIMES,
    ended_at=TIMES,
    pain=st.booleans(),
)
TRIALS = st.builds(
    Trial,
    side=st.sampled_from((Side.LEFT, Side.RIGHT)),
    number=st.integers(1, 3),
    degrees=st.floats(0, 180),
    method=st.sampled_from(Method),
    mode=st.sampled_from(Mode),
    measured_by=st.sampled_from(MeasuredBy),
    pain=st.booleans(),
    note=TEXT,
    photo=st.none() | st.from_regex(r"[a-z0-9]{1,8}\.jpg", fullmatch=True),
)
DOSES = st.fixed_dictionaries(
    {},
    optional={
        "sets": st.integers(1, 10),
        "reps": st.integers(1, 30),
        "seconds": st.floats(0.5, 600),
        "relax_seconds": st.floats(0.5, 60),
    },
)


@st.composite
def backups(draw: st.DrawFn, min_trials: int = 0, max_sessions: int = 4) -> Backup:
    """Histories as a backup holds them: sessions (some sharing a start), sets, check-ins,
    checks (some deleted), settings and exercise choices."""
    starts = draw(st.lists(TIMES, max_size=3, min_size=1))
    sessions = []
    ids = draw(st.lists(st.integers(1, 10**6), unique=True, max_size=max_sessions))
    for session_id in ids:
        sets = draw(st.lists(SETS, max_size=5, unique_by=lambda s: s.key))
        checkin = draw(
            st.none()
            | st.builds(
                CheckIn,
                session_id=st.just(session_id),
                at=TIMES,
                effort=st.sampled_from(Effort),
                exercise_effort=st.dictionaries(SLUGS, st.sampled_from(Effort), max_size=2),
                note=TEXT,
            )
        )
        status = draw(st.sampled_from(SessionStatus))
        ended = None if status is SessionStatus.IN_PROGRESS else draw(TIMES)
        sessions.append(
            BackupSession(
                id=session_id,
                started_at=draw(st.sampled_from(starts) | TIMES),
                ended_at=ended,
                status=status,
                plan=draw(PLANS),
                sets=tuple(sets),
                checkin=checkin,
            )
        )
    checks = []
    for record_id in draw(st.lists(st.integers(1, 10**6), unique=True, max_size=3)):
        trials = draw(
            st.lists(
                TRIALS, min_size=min_trials, max_size=6, unique_by=lambda t: (t.side, t.number)
            )
        )
        created = draw(TIMES)
        checks.append(
            BackupCheck(
                record=CheckRecord(
                    check_slug=draw(st.sampled_from(["prone-ir", "seated-ir"])),
                    taken_at=draw(st.sampled_from(starts) | TIMES),
                    trials=tuple(trials),
                    note=draw(TEXT),
                    id=record_id,
                ),
                created_at=created,
                updated_at=draw(TIMES),
                deleted_at=draw(st.none() | TIMES),
            )
        )
    choices = {}
    for slug in draw(st.lists(SLUGS, unique=True, max_size=2)):
        swap = draw(st.none() | SLUGS.filter(lambda other, slug=slug: other != slug))
        choices[slug] = BackupChoice(
            ExerciseChoice(dropped=draw(st.booleans()), dose=draw(DOSES), swap_for=swap),
            updated_at=draw(TIMES),
        )
    return Backup(
        exported_at=draw(TIMES),
        app_schema="0003",
        sessions=tuple(sessions),
        checks=tuple(checks),
        settings=draw(st.dictionaries(TEXT.filter(str.strip), JSON, max_size=3)),
        exercise_choices=choices,
    )


# --- a valid document to break -------------------------------------------------------------


def valid() -> dict[str, Any]:
    return {
        "format": "inward-backup",
        "version": 1,
        "exported_at": "2026-05-02T08:00:00.000000+00:00",
        "app_schema": "0003",
        "sessions": [
            {
                "id": 1,
                "started_at": "2026-05-01T06:30:00.000000+00:00",
                "ended_at": "2026-05-01T07:10:00.000000+00:00",
                "status": "finished",
                "plan": {"items": [], "get_ready_seconds": 10.0},
                "sets": [
                    {
                        "exercise_slug": "figure-4-seated",
                        "side": "left",
                        "set_index": 1,
                        "planned_seconds": 60.0,
                        "done_seconds": 60.0,
                        "planned_reps": None,
                        "done_reps": None,
                        "skipped": False,
                        "pain": False,
                        "started_at": "2026-05-01T06:30:10.000000+00:00",
                        "ended_at": "2026-05-01T06:31:10.000000+00:00",
                    },
                    {
                        "exercise_slug": "figure-4-seated",
                        "side": "right",
                        "set_index": 1,
                        "planned_seconds": 60.0,
                        "done_seconds": 12.5,
                        "planned_reps": None,
                        "done_reps": None,
                        "skipped": True,
                        "pain": True,
                        "started_at": "2026-05-01T06:31:20.000000+00:00",
                        "ended_at": "2026-05-01T06:31:32.500000+00:00",
                    },
                ],
                "checkin": {
                    "at": "2026-05-01T07:11:00.000000+00:00",
                    "effort": "about_right",
                    "exercise_effort": {"figure-4-seated": "too_hard"},
                    "note": "pinch on the right",
                },
            },
            {
                "id": 2,
                "started_at": "2026-05-02T06:30:00.000000+00:00",
                "ended_at": None,
                "status": "in_progress",
                "plan": {},
                "sets": [],
                "checkin": None,
            },
        ],
        "checks": [
            {
                "id": 7,
                "check_slug": "prone-ir",
                "taken_at": "2026-05-01T06:20:00.000000+00:00",
                "note": "",
                "created_at": "2026-05-01T06:22:00.000000+00:00",
                "updated_at": "2026-05-01T06:22:00.000000+00:00",
                "deleted_at": None,
                "trials": [
                    {
                        "side": "left",
                        "number": 1,
                        "degrees": 28.0,
                        "method": "inclinometer",
                        "mode": "passive",
                        "measured_by": "self",
                        "pain": False,
                        "note": "",
                        "photo": None,
                    },
                    {
                        "side": "right",
                        "number": 1,
                        "degrees": 37.5,
                        "method": "goniometer",
                        "mode": "passive",
                        "measured_by": "helper",
                        "pain": False,
                        "note": "",
                        "photo": "p1.jpg",
                    },
                ],
            }
        ],
        "settings": {"preferences": {"volume": 80, "sound_on": True}, "name": "Sam"},
        "exercise_choices": {
            "hip-click": {
                "dropped": False,
                "dose": {"reps": 8, "seconds": 4.5},
                "swap_for": None,
                "updated_at": "2026-04-01T18:00:00.000000+00:00",
            }
        },
    }


def test_a_valid_document_becomes_typed_records() -> None:
    backup = validate_backup(valid())
    assert backup.version == FORMAT_VERSION
    first, second = backup.sessions
    assert first.status is SessionStatus.FINISHED
    assert first.sets[1] == SetResult(
        "figure-4-seated",
        Side.RIGHT,
        1,
        60.0,
        12.5,
        None,
        None,
        True,
        datetime(2026, 5, 1, 6, 31, 20, tzinfo=UTC),
        datetime(2026, 5, 1, 6, 31, 32, 500000, tzinfo=UTC),
        pain=True,
    )
    assert first.checkin is not None and first.checkin.session_id == 1
    assert first.checkin.exercise_effort == {"figure-4-seated": Effort.TOO_HARD}
    assert second.ended_at is None and second.checkin is None
    check = backup.checks[0]
    assert check.record.id == 7 and check.record.trials[1].photo == "p1.jpg"
    assert check.record.trials[1].method is Method.GONIOMETER
    assert backup.exercise_choices["hip-click"].choice == ExerciseChoice(
        dropped=False, dose={"reps": 8, "seconds": 4.5}, swap_for=None
    )
    assert backup.settings["name"] == "Sam"
    assert backup.set_count == 2
    assert document(backup) == valid()


def test_optional_fields_take_their_defaults() -> None:
    data = {
        "format": "inward-backup",
        "version": 1,
        "exported_at": "2026-05-02T10:00:00+02:00",
        "sessions": [
            {"id": 3, "started_at": "2026-05-01T06:30:00Z", "status": "abandoned", "plan": {}}
        ],
        "checks": [{"id": 1, "check_slug": "seated-ir", "taken_at": "2026-05-01T06:30:00Z"}],
        "unknown_key": "ignored",
    }
    backup = validate_backup(data)
    assert backup.exported_at == datetime(2026, 5, 2, 8, 0, tzinfo=UTC)
    session = backup.sessions[0]
    assert (session.ended_at, session.sets, session.checkin) == (None, (), None)
    check = backup.checks[0]
    assert check.record.trials == () and check.record.note == ""
    assert check.created_at == check.updated_at == check.record.taken_at
    assert check.deleted_at is None
    assert (backup.settings, backup.exercise_choices) == ({}, {})


def test_the_example_in_the_docs_is_a_valid_backup() -> None:
    text = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S)
    assert example is not None
    backup = validate_backup(json.loads(example.group(1)))
    assert len(backup.sessions) == 1 and backup.set_count == 2
    assert len(backup.checks) == 1 and backup.exercise_choices


def change(path: str, value: Any) -> dict[str, Any]:
    """valid() with one value replaced (or removed, for value=DELETE); path like 'a.0.b'."""
    data = copy.deepcopy(valid())
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = int(last) if isinstance(target, list) else last
    if value is DELETE:
        del target[key]
    else:
        target[key] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "something-else", "this is not an Inward backup (format the text "),
        ("format", DELETE, "this is not an Inward backup (no format field"),
        ("version", "1", "version: must be a whole number, got the text '1'"),
        ("version", 0, "version: must be 1 or more, got 0"),
        ("version", True, "version: must be a whole number, got true"),
        ("exported_at", DELETE, "exported_at: is missing"),
        ("exported_at", "yesterday", "exported_at: must be a date and time like 2026-05-01T"),
        ("sessions", {}, "sessions: must be a list [...], got an object"),
        ("sessions.0", [], "sessions[0]: must be an object {...}, got a list"),
        ("sessions.0.id", True, "sessions[0].id: must be a whole number from 1 to"),
        ("sessions.0.id", 0, "sessions[0].id: must be a whole number from 1 to"),
        ("sessions.1.id", 1, "sessions[1].id: 1 is also the id of sessions[0]"),
        ("sessions.0.started_at", DELETE, "sessions[0].started_at: is missing"),
        (
            "sessions.0.started_at",
            "2026-05-01T06:30:00",
            "sessions[0].started_at: must give its UTC offset",
        ),
        ("sessions.0.started_at", 1714545000, "sessions[0].started_at: must be a date and time"),
        ("sessions.0.status", "paused", 'sessions[0].status: must be one of "in_progress", '),
        ("sessions.0.plan", [], "sessions[0].plan: must be an object {...}"),
        ("sessions.0.plan", DELETE, "sessions[0].plan: is missing"),
        ("sessions.0.sets", "none", "sessions[0].sets: must be a list [...]"),
        (
            "sessions.0.sets.1.done_seconds",
            -1,
            "sessions[0].sets[1].done_seconds: must be a number ≥ 0, got -1",
        ),
        (
            "sessions.0.sets.1.done_seconds",
            "60",
            "sessions[0].sets[1].done_seconds: must be a number ≥ 0, got the text '60'",
        ),
        (
            "sessions.0.sets.0.planned_seconds",
            1e9,
            "sessions[0].sets[0].planned_seconds: must be a number at most 86,400",
        ),
        ("sessions.0.sets.0.side", "up", 'sessions[0].sets[0].side: must be one of "left", '),
        ("sessions.0.sets.0.skipped", "no", "sessions[0].sets[0].skipped: must be true or false"),
        ("sessions.0.sets.0.set_index", 0, "sessions[0].sets[0].set_index: must be a whole"),
        ("sessions.0.sets.0.set_index", 1.5, "sessions[0].sets[0].set_index: must be a whole"),
        ("sessions.0.sets.0.done_reps", -2, "sessions[0].sets[0].done_reps: must be a whole"),
        ("sessions.0.sets.0.exercise_slug", "", "sessions[0].sets[0].exercise_slug: must not be"),
        ("sessions.0.sets.0.exercise_slug", "x" * 101, "must be at most 100 characters"),
        ("sessions.0.sets.1.side", "left", "sessions[0].sets[1]: repeats set 1 of figure-4-"),
        ("sessions.0.checkin", [], "sessions[0].checkin: must be an object {...}"),
        ("sessions.0.checkin.effort", "meh", 'sessions[0].checkin.effort: must be one of "too_'),
        (
            "sessions.0.checkin.exercise_effort.figure-4-seated",
            "meh",
            "sessions[0].checkin.exercise_effort['figure-4-seated']: must be one of",
        ),
        ("sessions.0.checkin.note", "x" * 10_001, "sessions[0].checkin.note: must be at most"),
        ("checks", None, "checks: must be a list [...], got null"),
        ("checks.0.id", "7", "checks[0].id: must be a whole number"),
        ("checks.0.check_slug", 12, "checks[0].check_slug: must be text, got 12"),
        ("checks.0.trials.0.degrees", 190, "checks[0].trials[0].degrees: must be a number from 0"),
        ("checks.0.trials.0.degrees", -5, "checks[0].trials[0].degrees: must be a number from 0"),
        ("checks.0.trials.0.degrees", None, "checks[0].trials[0].degrees: must be a number"),
        ("checks.0.trials.0.number", 4, "checks[0].trials[0].number: must be a whole number from"),
        ("checks.0.trials.0.side", "both", 'checks[0].trials[0].side: must be one of "left", "r'),
        ("checks.0.trials.0.method", "laser", 'checks[0].trials[0].method: must be one of "eye"'),
        ("checks.0.trials.0.mode", "lazy", "checks[0].trials[0].mode: must be one of"),
        ("checks.0.trials.0.measured_by", "dog", "checks[0].trials[0].measured_by: must be one"),
        ("checks.0.trials.0.photo", "../x.jpg", "checks[0].trials[0].photo: must be a bare file"),
        ("checks.0.trials.1.side", "left", "checks[0].trials[1]: repeats trial 1 of the left"),
        ("checks.0.deleted_at", "soon", "checks[0].deleted_at: must be a date and time"),
        ("settings", [], "settings: must be an object {...}, got a list"),
        ("settings.name", float("nan"), "settings['name']: must be a finite number, got nan"),
        ("exercise_choices.hip-click.dose", {"weight": 5}, "is not a dose value; use one of"),
        ("exercise_choices.hip-click.dose", {"reps": 0}, "['reps']: must be a whole number"),
        ("exercise_choices.hip-click.dose", {"seconds": 0}, "['seconds']: must be a number above"),
        ("exercise_choices.hip-click.swap_for", "hip-click", "cannot be swapped for itself"),
        ("exercise_choices.hip-click.dropped", 1, "['hip-click'].dropped: must be true or false"),
    ],
)
def test_a_bad_value_is_refused_naming_where_it_is(path: str, value: Any, message: str) -> None:
    with pytest.raises(BackupError) as caught:
        validate_backup(change(path, value))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_duplicate_check_ids_are_refused() -> None:
    data = valid()
    data["checks"].append(copy.deepcopy(data["checks"][0]))
    with pytest.raises(BackupError, match=r"checks\[1\]\.id: 7 is also the id of checks\[0\]"):
        validate_backup(data)


@pytest.mark.parametrize("data", [[], "backup", 3, None])
def test_a_document_that_is_not_an_object_is_refused(data: object) -> None:
    with pytest.raises(BackupError, match="a backup must be a JSON object"):
        validate_backup(data)


def test_a_newer_version_asks_to_update_inward() -> None:
    with pytest.raises(BackupError) as caught:
        validate_backup(change("version", FORMAT_VERSION + 1))
    assert str(caught.value) == (
        "this backup is in format version 2, from a newer Inward; this Inward reads version 1 "
        "and older. Update Inward to import it."
    )


@pytest.mark.parametrize(
    ("limit", "key", "message"),
    [
        ("MAX_SESSIONS", "sessions", "sessions: holds 2 entries; a backup may hold at most 1"),
        ("MAX_SETS", "sets", "sessions[0].sets: brings the file over 1 sets"),
        ("MAX_CHECKS", "checks", "checks: holds 2 entries; a backup may hold at most 1"),
    ],
)
def test_too_many_records_are_refused(
    monkeypatch: pytest.MonkeyPatch, limit: str, key: str, message: str
) -> None:
    monkeypatch.setattr(validate, limit, 1)
    data = valid()
    if key == "checks":
        data["checks"].append({**copy.deepcopy(data["checks"][0]), "id": 8})
    with pytest.raises(BackupError) as caught:
        validate_backup(data)
    assert str(caught.value).startswith(message)


def test_the_summary_line_says_what_is_new_and_what_is_kept() -> None:
    summary = ImportSummary(
        sessions_new=2,
        sets_new=40,
        checkins_new=1,
        checks_new=1,
        trials_new=6,
        sessions_present=1,
        sets_present=20,
        settings_present=1,
    )
    assert summary.anything_new
    assert summary.line() == (
        "To add: 2 sessions, 40 sets, 1 check-in, 1 check (6 readings), 0 settings, "
        "0 exercise choices. Already here, kept as they are: 1 session, 20 sets, "
        "0 check-ins, 0 checks, 1 setting, 0 exercise choices."
    )
    nothing = ImportSummary(sessions_present=3)
    assert not nothing.anything_new
    assert nothing.line().startswith("Nothing new to import: all of it is already here (3 sess")


@settings(max_examples=60, deadline=None)
@given(backups())
def test_a_backup_survives_its_document_and_json(backup: Backup) -> None:
    text = json.dumps(document(backup), ensure_ascii=False, allow_nan=False)
    assert validate_backup(json.loads(text)) == backup


def test_a_number_too_big_to_be_real_is_refused_by_name() -> None:
    """A 400-digit id must be a clear refusal, not an OverflowError from math."""
    import pytest as _pytest

    from app.core.backup.format import BackupError
    from app.core.backup.validate import validate_backup

    huge = 10**400
    with _pytest.raises(BackupError) as caught:
        validate_backup(
            {
                "format": "inward-backup",
                "version": 1,
                "exported_at": "2026-01-01T00:00:00+00:00",
                "app_schema": "0003",
                "sessions": [{"id": huge}],
                "checks": [],
                "settings": {},
                "exercise_choices": {},
            }
        )
    assert str(caught.value).startswith("sessions[0].id: must be a whole number")
