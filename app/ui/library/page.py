"""The Library: every exercise by stage, each one a key press away from its Learn page.

It shows what core listed (app.core.library.learn.library) and forwards Enter, Learn and Back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.library.learn import LibraryEntry
from app.ui.common import theme
from app.ui.common.page_actions import BUTTON_HEIGHT


def exercise_tree(name: str, headers: Sequence[str]) -> tuple[QTreeView, QStandardItemModel]:
    """A large, read-only tree of stages and their exercises, the same on every page."""
    view = QTreeView()
    view.setAccessibleName(name)
    model = QStandardItemModel(view)
    model.setHorizontalHeaderLabels(list(headers))
    view.setModel(model)
    view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
    view.setFont(theme.font(18))
    view.setUniformRowHeights(True)
    view.setStyleSheet("QTreeView::item { padding: 6px 0px; }")
    return view, model


def fill_tree(view: QTreeView, model: QStandardItemModel, rows: Sequence[tuple]) -> None:
    """Rows are (text, detail, slug): a stage heading when slug is None, else an exercise
    under the last heading; the slug is kept on the first cell."""
    model.removeRows(0, model.rowCount())
    bold = QFont(view.font())
    bold.setBold(True)
    stage: QStandardItem | None = None
    for text, detail, slug in rows:
        cells = [QStandardItem(text), QStandardItem(detail)]
        if slug is None:
            cells[0].setFont(bold)
            model.appendRow(cells)
            stage = cells[0]
            continue
        cells[0].setData(slug)
        assert stage is not None
        stage.appendRow(cells)
    view.expandAll()
    header = view.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)


def selected_slug(view: QTreeView, model: QStandardItemModel) -> str | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    slug = model.itemFromIndex(index.siblingAtColumn(0)).data()
    return slug if isinstance(slug, str) else None


def select_slug(view: QTreeView, model: QStandardItemModel, slug: str) -> bool:
    """Put the cursor on the exercise's row; False when it is not listed."""
    for stage in range(model.rowCount()):
        parent = model.item(stage, 0)
        for row in range(parent.rowCount()):
            if parent.child(row, 0).data() == slug:
                view.setCurrentIndex(parent.child(row, 0).index())
                return True
    return False


def big_button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    """A page's button: large type, tall enough to hit from the floor."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setFont(theme.font(20))
    button.setMinimumHeight(BUTTON_HEIGHT + 8)
    button.clicked.connect(lambda: slot())
    return button


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(theme.font(32, bold=True))
    label.setAccessibleName(text)
    return label


def on_escape(page: QWidget, slot: Callable[[], object]) -> None:
    """Escape goes back; a window shortcut that only fires while its page is shown."""
    back = QShortcut(QKeySequence("Escape"), page)
    back.setContext(Qt.ShortcutContext.WindowShortcut)
    back.activated.connect(lambda: slot())


class ExerciseListPage(QWidget):
    """A titled page with the tree of stages and exercises above a row of big buttons:
    the Library and My routine differ only in their second column and their buttons."""

    back_requested = Signal()

    def __init__(self, title: str, intro: str, headers: Sequence[str]) -> None:
        super().__init__()
        self.setAccessibleName(title)
        words = QLabel(intro)
        words.setWordWrap(True)
        words.setFont(theme.font(18))
        self.view, self.model = exercise_tree(f"{title} exercises", headers)
        self.button_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addWidget(title_label(title))
        layout.addWidget(words)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.button_row)
        on_escape(self, self.back_requested.emit)

    def add_buttons(self, left: Sequence[QPushButton], right: Sequence[QPushButton]) -> None:
        for button in left:
            self.button_row.addWidget(button)
        self.button_row.addStretch(1)
        for button in right:
            self.button_row.addWidget(button)

    def show_tree(self, rows: Sequence[tuple], current: str | None) -> None:
        """Fill the tree and put the cursor on `current`, else on the first exercise."""
        fill_tree(self.view, self.model, rows)
        if current is None or not select_slug(self.view, self.model, current):
            first = self.model.item(0, 0)
            if first is not None and first.rowCount():
                self.view.setCurrentIndex(first.child(0, 0).index())
        self.view.setFocus()

    def selected_slug(self) -> str | None:
        return selected_slug(self.view, self.model)


class LibraryPage(ExerciseListPage):
    learn_requested = Signal(str)  # exercise slug
    routine_requested = Signal()

    def __init__(self) -> None:
        super().__init__(
            "Library",
            "Every exercise Inward knows, by stage. Choose one and press Enter to learn it "
            "before the timer runs.",
            ["Exercise", "Needs"],
        )
        self.view.activated.connect(lambda _i: self._learn_selected())
        self.back_button = big_button("◀ Today", "Back to Today", self.back_requested.emit)
        self.routine_button = big_button("My routine…", "My routine", self.routine_requested.emit)
        self.learn_button = big_button(
            "Learn…", "Learn the selected exercise", self._learn_selected
        )
        self.learn_button.setDefault(True)
        self.add_buttons([self.back_button], [self.routine_button, self.learn_button])

    def show_entries(self, entries: Sequence[LibraryEntry], current: str | None = None) -> None:
        self.show_tree([(e.text, e.detail, e.slug) for e in entries], current)

    def _learn_selected(self) -> None:
        slug = self.selected_slug()
        if slug is not None:
            self.learn_requested.emit(slug)
