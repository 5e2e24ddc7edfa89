"""Self-checks through the real window: type readings, see the result, relaunch, edit, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.ui.checks.photo_dialog import PhotoDialog

READINGS = {
    "left-1": "30",
    "left-2": "33",
    "left-3": "31",
    "right-1": "44",
    "right-2": "46",
    "right-3": "45",
}


def open_form(window, qtbot, check: str = "Lying face down"):
    qtbot.mouseClick(window.home.checks_button, Qt.MouseButton.LeftButton)
    page = window.checks.list_page
    button = next(
        b for b in page.start_buttons.values() if b.accessibleName() == f"Take check: {check}"
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checks.form
    return window.checks.form


def type_readings(form, qtbot, readings: dict[str, str]) -> None:
    for key, text in readings.items():
        box = form.row(key).degrees
        box.clear()
        qtbot.keyClicks(box, text)


def table_cells(window) -> list[list[str]]:
    model = window.checks.list_page.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_record_a_two_sided_check_and_find_it_after_relaunch(make_window, qtbot) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, READINGS)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    result = window.checks.result_page
    assert window.pages.currentWidget() is result
    assert result.sides.text().splitlines() == [
        "Left 31°: below the guide's target of 45° by 14°.",
        "Right 45°: at the guide's target of 45°.",
    ]
    assert "Left is tighter than right by 14°." in result.details.text()
    window.close()

    again = make_window()
    qtbot.mouseClick(again.home.checks_button, Qt.MouseButton.LeftButton)
    (row,) = table_cells(again)
    assert row[1:4] == ["Lying face down", "31° (3 trials)", "45° (3 trials)"]


def test_bad_readings_are_explained_kept_and_nothing_is_saved(make_window, qtbot) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": "abc", "left-2": "120", "right-1": "44"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is form
    problems = form.errors.text()
    assert "Left trial 1" in problems and "Left trial 2" in problems
    assert form.row("left-1").degrees.text() == "abc"  # kept to fix
    assert form.row("right-1").degrees.text() == "44"
    assert window.store.checks() == []


def test_a_future_time_is_refused(make_window, clock, qtbot) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": "30"})
    form.when.setDateTime(form.when.dateTime().addDays(2))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "future" in form.errors.text()
    assert window.store.checks() == []


def test_edit_then_undo_and_delete_then_undo(make_window, qtbot) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, READINGS)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    window.checks.show_list()
    page = window.checks.list_page
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert form.row("left-1").degrees.text() == "30"
    type_readings(form, qtbot, {"left-1": "40", "left-3": "38"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.checks.result_page.sides.text().startswith("Left 38°")
    window.checks.show_list()
    assert table_cells(window)[0][2] == "38° (3 trials)"

    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table_cells(window)[0][2] == "31° (3 trials)"

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert table_cells(window) == [] and page.empty.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table_cells(window)[0][2] == "31° (3 trials)"
    assert len(window.store.checks()) == 1


def test_a_trial_measured_from_a_photo(make_window, qtbot, data_dir: Path, tmp_path) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    _measure_and_keep(window, qtbot, form, "left-1", _knee_photo(tmp_path))
    assert isinstance(window.checks.photo_dialog, PhotoDialog)
    row = form.row("left-1")
    assert row.degrees.text() == "45"
    assert row.method.currentData() == "photo"
    assert row.photo is not None and (data_dir / "photos" / row.photo).is_file()


def test_a_file_that_is_not_a_photo_is_explained(make_window, qtbot, tmp_path) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    qtbot.mouseClick(form.row("right-2").photo_button, Qt.MouseButton.LeftButton)
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a picture", encoding="utf-8")
    window.checks.photo_dialog.open_path(fake)
    assert "not an image" in window.checks.photo_dialog.message.text()


def test_the_form_shows_the_position_and_the_angle_to_read(make_window, qtbot) -> None:
    window = make_window()
    form = open_form(window, qtbot, "Sitting")
    picture = form.picture
    assert picture.isVisible() and not picture.pixmap().isNull()
    assert picture.accessibleDescription().startswith("Sitting: ")
    lying = open_form(window, qtbot)  # another check: its own picture
    assert lying.picture.accessibleDescription().startswith("Lying face down: ")


def test_an_active_check_is_not_judged_against_the_passive_target(make_window, qtbot) -> None:
    """Issue 14: an active turn is smaller than a passive one, so the result screen compares it
    with no passive target or average; a passive check shows the target and the average."""
    window = make_window()
    form = open_form(window, qtbot)
    active = form.default_mode.findData("active")
    form.default_mode.setCurrentIndex(active)
    type_readings(form, qtbot, {"left-1": "30", "right-1": "38"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    result = window.checks.result_page
    assert result.sides.text().splitlines() == [
        "Left 30° active: no active reference.",
        "Right 38° active: no active reference.",
    ]
    assert "45°" not in result.context.text() and "35.2°" not in result.context.text()
    window.checks.show_list()

    form = open_form(window, qtbot)
    form.default_mode.setCurrentIndex(form.default_mode.findData("passive"))
    type_readings(form, qtbot, {"left-1": "30", "right-1": "38"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert result.sides.text().startswith("Left 30°: below the guide's target of 45° by 15°.")
    shown = result.context.text()
    assert "The guide's target, 45° (passive)" in shown and "35.2° (passive)" in shown
    assert ".txt" not in shown + result.details.text() + result.sides.text()
    window.close()


def _measure_and_keep(window, qtbot, form, key: str, photo: Path, keep: bool = True) -> None:
    """Open the photo measurer on one reading, place the handles, keep the photo, use it."""
    qtbot.mouseClick(form.row(key).photo_button, Qt.MouseButton.LeftButton)
    dialog = window.checks.photo_dialog
    dialog.open_path(photo)
    view = dialog.view
    scale = view.photo().scale
    knee, ankle = view.handles()[:2]
    view.set_handle_position(knee, (300 * scale, 200 * scale))
    view.set_handle_position(ankle, (510 * scale, 410 * scale))
    dialog.keep_box.setChecked(keep)
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)


def _knee_photo(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    photo = folder / "knee.png"
    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).line([(300, 200), (510, 410)], fill="black", width=12)
    image.save(photo)
    return photo


def _kept(data_dir: Path) -> list[str]:
    folder = data_dir / "photos"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_photos_kept_for_a_cancelled_check_are_removed(
    make_window, qtbot, data_dir: Path, tmp_path
) -> None:
    photo = _knee_photo(tmp_path)
    window = make_window()
    form = open_form(window, qtbot)
    _measure_and_keep(window, qtbot, form, "left-1", photo)
    _measure_and_keep(window, qtbot, form, "right-1", photo)
    assert len(_kept(data_dir)) == 2  # kept on disk while the form is open
    cancel = next(b for b in form.findChildren(QPushButton) if b.accessibleName() == "Cancel check")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checks.list_page
    assert _kept(data_dir) == []


def test_measuring_a_reading_again_keeps_only_the_photo_it_uses(
    make_window, qtbot, data_dir: Path, tmp_path
) -> None:
    photo = _knee_photo(tmp_path)
    window = make_window()
    form = open_form(window, qtbot)
    _measure_and_keep(window, qtbot, form, "left-1", photo)
    first = form.row("left-1").photo
    _measure_and_keep(window, qtbot, form, "left-1", photo)
    second = form.row("left-1").photo
    assert first != second and _kept(data_dir) == [second]
    _measure_and_keep(window, qtbot, form, "left-1", photo, keep=False)
    assert form.row("left-1").photo is None and _kept(data_dir) == []
    _measure_and_keep(window, qtbot, form, "left-1", photo)
    kept = form.row("left-1").photo
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checks.result_page
    assert _kept(data_dir) == [kept]
    (record,) = window.store.checks()
    assert [t.photo for t in record.trials] == [kept]


def test_closing_the_window_with_a_check_half_typed_keeps_no_photo(
    make_window, qtbot, data_dir: Path, tmp_path
) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    _measure_and_keep(window, qtbot, form, "left-1", _knee_photo(tmp_path))
    assert len(_kept(data_dir)) == 1
    window.close()
    assert _kept(data_dir) == []


def test_a_check_this_inward_does_not_know_cannot_be_edited_and_says_why(
    make_window, qtbot, data_dir: Path
) -> None:
    """A backup from another version can bring a check whose kind this Inward has no form
    for. Before, Edit raised KeyError inside the slot and nothing happened."""
    from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
    from app.core.records import Side
    from app.data_dir import database_path
    from app.db.store import Store
    from tests.db.conftest import utc

    trial = Trial(Side.LEFT, 1, 30.0, Method.EYE, Mode.PASSIVE, MeasuredBy.SELF, False, "")
    with Store.open(database_path(data_dir)) as store:
        store.add_check(CheckRecord("hip-scour-2031", utc(2026, 11, 1, 9), (trial,), ""))
    window = make_window()
    qtbot.mouseClick(window.home.checks_button, Qt.MouseButton.LeftButton)
    page = window.checks.list_page
    page.table.selectRow(0)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is page  # no form for a check it cannot read
    box = window.checks.warning_box
    assert box.isVisible() and box.windowTitle() == "This check cannot be edited here"
    assert "hip-scour-2031" in box.text() and "stays in your history" in box.text()
    box.close()
