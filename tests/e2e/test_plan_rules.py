"""Issue 13 through the real window: a pinch that comes back, and a new person's first plan."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.session.checkin import Effort
from tests.e2e.test_checks import open_form, type_readings

TARGET = "figure-4-seated"


def play_session(window, clock, qtbot, pinch: str | None) -> None:
    """Start today's session, pinch `pinch` (press X) when it comes, skip everything else."""
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    player = window.controller.player
    while not player.finished:
        step = player.current
        if pinch is not None and step is not None and step.item.exercise.slug == pinch:
            clock.run(window.controller, 5)
            qtbot.keyClick(window, Qt.Key.Key_X)
            pinch = None
        else:
            qtbot.keyClick(window, Qt.Key.Key_S)
    page = window.checkin_page
    page.effort_buttons[Effort.ABOUT_RIGHT].click()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home


def test_a_pinch_twice_in_three_sessions_leaves_it_out_and_today_asks(
    make_window, clock, qtbot
) -> None:
    window = make_window()
    home = window.home
    assert not home.question_frame.isVisible()
    play_session(window, clock, qtbot, TARGET)
    assert window.plan.item(TARGET) is not None  # one pinch: easier, still there
    play_session(window, clock, qtbot, None)  # skipped: says nothing about the pinch
    assert "Last time the seated figure-4 stretch caused a pinch" in home.reasons_label.text()
    play_session(window, clock, qtbot, TARGET)

    assert window.plan.item(TARGET) is None
    assert home.question_frame.isVisible()
    assert home.question_label.text() == (
        "A pinch keeps coming back in the seated figure-4 stretch, so it is left out. Has a "
        "physiotherapist or doctor assessed it, or is your hip pain-free now? Answer yes and it "
        "returns at its easiest."
    )
    assert "2 of your last 2 sessions that reached it" in home.reasons_label.text()

    qtbot.mouseClick(home.pinch_yes_button, Qt.MouseButton.LeftButton)
    back = window.plan.item(TARGET)
    assert back is not None and (back.dose.seconds, back.dose.sets) == (30, 1)
    assert not home.question_frame.isVisible()
    assert "You said the seated figure-4 stretch has been assessed" in home.reasons_label.text()
    window.close()
    again = make_window()  # the answer is stored
    assert again.plan.item(TARGET) is not None
    assert not again.home.question_frame.isVisible()


def test_a_new_data_folder_offers_about_20_minutes_after_the_first_check(
    make_window, qtbot
) -> None:
    window = make_window()
    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": "32", "left-2": "33", "right-1": "34", "right-2": "35"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    window.show_home()

    home = window.home
    assert home.budget.currentData() == 20
    assert 18 * 60 <= window.plan.seconds <= 21 * 60
    assert home.summary_label.text().startswith("Today: ")
    assert "To fit 20 minutes, left out: " in home.reasons_label.text()
    home.budget.setCurrentIndex(home.budget.findData(None))  # the full routine, one choice away
    assert window.plan.seconds > 50 * 60
