"""The Library, Learn and My routine pages and the equipment checklist, and how they lead
to each other: Today -> Library -> Learn -> (add or leave out); My routine -> way back.

Every change goes through the store as a saved ("for every session") choice or setting,
and what it changed is published (`publish`, the window's change signal), on which Today
re-plans, so the pages never decide anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.core.changes import Changes
from app.core.content.exercises import Content
from app.core.library.learn import learn_sheet, library
from app.core.library.my_routine import WayBack, brought_back, routine_rows, way_back
from app.core.plan.equipment import checklist, read_missing, to_stored
from app.core.plan.settings_keys import EQUIPMENT_KEY
from app.core.plan.today import retarget
from app.core.plan.types import ExerciseChoice
from app.ui.common.messages import delete_on_close
from app.ui.library.learn_page import LearnPage
from app.ui.library.page import LibraryPage
from app.ui.library.routine_page import RoutinePage

if TYPE_CHECKING:
    from app.db.store import Store
    from app.ui.library.equipment_dialog import EquipmentDialog


class LearnFlow(QObject):
    def __init__(
        self,
        pages: QStackedWidget,
        content: Content,
        store: Callable[[], Store],
        publish: Callable[[Changes], object],
        go_home: Callable[[], None],
        report: Callable[[str, Exception], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._pages, self._content, self._store = pages, content, store
        self._publish, self._report, self._parent = publish, report, parent
        self.library_page = LibraryPage()
        self.learn_page = LearnPage()
        self.routine_page = RoutinePage()
        for page in (self.library_page, self.learn_page, self.routine_page):
            pages.addWidget(page)
        self._came_from: QWidget | None = None  # where Back on the Learn page goes
        self.equipment_dialog: EquipmentDialog | None = None
        self.library_page.learn_requested.connect(self.show_learn)
        self.library_page.routine_requested.connect(self.show_routine)
        self.library_page.back_requested.connect(go_home)
        self.learn_page.back_requested.connect(self._back_from_learn)
        self.learn_page.add_requested.connect(self.add)
        self.learn_page.leave_out_requested.connect(self.leave_out)
        self.routine_page.back_requested.connect(go_home)
        self.routine_page.learn_requested.connect(self.show_learn)
        self.routine_page.way_back_requested.connect(self.undo)
        self.routine_page.equipment_requested.connect(self.ask_equipment)

    # -- what is stored -----------------------------------------------------------------

    def _saved(self) -> dict[str, ExerciseChoice]:
        return self._store().exercise_choices()

    def missing(self) -> frozenset[str]:
        return read_missing(self._store().get_setting(EQUIPMENT_KEY, None)) or frozenset()

    def _safely(self, action: str, work: Callable[[], object]) -> bool:
        from app.db.errors import DatabaseError

        try:
            work()
        except DatabaseError as error:
            self._report(action, error)
            return False
        return True

    # -- pages --------------------------------------------------------------------------

    def show_library(self, current: str | None = None) -> None:
        self.library_page.show_entries(library(self._content), current)
        self._pages.setCurrentWidget(self.library_page)

    def show_learn(self, slug: str) -> None:
        page = self._pages.currentWidget()
        if page is not self.learn_page:
            self._came_from = page
        exercise = self._content.exercise(slug)
        self.learn_page.show_sheet(learn_sheet(exercise, self._content), exercise)
        self._pages.setCurrentWidget(self.learn_page)
        self._safely("read your routine", lambda: self._show_state(slug))

    def _show_state(self, slug: str) -> None:
        rows = routine_rows(self._content, self._saved(), self.missing())
        row = next(r for r in rows if r.slug == slug)
        can_add = row.way_back in (WayBack.BRING_BACK, WayBack.UNDO_SWAP)
        in_routine = row.way_back in (None, WayBack.RESET_DOSE) and not row.state.startswith(
            "An extra"
        )
        self.learn_page.show_state(row.state, can_add, in_routine)

    def show_routine(self, current: str | None = None) -> None:
        def fill() -> None:
            rows = routine_rows(self._content, self._saved(), self.missing())
            self.routine_page.show_rows(rows, current)

        self._safely("read your routine", fill)
        self._pages.setCurrentWidget(self.routine_page)

    def _back_from_learn(self) -> None:
        back = self._came_from
        if back is self.routine_page:
            self.show_routine(self.learn_page.slug)
        elif back is self.library_page:
            self.show_library(self.learn_page.slug)
        else:
            self._pages.setCurrentWidget(cast(QWidget, back or self._pages.widget(0)))

    # -- changes ------------------------------------------------------------------------

    def add(self, slug: str) -> None:
        """Back into the routine for every session: a saved drop or swap is forgotten."""

        def work() -> None:
            saved = self._saved()
            if slug in saved:
                self._publish(self._store().set_exercise_choice(slug, brought_back(saved, slug)))

        if self._safely("add the exercise", work):
            self._show_state(slug)

    def leave_out(self, slug: str) -> None:
        """Out of the routine for every session; a swapped-in exercise takes its routine
        exercise out with it (the swap's own choice is replaced)."""

        def work() -> None:
            target, choice = retarget(slug, ExerciseChoice(dropped=True), self._saved())
            self._publish(self._store().set_exercise_choice(target, choice))

        if self._safely("leave the exercise out", work):
            self._show_state(slug)

    def undo(self, slug: str) -> None:
        """My routine's button: the way back for this exercise's change."""
        row = self.routine_page.row(slug)
        if row.way_back is WayBack.EQUIPMENT:
            self.ask_equipment()
            return

        def work() -> None:
            choice = self._saved().get(slug)
            if choice is not None and row.way_back is not None:
                self._publish(
                    self._store().set_exercise_choice(slug, way_back(choice, row.way_back))
                )

        if self._safely("undo the change", work):
            self.show_routine(slug)

    def ask_equipment(self) -> None:
        """The checklist; Save keeps the answer and re-plans Today."""
        from app.ui.library.equipment_dialog import EquipmentDialog

        dialog = EquipmentDialog(checklist(self._content), self.missing(), self._parent)
        delete_on_close(dialog)
        dialog.accepted.connect(lambda: self.save_equipment(dialog.missing()))
        self.equipment_dialog = dialog
        dialog.open()

    def save_equipment(self, missing: set[str]) -> None:
        def work() -> None:
            self._publish(self._store().set_setting(EQUIPMENT_KEY, to_stored(missing)))

        saved = self._safely("save your equipment", work)
        if saved and self._pages.currentWidget() is self.routine_page:
            self.show_routine(self.routine_page.selected_slug())
