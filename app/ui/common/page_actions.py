"""The row of buttons at the foot of a page (check form, check result, check-in): the
secondary action, then the default one, on the right, tall enough to hit from the floor."""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QPushButton

BUTTON_HEIGHT = 48


def _button(text: str, name: str, signal: SignalInstance) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setMinimumHeight(BUTTON_HEIGHT)
    button.clicked.connect(signal.emit)
    return button


def page_actions(
    secondary: tuple[str, str, SignalInstance], default: tuple[str, str, SignalInstance]
) -> tuple[QHBoxLayout, QPushButton]:
    """Each action is (text, accessible name, the signal its click emits). Returns the row
    and the default button (which Enter presses)."""
    other = _button(*secondary)
    main = _button(*default)
    main.setDefault(True)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(other)
    row.addWidget(main)
    return row, main
