"""The History page's widgets, built and styled: the title and its ways out (report, export,
import, home), the range buttons, a line for a message, and the three tabs (Checks, Practice,
Session log) with what each shows when empty.

Nothing here reads the file or decides what is drawn: HistoryPage (page.py) builds on this
class, connects these widgets to what it does and fills them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.history.ranges import DEFAULT_SPAN, SPAN_LABELS, Span
from app.ui.common import theme
from app.ui.history.calendar_heatmap import CalendarHeatmap
from app.ui.history.session_log_model import SessionLogModel

SPAN_NAMES = {
    Span.WEEKS_4: "Show the last 4 weeks",
    Span.MONTHS_3: "Show the last 3 months",
    Span.YEAR: "Show the last year",
    Span.ALL: "Show everything",
}


class HistoryPageWidgets(QWidget):
    """The History page's widgets; see the module's docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        title = QLabel("History")
        title.setFont(theme.font(34, bold=True))
        header = QHBoxLayout()
        header.addWidget(title, 1)
        self.report_button = self._button(
            "Report for physiotherapist…", "Make a report for your physiotherapist"
        )
        self.export_button = self._button("Export…", "Export your data")
        self.import_button = self._button("Import…", "Import a backup")
        self.home_button = self._button("◀ Home", "Back to home")
        for button in (self.report_button, self.export_button, self.import_button):
            header.addWidget(button)
        header.addSpacing(12)
        header.addWidget(self.home_button)

        spans = QHBoxLayout()
        show = QLabel("Show:")
        show.setFont(theme.font(16))
        spans.addWidget(show)
        self.span_group = QButtonGroup(self)
        self.span_group.setExclusive(True)
        self.span_buttons: dict[Span, QPushButton] = {}
        for span in Span:
            button = QPushButton(SPAN_LABELS[span])
            button.setCheckable(True)
            button.setAccessibleName(SPAN_NAMES[span])
            button.setFont(theme.font(15))
            button.setMinimumWidth(96)
            self.span_group.addButton(button)
            self.span_buttons[span] = button
            spans.addWidget(button)
        self.span_buttons[DEFAULT_SPAN].setChecked(True)
        spans.addStretch(1)

        self.message = QLabel()
        self.message.setAccessibleName("History message")
        self.message.setWordWrap(True)
        self.message.setFont(theme.font(15))
        self.message.hide()
        self._style_span_buttons()

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("History sections")
        self.tabs.setFont(theme.font(15))
        self.checks_tab = self._checks_tab()
        self.practice_tab = self._practice_tab()
        self.tabs.addTab(self.checks_tab, "Checks")
        self.tabs.addTab(self.practice_tab, "Practice")
        self.log_tab = self._log_tab()
        self.tabs.addTab(self.log_tab, "Session log")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(header)
        layout.addLayout(spans)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setFont(theme.font(15))
        return button

    @staticmethod
    def _scrolling(content: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(content)
        return area

    @staticmethod
    def _empty_label(name: str) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setFont(theme.font(18))
        label.setMargin(12)
        return label

    def _checks_tab(self) -> QWidget:
        content = QWidget()
        self.charts_layout = QVBoxLayout(content)
        self.charts_layout.setContentsMargins(0, 8, 12, 8)
        self.checks_key = QLabel()
        self.checks_key.setAccessibleName("How to read the charts")
        self.checks_key.setWordWrap(True)
        self.checks_key.setFont(theme.font(14))
        self.checks_empty = self._empty_label("No checks")
        self.charts_layout.addWidget(self.checks_key)
        self.charts_layout.addWidget(self.checks_empty)
        self.charts_layout.addStretch(1)
        return self._scrolling(content)

    def _practice_tab(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 8, 12, 8)
        self.practice_empty = self._empty_label("No sessions")
        layout.addWidget(self.practice_empty)
        self.stat_values: list[QLabel] = []
        self.stat_captions: list[QLabel] = []
        tiles = QGridLayout()
        for column in range(4):
            value = QLabel()
            value.setFont(theme.font(34, bold=True))
            caption = QLabel()
            caption.setFont(theme.font(14))
            caption.setWordWrap(True)
            tiles.addWidget(value, 0, column)
            tiles.addWidget(caption, 1, column)
            self.stat_values.append(value)
            self.stat_captions.append(caption)
        self.stats_box = QWidget()
        self.stats_box.setLayout(tiles)
        layout.addWidget(self.stats_box)
        self.weekly_title = QLabel("Sessions per week")
        self.weekly_title.setFont(theme.font(20, bold=True))
        layout.addWidget(self.weekly_title)
        self.weekly_slot = QVBoxLayout()
        layout.addLayout(self.weekly_slot)
        self.heatmap_title = QLabel("The last twelve months, day by day")
        self.heatmap_title.setFont(theme.font(20, bold=True))
        layout.addWidget(self.heatmap_title)
        self.heatmap = CalendarHeatmap()
        layout.addWidget(self.heatmap)
        layout.addStretch(1)
        return self._scrolling(content)

    def _log_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        self.log_intro = QLabel("Every session, newest first. Expand one to see its sets.")
        self.log_intro.setFont(theme.font(14))
        self.log_empty = self._empty_label("No sessions in the log")
        self.log_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.log_model = SessionLogModel(self)
        self.log_view = QTreeView()
        self.log_view.setAccessibleName("Session log")
        self.log_view.setModel(self.log_model)
        self.log_view.setUniformRowHeights(True)
        self.log_view.setAlternatingRowColors(True)
        self.log_view.setFont(theme.font(14))
        self.log_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.log_view.header()
        header.setStretchLastSection(True)
        for column, width in enumerate((340, 120, 130, 200, 120, 110)):
            header.resizeSection(column, width)
        layout.addWidget(self.log_intro)
        layout.addWidget(self.log_empty, 1)  # one of the two is shown
        layout.addWidget(self.log_view, 1)
        return tab

    def _style_span_buttons(self) -> None:
        """The chosen range in the accent colour, so it reads as chosen in light and dark."""
        text = "#0b0b0c" if theme.is_dark() else "#ffffff"
        self.message.setStyleSheet(f"color: {theme.pain_colour()}")
        for button in self.span_buttons.values():
            button.setStyleSheet(
                f"QPushButton:checked {{ background: {theme.accent()}; color: {text};"
                f" border: 1px solid {theme.accent()}; border-radius: 3px; padding: 4px 10px; }}"
            )

    def _key_text(self) -> str:
        left = theme.side_colour("LEFT")
        right = theme.side_colour("RIGHT")
        return (
            f'<span style="color:{left}">● Left</span> &nbsp; '
            f'<span style="color:{right}">▲ Right</span> &nbsp; '
            "Shaded: the reference range, and ±5° around each side's latest value (a change "
            "inside it is measurement noise). A line joins readings taken with the same "
            "instrument and mode (solid left, dashed right); other instruments have their own "
            "dotted line and hollow markers. Below: left − right. Point at a marker for its "
            "details, or focus a chart and use the arrow keys."
        )
