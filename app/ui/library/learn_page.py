"""The Learn page: one exercise before the timer runs, with its figure moving as in a session.

Shows a core LearnSheet (numbered set-up, cues, cautions, equipment, targets, easier and
harder ways) and the exercise's place in the routine; forwards Add, Leave out and Back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.content.exercises import Exercise
from app.core.library.learn import DemoLoop, LearnSheet
from app.ui.common import theme
from app.ui.drawing.illustration import IllustrationView
from app.ui.library.page import big_button, on_escape, title_label

FRAME_MS = 100  # the figure's frame rate on this page, as in the player
BODY_PX = 20  # readable from a couple of metres, with the laptop on a chair
HEADING_PX = 24


class LearnPage(QWidget):
    add_requested = Signal(str)  # exercise slug
    leave_out_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, monotonic: Callable[[], float] = time.monotonic, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Learn")
        self._monotonic = monotonic
        self._slug = ""
        self._demo: DemoLoop | None = None
        self._began = 0.0
        self.title = title_label("")
        self.title.setAccessibleName("Exercise name")
        self.title.setWordWrap(True)
        self.stage_label = self._text("Stage", 20)
        self.dose_label = self._text("Usual dose", 20)
        self.figure = IllustrationView()
        self.figure.setMinimumSize(360, 300)
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._frame)

        self.sections: dict[str, QLabel] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        for heading in ("Take care", "Set-up", "While you do it", "You need", "It works"):
            column.addWidget(self._heading(heading))
            column.addWidget(self._section(heading))
        ways = QGridLayout()
        for place, heading in enumerate(("Easier", "Harder")):
            ways.addWidget(self._heading(heading), 0, place)
            ways.addWidget(self._section(heading), 1, place)
        column.addLayout(ways)
        column.addStretch(1)
        self.cautions_label = self.sections["Take care"]
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.state_label = self._text("In my routine", 20, bold=True)
        self.back_button = big_button("◀ Back", "Back", self.back_requested.emit)
        self.add_button = big_button(
            "Add to my routine", "Add to my routine", lambda: self.add_requested.emit(self._slug)
        )
        self.leave_button = big_button(
            "Leave out",
            "Leave out of my routine",
            lambda: self.leave_out_requested.emit(self._slug),
        )
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addWidget(self.state_label, 1)
        actions.addWidget(self.leave_button)
        actions.addWidget(self.add_button)

        left = QVBoxLayout()
        left.addWidget(self.stage_label)
        left.addWidget(self.figure, 1)
        left.addWidget(self.dose_label)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addWidget(scroll, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addWidget(self.title)
        layout.addLayout(middle, 1)
        layout.addLayout(actions)
        on_escape(self, self.back_requested.emit)

    def _text(self, name: str, size: int, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setFont(theme.font(size, bold))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(theme.font(HEADING_PX, bold=True))
        return label

    def _section(self, name: str) -> QLabel:
        label = self._text(name, BODY_PX)
        self.sections[name] = label
        return label

    # -- showing ----------------------------------------------------------------------

    def show_sheet(self, sheet: LearnSheet, exercise: Exercise) -> None:
        self._slug = sheet.slug
        self.title.setText(sheet.name)
        self.stage_label.setText(f"{sheet.stage}\n{sheet.purpose}")
        self.dose_label.setText(f"Usual dose: {sheet.dose}")
        texts = {
            "Take care": _lines(sheet.cautions, "⚠ ") or "Nothing special: stop at any pain.",
            "Set-up": "\n".join(sheet.setup),
            "While you do it": _lines(sheet.cues, "• "),
            "You need": _lines(sheet.equipment, "• "),
            "It works": sheet.targets,
            "Easier": _lines(sheet.easier, "• ") or "—",
            "Harder": _lines(sheet.harder, "• ") or "—",
        }
        for name, text in texts.items():
            self.sections[name].setText(text)
        self._colour_cautions()
        self._demo = DemoLoop(exercise)
        self._began = self._monotonic()
        self._frame()
        if self.isVisible():
            self.timer.start()

    def show_state(self, state: str, can_add: bool, can_leave_out: bool) -> None:
        """Where the exercise stands in the person's routine, and which button applies."""
        self.state_label.setText(state)
        self.add_button.setEnabled(can_add)
        self.leave_button.setEnabled(can_leave_out)
        if can_add or can_leave_out:  # the focus stays on a button that can be pressed
            (self.add_button if can_add else self.leave_button).setFocus()
        else:
            self.back_button.setFocus()

    @property
    def slug(self) -> str:
        return self._slug

    def _frame(self) -> None:
        if self._demo is not None:
            self.figure.show_step(self._demo.view(self._monotonic() - self._began))

    def _colour_cautions(self) -> None:
        self.cautions_label.setStyleSheet(f"color: {theme.pain_colour()}; font-weight: bold;")

    def changeEvent(self, event: QEvent) -> None:
        """A switch between light and dark recolours the cautions."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_cautions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()  # the figure moves only while it can be seen

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()


def _lines(texts: tuple[str, ...], mark: str) -> str:
    return "\n".join(mark + text for text in texts)
