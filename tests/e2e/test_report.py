"""The report for a physiotherapist through the real window: a pinch in a session and a check
whose right side mixed two instruments, then History → Report → Save PDF, read back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.core.formatting import describe_dose
from tests.e2e.test_checks import open_form, type_readings
from tests.e2e.test_session import start
from tests.ui.report.test_report import read_pages


def test_a_report_with_a_mixed_method_side_shows_both_sides_and_the_pinch(
    make_window, clock, qtbot, tmp_path: Path, monkeypatch
) -> None:
    window = make_window()
    # A check: left by eye (the form's default), right once by eye and once with a goniometer.
    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": "30", "right-1": "40", "right-2": "44"})
    method = form.row("right-2").method
    method.setFocus()
    qtbot.keyClick(method, Qt.Key.Key_G)  # "Goniometer"
    assert method.currentText() == "Goniometer"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checks.result_page
    window.show_home()

    # A session: 20 s into the first hold, a pinch (X); then leave.
    planned = window.plan.session.items[0]
    start(window, qtbot)
    clock.run(window.controller, 20)
    qtbot.keyClick(window, Qt.Key.Key_X)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    leave = next(b for b in window.leave_box.buttons() if b.text() == "Leave")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)

    # History → Report for physiotherapist… → Save PDF…
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.history.report_button, Qt.MouseButton.LeftButton)
    dialog = window.report_dialog
    assert dialog.isVisible()
    chosen = tmp_path / "for the physio.pdf"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(chosen), "PDF files (*.pdf)")
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Saved the report")

    text = " ".join(read_pages(chosen))
    # Both sides are on the chart, the mixed one with its note.
    assert "Left, by eye, passive" in text  # the form's default instrument
    assert "Right, mixed instruments" in text
    assert "Right: 1 reading mixed instruments or modes within one sitting" in text
    # The pinch, with its side and the dose of that day; and today's programme.
    name = planned.exercise.name
    assert f"{name} {planned.first_side.value.capitalize()} {describe_dose(planned.dose)}" in text
    assert "after 10 s of" in text  # 20 s in: a 10 s get-ready, then 10 s of the hold
    assert "Current programme" in text and "not available" not in text
    assert ".txt" not in text
    assert chosen.stat().st_mode & 0o777 == 0o600
