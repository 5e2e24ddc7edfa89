"""Colours and type sizes shared by the pages, picked for the light or dark scheme."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.core.session.looks import Beat, Look

ACCENT_LIGHT = "#0f766e"  # teal: readable on white and with white text
ACCENT_DARK = "#2dd4bf"
LEFT_COLOUR_LIGHT = "#1d4ed8"  # blue and orange stay apart for colour-blind eyes
RIGHT_COLOUR_LIGHT = "#c2410c"
LEFT_COLOUR_DARK = "#60a5fa"
RIGHT_COLOUR_DARK = "#fb923c"
PAIN_COLOUR_LIGHT = "#b91c1c"
PAIN_COLOUR_DARK = "#f87171"

WINDOW_LIGHT = "#efefef"  # Fusion's standard light window
WINDOW_DARK = "#1e1f22"
ON_FILL_LIGHT = "#ffffff"  # text on a filled badge
ON_FILL_DARK = "#0b0b0c"


@dataclass(frozen=True)
class LookStyle:
    """How one player state is drawn. The shape is the cue that needs no colour vision:
    a filled badge, a plain, dashed, double or dotted outline."""

    light: str  # the colour on the light palette (digits, word, fill or outline)
    dark: str
    shape: str  # "filled", "outline", "dashed", "double" or "dotted"
    glyph: str = ""  # put before the word, e.g. an arrow for the way a rep moves

    def colour(self) -> str:
        return self.dark if is_dark() else self.light


# Each state a hue of its own, none the side colours (blue, orange) or the pain red. Light
# colours are >= 6:1 on the light window and with white text; dark ones >= 6:1 on the dark
# window and with near-black text. PAUSED is grey and dimmer on purpose (>= 3:1, large text).
LOOKS: dict[Look, LookStyle] = {
    Look.HOLD: LookStyle("#065f46", "#34d399", "filled"),  # green: working, keep still
    Look.REPS: LookStyle("#155e75", "#22d3ee", "filled"),  # cyan: working, counting
    Look.REST: LookStyle("#5b21b6", "#c4b5fd", "outline"),  # violet: ease off
    Look.GET_READY: LookStyle("#92400e", "#fbbf24", "dashed"),  # amber: about to start
    Look.SWITCH: LookStyle("#9d174d", "#f472b6", "double"),  # pink: the other side
    Look.PAUSED: LookStyle("#7a7f88", "#767b84", "dotted"),  # grey, and the digits striped
    Look.DONE: LookStyle("#3730a3", "#a5b4fc", "filled"),  # indigo: finished
}

# A rep's or cycle's beat: effort filled, easing outlined, movement with an arrow.
BEATS: dict[Beat, LookStyle] = {
    Beat.PUSH: LookStyle("#86198f", "#e879f9", "filled"),
    Beat.HOLD: LookStyle("#065f46", "#34d399", "filled"),
    Beat.RELAX: LookStyle("#5b21b6", "#c4b5fd", "outline"),
    Beat.LIFT: LookStyle("#155e75", "#22d3ee", "outline", "↑ "),
    Beat.LOWER: LookStyle("#155e75", "#22d3ee", "outline", "↓ "),
}


def window_colour() -> str:
    return WINDOW_DARK if is_dark() else WINDOW_LIGHT


def on_fill() -> str:
    return ON_FILL_DARK if is_dark() else ON_FILL_LIGHT


def ink() -> str:
    """The palette's text colour, for badges that are neither a state nor a warning."""
    return "#e8e8e8" if is_dark() else "#000000"


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours: 4.5 reads as text, 3 as large text."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


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
        QPalette.ColorRole.Window: WINDOW_DARK,
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
