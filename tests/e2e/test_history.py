"""History, the report and data export through the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.e2e.test_checks import open_form, type_readings


def test_history_shows_a_new_persons_first_steps(make_window, qtbot) -> None:
    window = make_window()
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.history
    assert "first self-check" in " ".join(
        label.text() for label in window.history.findChildren(type(window.home.summary_label))
    )


def test_a_check_appears_in_history_and_export_writes_a_backup(
    make_window, qtbot, tmp_path: Path
) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": "30", "right-1": "40"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    window.show_home()
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    page = window.history
    assert page.db_path == window.database_path

    from app.ui.data.transfer import export_to

    message = export_to(window.database_path, tmp_path / "backup.json")
    assert (tmp_path / "backup.json").stat().st_size > 0 and "backup" in message
    text = (tmp_path / "backup.json").read_text(encoding="utf-8")
    assert '"prone-ir"' in text and '"inward-backup"' in text


def test_export_never_writes_over_the_data(make_window, tmp_path: Path) -> None:
    from app.ui.data.transfer import export_problem

    window = make_window()
    database = window.database_path
    assert "data folder" in export_problem(database, database.parent / "backup.json")
    assert "data folder" in export_problem(database, database.with_suffix(".json"))
    assert ".json" in export_problem(database, tmp_path / "inward.sqlite3")
    assert export_problem(database, tmp_path / "backup.zip") is None


def test_history_is_built_out_of_sight_so_opening_it_only_paints(make_window, qtbot) -> None:
    window = make_window()
    window._prebuild_history()  # what the window does once start-up is over and idle
    qtbot.waitUntil(lambda: window._history is not None and window.history.shown_range is not None)
    assert window.pages.currentWidget() is window.home  # the person stays where they were
    page = window.history
    reads = []
    original = page._read
    page._read = lambda reader: reads.append(1) or original(reader)
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is page
    assert reads == []  # already read and drawn: opening it was a switch and a paint


def test_history_is_not_built_while_a_session_runs(make_window, qtbot) -> None:
    window = make_window()
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.runner is not None
    window._prebuild_history()
    assert window._history is None  # nothing heavy while the person is exercising


def test_practice_shows_data_from_the_earliest_day_an_import_allows(
    make_window, qtbot, data_dir: Path
) -> None:
    """A backup may bring a session dated 2 January of year 1 (the earliest it accepts);
    its week starts on 1 January, whose local midnight is before year 1 in UTC. Before, the
    Practice tab raised "year 0 is out of range" and drew nothing."""
    from datetime import timedelta

    from app.core.backup.format import EARLIEST
    from app.core.history.ranges import Span
    from app.data_dir import database_path
    from app.db.store import Store
    from tests.db.conftest import make_set

    with Store.open(database_path(data_dir)) as store:
        session_id = store.start_session({"items": []}, EARLIEST)
        store.record_set(session_id, make_set(EARLIEST))
        store.finish_session(session_id, EARLIEST + timedelta(minutes=30))
    window = make_window()
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    page = window.history
    page.tabs.setCurrentWidget(page.practice_tab)
    qtbot.mouseClick(page.span_buttons[Span.ALL], Qt.MouseButton.LeftButton)
    assert page.weekly_title.text() == "Sessions per week since the start"
    assert page.weekly_chart is not None and page.weekly_chart.isVisible()
    assert page.weekly_chart.bars[0].monday.year == 1
