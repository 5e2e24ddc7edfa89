"""Colours and type sizes shared by the pages, picked for the light or dark scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication

ACCENT_LIGHT = "#0f766e"  # teal: readable on white and with white text
ACCENT_DARK = "#2dd4bf"
LEFT_COLOUR = "#1d4ed8"  # blue and orange stay apart for colour-blind eyes
RIGHT_COLOUR = "#c2410c"
PAIN_COLOUR = "#b91c1c"


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def accent() -> str:
    return ACCENT_DARK if is_dark() else ACCENT_LIGHT


def font(pixel_size: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setPixelSize(max(8, pixel_size))
    result.setBold(bold)
    return result
