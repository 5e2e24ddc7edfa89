"""My routine: every exercise with its state, and the button that undoes its change.

Shows core's RoutineRows (app.core.my_routine) and forwards the way back, Learn, Equipment
and Back; the row's button names what it does ("Bring back", "Reset the dose", ...).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.my_routine import RoutineRow
from app.ui import theme
from app.ui.library_page import (
    big_button,
    exercise_tree,
    fill_tree,
    select_slug,
    selected_slug,
    title_label,
)


class RoutinePage(QWidget):
    way_back_requested = Signal(str)  # exercise slug
    learn_requested = Signal(str)
    equipment_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("My routine")
        intro = QLabel(
            "Each exercise and where it stands. Choose one: the button on the right undoes "
            "its change."
        )
        intro.setWordWrap(True)
        intro.setFont(theme.font(18))
        self.view, self.model = exercise_tree("My routine exercises", ["Exercise", "State"])
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
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addWidget(self.equipment_button)
        actions.addStretch(1)
        actions.addWidget(self.learn_button)
        actions.addWidget(self.way_back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addWidget(title_label("My routine"))
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        self._rows: dict[str, RoutineRow] = {}
        back = QShortcut(QKeySequence("Escape"), self)
        back.setContext(Qt.ShortcutContext.WindowShortcut)  # this page only while shown
        back.activated.connect(self.back_requested.emit)

    def show_rows(self, rows: Sequence[RoutineRow], current: str | None = None) -> None:
        self._rows = {row.slug: row for row in rows if row.slug is not None}
        fill_tree(self.view, self.model, [(r.text, r.state, r.slug) for r in rows])
        if current is None or not select_slug(self.view, self.model, current):
            first = self.model.item(0, 0)
            if first is not None and first.rowCount():
                self.view.setCurrentIndex(first.child(0, 0).index())
        self._follow()
        self.view.setFocus()

    def selected_slug(self) -> str | None:
        return selected_slug(self.view, self.model)

    def row(self, slug: str) -> RoutineRow:
        return self._rows[slug]

    def _follow(self) -> None:
        """The button says what it would undo for the chosen exercise, or nothing to undo."""
        slug = self.selected_slug()
        row = self._rows.get(slug) if slug else None
        has_way = row is not None and row.way_back is not None
        self.way_back_button.setEnabled(has_way)
        self.way_back_button.setText(row.button if row is not None and has_way else "Nothing to undo")
        self.learn_button.setEnabled(row is not None)

    def _way_back(self) -> None:
        slug = self.selected_slug()
        if slug is not None and self._rows[slug].way_back is not None:
            self.way_back_requested.emit(slug)

    def _learn(self) -> None:
        slug = self.selected_slug()
        if slug is not None:
            self.learn_requested.emit(slug)
