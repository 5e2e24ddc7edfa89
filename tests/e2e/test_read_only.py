"""A read-only data folder: Inward starts, History, export and the report work, and each
save says why it cannot, in one message, with nothing lost.

Root writes anywhere, so these are ``permissions`` tests: `make permission-test` runs them
as an unprivileged user (CI does), and the root run leaves them to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.data_dir import database_path
from app.db.errors import DatabaseError
from app.db.read_only import connect_read_only, read_only_reason
from app.db.store import Store
from app.db.transfer.backup_export import export_backup
from app.ui.data.transfer import export_to
from tests.db.conftest import make_check, make_set, utc

pytestmark = pytest.mark.permissions


@pytest.fixture
def locked(data_dir: Path) -> Iterator[Path]:
    """A data folder with a check and a finished session, then made read-only (0555, the
    file 0444), as after copying it from a read-only medium; unlocked again afterwards."""
    db_path = database_path(data_dir)
    with Store.open(db_path) as store:
        store.add_check(make_check(utc(2026, 11, 1, 8)))
        session_id = store.start_session({"items": []}, utc(2026, 11, 2, 7))
        store.record_set(session_id, make_set(utc(2026, 11, 2, 7, 1)))
    db_path.chmod(0o444)
    data_dir.chmod(0o555)
    try:
        yield db_path
    finally:
        data_dir.chmod(0o755)
        db_path.chmod(0o644)


def sessions_in(db_path: Path) -> int:
    with closing(connect_read_only(db_path)) as connection:
        return connection.execute("SELECT count(*) FROM sessions").fetchone()[0]


def test_a_read_only_folder_is_read_and_exported_with_plain_sqlite(locked: Path) -> None:
    with closing(connect_read_only(locked)) as connection:
        assert connection.execute("SELECT count(*) FROM check_records").fetchone() == (1,)
    document = export_backup(locked)
    assert len(document["checks"]) == 1 and len(document["sessions"]) == 1
    reason = read_only_reason(locked)
    assert reason is not None and "is read-only" in reason and str(locked.parent) in reason


def test_the_store_reads_and_says_why_it_cannot_save(locked: Path) -> None:
    reason = read_only_reason(locked)
    assert reason is not None
    with Store.open_read_only(locked, reason) as store:
        assert len(store.checks()) == 1
        with pytest.raises(DatabaseError) as caught:
            store.set_setting("x", 1)
    assert str(caught.value) == reason


def test_inward_opens_a_read_only_folder_and_says_why_it_cannot_save(
    make_window, qtbot, locked: Path, tmp_path: Path
) -> None:
    window = make_window()
    assert window.content is not None and window.read_only is not None

    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.history
    shown = " ".join(
        label.text() for label in window.history.findChildren(type(window.home.summary_label))
    )
    assert "first self-check" not in shown  # the check in the file is there

    export_to(window.database_path, tmp_path / "out.json")
    saved = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(saved["checks"]) == 1

    window.open_report()
    dialog = window.report_dialog
    qtbot.keyClicks(dialog.name_edit, "Sam")  # the name cannot be kept: the report still is
    assert dialog.save_to(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").stat().st_size > 0
    dialog.close()

    window.show_home()
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home  # no session that could not be kept
    assert window.warning_box.text() == window.read_only
    assert "History, export and the report work" in window.warning_box.text()
    window.warning_box.close()
    assert sessions_in(locked) == 1
