"""Whatever Inward can store, its export imports again: data written through the Store
(as the window writes it, with any text a person can type or paste), exported, read back
and imported into an empty data file, arrives whole.

Found this way: a NUL character pasted into a note (Qt's line edits keep it) was stored and
exported, and the import then refused the whole backup ("must not contain a NUL character").
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.records import SessionStatus, Side
from app.core.session.checkin import CheckIn, Effort
from app.db.store import Store
from app.db.transfer.backup_export import export_backup, write_json
from app.db.transfer.backup_import import apply_import
from app.db.transfer.backup_reader import read_backup_file
from tests.db.conftest import make_set

# Any text a line edit hands over: everything but lone surrogates (which no UTF-8 file holds).
TYPED = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
# The check form's date picker starts in 1752; the wall clock can say anything up to 9999.
TIMES = st.datetimes(
    min_value=datetime(1752, 9, 14), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)
ROUND_TRIP = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _clean(text: str) -> str:
    return text.replace("\0", "")


@ROUND_TRIP
@given(
    check_note=TYPED,
    trial_note=TYPED,
    checkin_note=TYPED,
    taken_at=TIMES,
    started_at=TIMES,
    degrees=st.floats(0, 90),
    effort=st.sampled_from(Effort),
)
@example(
    check_note="",
    trial_note="",
    checkin_note="pasted\0from a PDF",
    taken_at=datetime(2026, 3, 1, tzinfo=UTC),
    started_at=datetime(2026, 3, 1, tzinfo=UTC),
    degrees=30.0,
    effort=Effort.ABOUT_RIGHT,
)
def test_whatever_the_app_stores_its_export_imports_again(
    tmp_path_factory,
    check_note: str,
    trial_note: str,
    checkin_note: str,
    taken_at: datetime,
    started_at: datetime,
    degrees: float,
    effort: Effort,
) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    source, target, backup = folder / "a.sqlite3", folder / "b.sqlite3", folder / "b.json"
    trial = Trial(
        Side.LEFT, 1, degrees, Method.EYE, Mode.PASSIVE, MeasuredBy.SELF, False, trial_note
    )
    with Store.open(source) as store:
        store.add_check(CheckRecord("prone-ir", taken_at, (trial,), check_note))
        session_id = store.start_session({"items": []}, started_at)
        store.record_set(session_id, make_set(started_at))
        store.save_checkin(CheckIn(session_id, started_at, effort, {}, checkin_note))
        store.finish_session(session_id, started_at, SessionStatus.FINISHED)
    write_json(export_backup(source), backup)
    added = apply_import(target, read_backup_file(backup))  # before: BackupError for a NUL
    assert (added.sessions_new, added.sets_new, added.checkins_new, added.checks_new) == (
        1,
        1,
        1,
        1,
    )
    with Store.open(target) as store:
        (record,) = store.checks()
        assert record.taken_at == taken_at and record.trials[0].degrees == degrees
        assert record.note == _clean(check_note)  # a NUL is dropped, the rest kept
        assert record.trials[0].note == _clean(trial_note)
        checkin = store.checkin(1)  # the one session, first in an empty file
        assert checkin is not None and checkin.note == _clean(checkin_note)


def test_a_note_pasted_with_a_nul_is_stored_without_it(tmp_path: Path) -> None:
    """New notes never hold a NUL: the CSV export and other programs choke on it."""
    with Store.open(tmp_path / "a.sqlite3") as store:
        session_id = store.start_session({"items": []}, datetime(2026, 3, 1, tzinfo=UTC))
        store.save_checkin(
            CheckIn(session_id, datetime(2026, 3, 1, tzinfo=UTC), Effort.ABOUT_RIGHT, {}, "a\0b")
        )
        trial = Trial(Side.LEFT, 1, 30.0, Method.EYE, Mode.PASSIVE, MeasuredBy.SELF, False, "c\0")
        record_id = store.add_check(
            CheckRecord("prone-ir", datetime(2026, 3, 1, tzinfo=UTC), (trial,), "\0d")
        )
        assert store.checkin(session_id).note == "ab"
        record = store.check(record_id)
        assert (record.note, record.trials[0].note) == ("d", "c")
