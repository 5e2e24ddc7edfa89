"""Learning before doing, through the real window (issue 14): cautions on the get-ready and
the Learn page, the Library, leaving an exercise out for always and bringing it back from
My routine, and an equipment checklist without a band that reshapes today's plan."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.content.exercises import load_content
from app.core.library.learn import CAUTIONS_TOLD_KEY
from app.core.plan.settings_keys import EQUIPMENT_KEY
from app.ui.library.page import select_slug
from tests.e2e.test_session import start

CONTENT = load_content()
BAND = "thick resistance band"
BAND_EXERCISES = [e for e in CONTENT.default_routine() if BAND in e.equipment]


def planned(window) -> list[str]:
    return [item.exercise.slug for item in window.plan.session.items]


def open_library(window, qtbot):
    qtbot.mouseClick(window.home.library_button, Qt.MouseButton.LeftButton)
    page = window.learn_flow.library_page
    assert window.pages.currentWidget() is page
    return page


def test_get_ready_shows_the_first_caution_large_and_the_setup_numbered(
    make_window, clock, qtbot
) -> None:
    window = make_window(size=(1366, 768))
    start(window, qtbot)
    page = window.player_page
    exercise = window.controller.player.current.item.exercise
    caution = exercise.cautions[0]
    assert page.caution_label.isVisible()
    assert caution in page.caution_label.text()
    assert page.caution_label.font().pixelSize() >= 30  # a line read from the mat
    fits = page.caution_label.fontMetrics().horizontalAdvance(page.caution_label.text())
    assert fits <= page.caution_label.width()  # on one line, not cut
    lines = page.cues_label.text().split("\n")
    assert lines == [f"{n}. {step}" for n, step in enumerate(exercise.setup, start=1)]
    assert page.cues_label.font().pixelSize() >= 26  # was 22 px in one paragraph
    clock.run(window.controller, 10.5)  # into the hold: the caution goes, the cues stay small
    assert not page.caution_label.isVisible()
    assert page.cues_label.text() == "   ·   ".join(exercise.cues)


def test_the_caution_is_said_the_first_time_only(make_window, clock, qtbot, sink) -> None:
    window = make_window()
    start(window, qtbot)
    first = window.controller.player.current.item.exercise
    assert sink.said[0].endswith(f"Take care: {first.cautions[0]}")
    assert window.store.get_setting(CAUTIONS_TOLD_KEY, []) == [first.slug]
    window.show_home()  # left early; the next session meets the same exercise again
    sink.said.clear()
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert sink.said[0] == f"Get ready: {first.name}, left side."


def test_library_learn_leave_out_for_always_and_bring_back(make_window, qtbot) -> None:
    window = make_window()
    window.home.budget.setCurrentIndex(window.home.budget.findData(None))  # full routine
    slug = "hip-click"
    exercise = CONTENT.exercise(slug)
    assert slug in planned(window)

    library = open_library(window, qtbot)
    assert sum(1 for _ in _slugs(library.model)) == len(CONTENT.exercises) == 28
    assert select_slug(library.view, library.model, slug)
    qtbot.keyClick(library.view, Qt.Key.Key_Return)
    learn = window.learn_flow.learn_page
    assert window.pages.currentWidget() is learn
    assert learn.title.text() == exercise.name
    for caution in exercise.cautions:
        assert caution in learn.cautions_label.text()
    assert learn.sections["Set-up"].text().startswith(f"1. {exercise.setup[0]}")
    assert learn.figure.moment is not None  # the figure is drawn

    qtbot.mouseClick(learn.leave_button, Qt.MouseButton.LeftButton)
    assert learn.state_label.text() == "Left out, for every session"
    assert learn.add_button.isEnabled() and not learn.leave_button.isEnabled()
    assert slug not in planned(window)

    qtbot.keyClick(learn, Qt.Key.Key_Escape)  # back to the Library, then on to My routine
    assert window.pages.currentWidget() is library
    qtbot.mouseClick(library.routine_button, Qt.MouseButton.LeftButton)
    routine = window.learn_flow.routine_page
    assert window.pages.currentWidget() is routine
    assert select_slug(routine.view, routine.model, slug)
    assert routine.way_back_button.text() == "Bring back"
    qtbot.mouseClick(routine.way_back_button, Qt.MouseButton.LeftButton)
    assert routine.row(slug).state == "In your routine"
    assert not routine.way_back_button.isEnabled()
    assert window.store.exercise_choices() == {}
    qtbot.keyClick(routine, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.home
    assert slug in planned(window)


def test_learn_from_today_opens_the_selected_exercise(make_window, qtbot) -> None:
    window = make_window()
    home = window.home
    first = home.model.item(0, 0).child(0, 0)
    home.routine_view.setCurrentIndex(first.index())
    qtbot.mouseClick(home.learn_button, Qt.MouseButton.LeftButton)
    learn = window.learn_flow.learn_page
    assert window.pages.currentWidget() is learn
    assert learn.title.text() == window.plan.session.items[0].exercise.name
    qtbot.keyClick(learn, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is home


def test_no_band_in_the_checklist_changes_todays_plan_and_says_why(make_window, qtbot) -> None:
    window = make_window()
    window.home.budget.setCurrentIndex(window.home.budget.findData(None))  # full routine
    assert window.home.equipment_frame.isVisible()  # asked on the first run
    assert {e.slug for e in BAND_EXERCISES} <= set(planned(window))

    qtbot.mouseClick(window.home.equipment_button, Qt.MouseButton.LeftButton)
    dialog = window.learn_flow.equipment_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.boxes[BAND].setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert window.store.get_setting(EQUIPMENT_KEY, None) == {"missing": [BAND]}
    assert not window.home.equipment_frame.isVisible()
    assert not {e.slug for e in BAND_EXERCISES} & set(planned(window))
    why = window.home.reasons_label.text()
    assert f"Left out because you said you have no {BAND}" in why
    for exercise in BAND_EXERCISES:
        assert f"the {exercise.name[:1].lower()}{exercise.name[1:]}" in why

    qtbot.mouseClick(window.home.routine_button, Qt.MouseButton.LeftButton)  # and back again
    routine = window.learn_flow.routine_page
    row = routine.row(BAND_EXERCISES[0].slug)
    assert row.state == f"Left out: you said you have no {BAND}"
    assert select_slug(routine.view, routine.model, BAND_EXERCISES[0].slug)
    assert routine.way_back_button.text() == "Equipment…"
    qtbot.mouseClick(routine.way_back_button, Qt.MouseButton.LeftButton)
    dialog = window.learn_flow.equipment_dialog
    assert not dialog.boxes[BAND].isChecked()
    dialog.boxes[BAND].setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert routine.row(BAND_EXERCISES[0].slug).state == "In your routine"
    assert {e.slug for e in BAND_EXERCISES} <= set(planned(window))


def _slugs(model):
    for stage in range(model.rowCount()):
        parent = model.item(stage, 0)
        for row in range(parent.rowCount()):
            yield parent.child(row, 0).data()
