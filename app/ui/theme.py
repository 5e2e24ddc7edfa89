"""Colours and type sizes shared by the pages, picked for the light or dark scheme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT_LIGHT = "#0f766e"  # teal: readable on white and with white text
ACCENT_DARK = "#2dd4bf"
LEFT_COLOUR_LIGHT = "#1d4ed8"  # blue and orange stay apart for colour-blind eyes
RIGHT_COLOUR_LIGHT = "#c2410c"
LEFT_COLOUR_DARK = "#60a5fa"
RIGHT_COLOUR_DARK = "#fb923c"
PAIN_COLOUR_LIGHT = "#b91c1c"
PAIN_COLOUR_DARK = "#f87171"


# Qt's `Qt` namespace costs ~18 ms to load, so the scheme is kept as a plain flag: read
# from the platform's own palette at start-up, then from colorSchemeChanged.
_system_dark = False
_forced_dark: bool | None = None


def force_scheme(app: QApplication, dark: bool | None) -> None:
    """Override the system's scheme (screenshots, tests; platforms that cannot say)."""
    global _forced_dark
    _forced_dark = dark
    apply_palette(app)


def is_dark() -> bool:
    return _system_dark if _forced_dark is None else _forced_dark


def accent() -> str:
    return ACCENT_DARK if is_dark() else ACCENT_LIGHT


def side_colour(side: str) -> str | None:
    """Left is blue and right orange on every screen, so a glance tells the side."""
    dark = is_dark()
    return {
        "LEFT": LEFT_COLOUR_DARK if dark else LEFT_COLOUR_LIGHT,
        "RIGHT": RIGHT_COLOUR_DARK if dark else RIGHT_COLOUR_LIGHT,
    }.get(side)


def pain_colour() -> str:
    return PAIN_COLOUR_DARK if is_dark() else PAIN_COLOUR_LIGHT


def font(pixel_size: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setPixelSize(max(8, pixel_size))
    result.setBold(bold)
    return result


def apply_palette(app: QApplication) -> None:
    """Fusion everywhere, with a dark palette when the system (or a test) asks for dark."""
    app.setStyle("Fusion")
    if not is_dark():
        app.setPalette(app.style().standardPalette())
        return
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1e1f22",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#2a2c31",
        QPalette.ColorRole.AlternateBase: "#32343a",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#363940",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.Highlight: ACCENT_DARK,
        QPalette.ColorRole.HighlightedText: "#0b0b0c",
        QPalette.ColorRole.ToolTipBase: "#2b2d31",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Mid: "#5a5d64",
        QPalette.ColorRole.Light: "#3a3c42",
        QPalette.ColorRole.Dark: "#111214",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#777"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#777"))
    app.setPalette(palette)


def follow_system_scheme(app: QApplication) -> None:
    """Light or dark as the system is now (its palette tells), and when it changes."""
    global _system_dark
    _system_dark = app.palette().window().color().lightness() < 128

    def changed(scheme: object) -> None:
        global _system_dark
        _system_dark = getattr(scheme, "name", "") == "Dark"
        apply_palette(app)

    apply_palette(app)
    app.styleHints().colorSchemeChanged.connect(changed)


def confirm_system_scheme(app: QApplication) -> None:
    """After the first paint, ask Qt directly: some desktops report dark with a light palette."""
    global _system_dark
    dark = app.styleHints().colorScheme().name == "Dark"
    if dark != _system_dark:
        _system_dark = dark
        apply_palette(app)
