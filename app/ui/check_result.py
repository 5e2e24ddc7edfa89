"""The result of a check: each side against the reference, the difference, the change."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui import theme


class CheckResultPage(QWidget):
    done_requested = Signal()
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Check result")
        self.title = QLabel()
        self.title.setFont(theme.font(30, bold=True))
        self.title.setAccessibleName("Result title")
        self.sides = QLabel()
        self.sides.setFont(theme.font(34, bold=True))
        self.sides.setWordWrap(True)
        self.sides.setAccessibleName("Result by side")
        self.details = QLabel()
        self.details.setFont(theme.font(20))
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Result details")
        self.context = QLabel()
        self.context.setFont(theme.font(15))
        self.context.setWordWrap(True)
        self.context.setAccessibleName("Reference and averages")
        done = QPushButton("Done")
        done.setAccessibleName("Done")
        done.setDefault(True)
        done.setMinimumHeight(48)
        done.clicked.connect(self.done_requested.emit)
        edit = QPushButton("Edit this check")
        edit.setAccessibleName("Edit this check")
        edit.setMinimumHeight(48)
        edit.clicked.connect(self.edit_requested.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(edit)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.sides)
        layout.addWidget(self.details)
        layout.addSpacing(16)
        layout.addWidget(self.context)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_result(
        self, title: str, sides: list[str], details: list[str], context: list[str]
    ) -> None:
        self.title.setText(title)
        self.sides.setText("\n".join(sides))
        self.details.setText("\n".join(details))
        self.context.setText("\n".join(context))
