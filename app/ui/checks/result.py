"""The result of a check: each side against the reference, the difference, the change."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.common import theme
from app.ui.common.page_actions import page_actions


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
        self.context.setFont(theme.font(17))
        self.context.setWordWrap(True)
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setAccessibleName("Reference and averages")
        buttons, _done = page_actions(
            ("Edit this check", "Edit this check", self.edit_requested),
            ("Done", "Done", self.done_requested),
        )
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
        # One paragraph per sentence, spaced: what the reading is compared with, the
        # published average, what the plan does with it and the noise margin read apart.
        self.context.setText(
            "".join(
                f'<p style="margin-bottom:8px">{html.escape(line, quote=False)}</p>'
                for line in context
            )
        )
