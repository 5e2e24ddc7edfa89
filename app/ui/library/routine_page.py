"""My routine: every exercise with its state, and the button that undoes its change.

Shows core's RoutineRows (app.core.library.my_routine) and forwards the way back, Learn, Equipment
and Back; the row's button names what it does ("Bring back", "Reset the dose", ...).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal

from app.core.library.my_routine import RoutineRow
from app.ui.common import theme
from app.ui.library.page import ExerciseListPage, big_button


class RoutinePage(ExerciseListPage):
    way_back_requested = Signal(str)  # exercise slug
    learn_requested = Signal(str)
    equipment_requested = Signal()

    def __init__(self) -> None:
        super().__init__(
            "My routine",
            "Each exercise and where it stands. Choose one: the button on the right undoes "
            "its change.",
            ["Exercise", "State"],
        )
        self.view.selectionModel().currentChanged.connect(lambda _now, _before: self._follow())
        self.view.activated.connect(lambda _i: self._learn())
        self.back_button = big_button("◀ Back", "Back", self.back_requested.emit)
        self.equipment_button = big_button(
            "Equipment…", "My equipment", self.equipment_requested.emit
        )
        self.learn_button = big_button("Learn…", "Learn the selected exercise", self._learn)
        self.way_back_button = big_button("Bring back", "Undo the change", self._way_back)
        self.way_back_button.setEnabled(False)
        self.way_back_button.setStyleSheet(f"font-weight: bold; color: {theme.accent()};")
        self.add_buttons(
            [self.back_button, self.equipment_button], [self.learn_button, self.way_back_button]
        )
        self._rows: dict[str, RoutineRow] = {}

    def show_rows(self, rows: Sequence[RoutineRow], current: str | None = None) -> None:
        self._rows = {row.slug: row for row in rows if row.slug is not None}
        self.show_tree([(r.text, r.state, r.slug) for r in rows], current)
        self._follow()

    def row(self, slug: str) -> RoutineRow:
        return self._rows[slug]

    def _follow(self) -> None:
        """The button says what it would undo for the chosen exercise, or nothing to undo."""
        slug = self.selected_slug()
        row = self._rows.get(slug) if slug else None
        has_way = row is not None and row.way_back is not None
        self.way_back_button.setEnabled(has_way)
        self.way_back_button.setText(
            row.button if row is not None and has_way else "Nothing to undo"
        )
        self.learn_button.setEnabled(row is not None)

    def _way_back(self) -> None:
        slug = self.selected_slug()
        if slug is not None and self._rows[slug].way_back is not None:
            self.way_back_requested.emit(slug)

    def _learn(self) -> None:
        slug = self.selected_slug()
        if slug is not None:
            self.learn_requested.emit(slug)
