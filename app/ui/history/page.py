"""History: each check over time, how regularly the routine was done, and every session.

    page = HistoryPage()                      # builds no chart yet
    page.load(db_path, definitions, now)      # read the file and show it (aware `now`)
    page.refresh(now)                         # read again now (a change while in view)
    page.mark_stale()                         # a change out of sight: load() reads again
    page.set_span(Span.YEAR)                  # what the range buttons do
    page.home_requested / report_requested / export_requested / import_requested

Three tabs: Checks (one chart per check with readings), Practice (streak, totals, sessions
per week, a calendar of minutes) and Session log (every session, newest first, expandable
to its sets). Only the tab in view is drawn; the others when they are shown. Reading is
plain sqlite3 (app.db.history_queries), the words and series come from app.core.history
(ranges, chart_model, practice, session_log, empty_states), and the charts
(app.ui.history.charts, QPainter: the same drawing as the PDF's) are imported when the first
one is built, so an empty history never needs them.

Opening reads the chosen range (and a year for the calendar); a worker thread then reads
the rest, so that choosing a longer range does not wait for the file. What has been read
is kept until refresh(). A file that cannot be read shows its message on the page.
"""

from __future__ import annotations

import importlib
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
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

from app.core.checks.model import CheckDefinition
from app.core.history.chart_model import CheckChart, check_charts
from app.core.history.empty_states import (
    NO_CHECKS,
    NO_SESSION_LOG,
    NO_SESSIONS,
    no_checks_in,
    no_sessions_in,
)
from app.core.history.practice import current_streak, stats, weekly_sessions
from app.core.history.ranges import (
    DEFAULT_SPAN,
    SPAN_LABELS,
    SPAN_PHRASES,
    Span,
    Window,
    local_day,
    local_midnight,
    window,
    x_range,
)
from app.core.history.session_log import LOG_COLUMNS, session_cells, set_rows
from app.db.errors import DatabaseError
from app.db.history_queries import (
    Adherence,
    CheckPoint,
    Extent,
    SessionRow,
    adherence,
    check_points,
    extent,
    reading,
    session_days,
    session_log,
    session_sets,
)
from app.ui.common import theme
from app.ui.history.calendar_heatmap import CalendarHeatmap

if TYPE_CHECKING:
    from app.core.records import SetResult
    from app.ui.history.charts import CheckChartWidget, WeeklyChartWidget

T = TypeVar("T")
LOG_PAGE_ROWS = 200  # sessions read per page as the log is scrolled
SESSION_ID = Qt.ItemDataRole.UserRole + 1
HAS_SETS = Qt.ItemDataRole.UserRole + 2
LOADED = Qt.ItemDataRole.UserRole + 3
SPAN_NAMES = {
    Span.WEEKS_4: "Show the last 4 weeks",
    Span.MONTHS_3: "Show the last 3 months",
    Span.YEAR: "Show the last year",
    Span.ALL: "Show everything",
}


@dataclass(frozen=True)
class RangeRead:
    """One range's reading of the file."""

    window: Window
    points: list[CheckPoint]  # the range's
    adherence: Adherence  # at least the range's and the calendar's year
    extent: Extent
    streak: int


@dataclass(frozen=True)
class _Cached:
    """What has been read since the last refresh; a later start is filtered from it."""

    points_since: datetime | None
    points: list[CheckPoint]
    work_since: datetime | None
    work: Adherence
    extent: Extent
    streak: int


def _covers(read_since: datetime | None, wanted: datetime | None) -> bool:
    return read_since is None or (wanted is not None and wanted >= read_since)


class SessionLogModel(QStandardItemModel):
    """Sessions newest first, read a page at a time as the view scrolls; a session's sets are
    read when it is first expanded (Qt's canFetchMore/fetchMore, which QTreeView calls)."""

    failed = Signal(str)  # a read went wrong: the message, fit to show

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(LOG_COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(LOG_COLUMNS))
        self._rows: Callable[[int, int], list[SessionRow]] | None = None
        self._sets: Callable[[int], list[SetResult]] | None = None
        self._names: Mapping[str, str] = {}
        self._tz: tzinfo | None = None
        self._sessions: dict[int, SessionRow] = {}
        self.exhausted = True
        self.page_rows = LOG_PAGE_ROWS

    def set_source(
        self,
        rows: Callable[[int, int], list[SessionRow]],
        sets: Callable[[int], list[SetResult]],
        names: Mapping[str, str],
        tz: tzinfo | None,
    ) -> None:
        """Start again from the newest session; nothing is read until the view asks."""
        self.removeRows(0, self.rowCount())
        self._rows, self._sets, self._names, self._tz = rows, sets, names, tz
        self._sessions = {}
        self.exhausted = False

    def _session_item(self, parent: QModelIndex | QPersistentModelIndex) -> QStandardItem | None:
        """The first cell of a session row, or None for the root, a set row or another cell."""
        if not parent.isValid() or parent.parent().isValid() or parent.column() != 0:
            return None
        return self.itemFromIndex(parent)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return not self.exhausted or self.rowCount() > 0
        item = self._session_item(parent)
        if item is not None:
            return bool(item.data(HAS_SETS))
        return super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not parent.isValid():
            return not self.exhausted
        item = self._session_item(parent)
        return item is not None and bool(item.data(HAS_SETS)) and not item.data(LOADED)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if not parent.isValid():
            self._fetch_sessions()
            return
        item = self._session_item(parent)
        if item is not None and not item.data(LOADED):
            self._fetch_sets(item)

    def _fetch_sessions(self) -> None:
        if self._rows is None or self.exhausted:
            return
        try:
            rows = self._rows(self.page_rows, self.rowCount())
        except DatabaseError as error:
            self.exhausted = True
            self.failed.emit(str(error))
            return
        if len(rows) < self.page_rows:
            self.exhausted = True
        pain = QBrush(QColor(theme.pain_colour()))
        for row in rows:
            self._sessions[row.id] = row
            items = [QStandardItem(text) for text in session_cells(row, self._tz)]
            for item in items:
                item.setEditable(False)
            items[0].setData(row.id, SESSION_ID)
            items[0].setData(row.sets_done + row.sets_skipped > 0, HAS_SETS)
            items[0].setData(False, LOADED)
            if row.pain_sets:
                items[4].setForeground(pain)
            if row.note:
                items[6].setToolTip(row.note)
            self.appendRow(items)

    def _fetch_sets(self, item: QStandardItem) -> None:
        session_id = item.data(SESSION_ID)
        if self._sets is None or session_id is None:
            return
        item.setData(True, LOADED)
        try:
            results = self._sets(session_id)
        except DatabaseError as error:
            self.failed.emit(str(error))
            return
        row = self._sessions.get(session_id)
        efforts = row.exercise_efforts if row is not None else {}
        pain = QBrush(QColor(theme.pain_colour()))
        for cells, result in zip(set_rows(results, self._names, efforts), results, strict=True):
            children = [QStandardItem(text) for text in cells]
            for child in children:
                child.setEditable(False)
            if result.pain:
                children[4].setForeground(pain)
            item.appendRow(children)
        if not results:
            item.setData(False, HAS_SETS)

    def session_id(self, row: int) -> int | None:
        item = self.item(row, 0)
        return None if item is None else item.data(SESSION_ID)


def preload_charts() -> threading.Thread:
    """Import the chart modules in a worker thread (no widget is made), so the first opening
    of History does not wait for them. Optional: for the main window to call once it is
    usable and idle, as it imports the store; History works the same without."""
    thread = threading.Thread(
        target=lambda: importlib.import_module("app.ui.history.charts"),
        name="history-preload",
        daemon=True,
    )
    thread.start()
    return thread


@dataclass(frozen=True)
class _ReadAhead:
    page: weakref.ref[HistoryPage]
    generation: int
    points: list[CheckPoint]
    work: Adherence
    charts: tuple[CheckChart, ...]  # for the range All


class _Relay(QObject):
    """Lives in the GUI thread for good, so a worker's result never meets a deleted page:
    the page is looked up (a weak reference) when the result arrives."""

    delivered = Signal(object)


_RELAY: list[_Relay] = []


def _relay() -> _Relay:
    if not _RELAY:
        relay = _Relay()
        relay.delivered.connect(_deliver)
        _RELAY.append(relay)
    return _RELAY[0]


def _deliver(result: _ReadAhead) -> None:
    page = result.page()
    if page is not None and shiboken6.isValid(page):
        page._read_ahead_arrived(result)


def _read_everything(
    page: weakref.ref[HistoryPage],
    path: Path,
    definitions: Sequence[CheckDefinition],
    tz: tzinfo | None,
    generation: int,
    relay: _Relay,
) -> None:
    """In a worker thread: every check and session, and the charts of them all (pure Python,
    no widget), sent back through the relay."""
    try:
        with reading(path) as connection:
            points = check_points(connection, None)
            work = adherence(connection, None, tz)
        charts = check_charts(points, definitions, tz)
        relay.delivered.emit(_ReadAhead(page, generation, points, work, charts))
    except Exception:  # the page reads for itself if it needs to, and reports it then
        return


class HistoryPage(QWidget):
    """The History page; see the module's docstring for how it is driven."""

    home_requested = Signal()
    report_requested = Signal()  # "Report for physiotherapist…"
    export_requested = Signal()
    import_requested = Signal()
    span_changed = Signal(str)  # a Span value, after the page has redrawn for it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self.db_path: Path | None = None
        self.definitions: tuple[CheckDefinition, ...] = ()
        self.now: datetime | None = None
        self.tz: tzinfo | None = None
        self.exercise_names: Mapping[str, str] = {}
        self.span = DEFAULT_SPAN
        self.shown_range: RangeRead | None = None
        self._cached: _Cached | None = None
        self._chart_cache: dict[Span, tuple[CheckChart, ...]] = {}  # until the next refresh
        self._generation = 0
        self._inputs: tuple[Any, ...] | None = None  # what load() was last given
        self._written_since = False  # something it shows was written since it last read the file
        self.read_ahead = True  # read all of it in the background after opening
        self.read_ahead_done = False
        self.charts: tuple[CheckChart, ...] = ()
        self.chart_widgets: dict[str, CheckChartWidget] = {}
        self.weekly_chart: WeeklyChartWidget | None = None

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
        self.report_button.clicked.connect(self.report_requested.emit)
        self.export_button.clicked.connect(self.export_requested.emit)
        self.import_button.clicked.connect(self.import_requested.emit)
        self.home_button.clicked.connect(self.home_requested.emit)
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
            button.clicked.connect(lambda _checked=False, s=span: self.set_span(s))
            self.span_group.addButton(button)
            self.span_buttons[span] = button
            spans.addWidget(button)
        self.span_buttons[self.span].setChecked(True)
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
        self._stale: set[QWidget] = set()
        self.tabs.addTab(self.checks_tab, "Checks")
        self.tabs.addTab(self.practice_tab, "Practice")
        self.log_tab = self._log_tab()
        self.tabs.addTab(self.log_tab, "Session log")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._log_stale = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(header)
        layout.addLayout(spans)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    # -- building --------------------------------------------------------------------------

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
        self.log_model.failed.connect(self.show_message)
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._style_span_buttons()
            if self.charts:
                self.checks_key.setText(self._key_text())
        super().changeEvent(event)

    # -- public API ------------------------------------------------------------------------

    def load(
        self,
        db_path: Path,
        definitions: Sequence[CheckDefinition],
        now: datetime,
        *,
        exercise_names: Mapping[str, str] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        """Read the data file and show it; ``now`` is the person's present (aware).

        ``exercise_names`` maps slugs to names for the session log (else the slug, tidied);
        ``tz`` is the zone days are counted in (None: this computer's). A file that cannot
        be read shows its message on the page rather than raising. Unless it was marked
        stale (:meth:`mark_stale`) since it last read the file and it is the same day, the
        page is already right and is not read or drawn again: opening History again costs
        only a paint.
        """
        inputs = (Path(db_path), tuple(definitions), dict(exercise_names or {}), tz)
        if (
            self.current
            and inputs == self._inputs
            and self.now is not None
            and local_day(now, tz) == local_day(self.now, tz)
            and not self._written_since
        ):
            self.now = now
            return
        self._inputs = inputs
        self.db_path, self.definitions, self.exercise_names, self.tz = inputs
        self.refresh(now)

    @property
    def current(self) -> bool:
        """Whether the page shows the file as it was when last read (nothing failed)."""
        return self.shown_range is not None and not self.message.text()

    def refresh(self, now: datetime | None = None) -> None:
        """Read the file again (after a session, a check, an import), keeping the range."""
        if now is not None:
            self.now = now
        self._written_since = False
        self._cached = None
        self._chart_cache = {}
        self._generation += 1
        self.read_ahead_done = False
        self._show_span()
        if self.read_ahead and self._cached is not None:
            QTimer.singleShot(0, self._start_read_ahead)  # after the page has painted
        self._log_stale = True
        if self.tabs.currentWidget() is self.log_tab:
            self._show_log()
        sessions = self.shown_range is not None and self.shown_range.extent.session_count > 0
        self.log_empty.setText("" if sessions else NO_SESSION_LOG)
        self.log_empty.setVisible(not sessions)
        self.log_view.setVisible(sessions)
        self.log_intro.setVisible(sessions)

    def mark_stale(self) -> None:
        """Something the page shows was written while it was out of sight: the next
        :meth:`load` reads the file again instead of only painting."""
        self._written_since = True

    def set_span(self, span: Span) -> None:
        """Show 4 weeks, 3 months, a year or everything; the file is read only for what has
        not been read since the last refresh (a longer range than any so far)."""
        span = Span(span)
        self.span_buttons[span].setChecked(True)
        if span is self.span and self.shown_range is not None:
            return
        self.span = span
        self._show_span()
        self.span_changed.emit(span.value)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.log_tab and self._log_stale:
            self._show_log()
        self._draw_current()

    def _show_log(self) -> None:
        """Point the log at the file again; it reads its first page when it is laid out."""
        self._log_stale = False
        if self.db_path is not None:
            self.log_model.set_source(self._log_rows, self._log_sets, self.exercise_names, self.tz)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- reading ---------------------------------------------------------------------------

    def _read(self, reader: Callable[[Any], T]) -> T:
        assert self.db_path is not None
        with reading(self.db_path) as connection:
            return reader(connection)

    def _read_range(self) -> RangeRead:
        """The range's data: read from the file what earlier reads since the last refresh
        do not already cover (they cover any later start), else filtered from them."""
        assert self.now is not None
        frame = window(self.span, self.now, self.tz)
        cached = self._cached
        if cached is None:

            def read_all(connection: Any) -> _Cached:
                return _Cached(
                    frame.since,
                    check_points(connection, frame.since),
                    frame.adherence_since,
                    adherence(connection, frame.adherence_since, self.tz),
                    extent(connection),
                    current_streak(session_days(connection, self.tz), frame.today),
                )

            cached = self._cached = self._read(read_all)
        else:
            changes: dict[str, Any] = {}
            if not _covers(cached.points_since, frame.since):
                changes["points_since"] = frame.since
            if not _covers(cached.work_since, frame.adherence_since):
                changes["work_since"] = frame.adherence_since
            if changes:
                known = cached

                def read_more(connection: Any) -> _Cached:
                    if "points_since" in changes:
                        changes["points"] = check_points(connection, frame.since)
                    if "work_since" in changes:
                        changes["work"] = adherence(connection, frame.adherence_since, self.tz)
                    return replace(known, **changes)

                cached = self._cached = self._read(read_more)
        since = frame.since
        return RangeRead(
            frame,
            [p for p in cached.points if p.taken_at >= since] if since else cached.points,
            cached.work,  # narrowed to the range when the Practice tab is drawn
            cached.extent,
            cached.streak,
        )

    def _start_read_ahead(self) -> None:
        """Read every check and session in a worker thread, so that a longer range (All:
        ten years) is then shown without reading the file. The worker touches no widget; its
        result comes back to this thread through a queued signal."""
        cached = self._cached
        if self.db_path is None or cached is None:
            return
        if cached.points_since is None and cached.work_since is None:
            self.read_ahead_done = True  # already read in full
            return
        threading.Thread(
            target=_read_everything,
            args=(
                weakref.ref(self),
                self.db_path,
                self.definitions,
                self.tz,
                self._generation,
                _relay(),
            ),
            name="history-read-ahead",
            daemon=True,
        ).start()

    def _read_ahead_arrived(self, result: _ReadAhead) -> None:
        if result.generation != self._generation or self._cached is None:
            return  # refreshed meanwhile: this reading is older than the file
        self._cached = replace(
            self._cached, points_since=None, points=result.points, work_since=None, work=result.work
        )
        self._chart_cache.setdefault(Span.ALL, result.charts)
        self.read_ahead_done = True

    def _log_rows(self, limit: int, offset: int) -> list[SessionRow]:
        return self._read(lambda connection: session_log(connection, limit, offset))

    def _log_sets(self, session_id: int) -> list[SetResult]:
        return self._read(lambda connection: session_sets(connection, session_id))

    # -- showing ---------------------------------------------------------------------------

    def _show_span(self) -> None:
        if self.db_path is None or self.now is None:
            return
        try:
            shown_range = self._read_range()
        except DatabaseError as error:
            self.show_message(str(error))
            return
        self.show_message("")
        self.shown_range = shown_range
        anything = shown_range.extent.first_check or shown_range.extent.first_session
        for button in self.span_buttons.values():
            button.setEnabled(bool(anything))  # nothing to choose a range of yet
        # Only the tab in view is drawn now; the other when it is first shown.
        self._stale = {self.checks_tab, self.practice_tab}
        self._draw_current()

    def _draw_current(self) -> None:
        current = self.tabs.currentWidget()
        if self.shown_range is None or current not in self._stale:
            return
        self._stale.discard(current)
        if current is self.checks_tab:
            self._show_checks(self.shown_range)
        elif current is self.practice_tab:
            self._show_practice(self.shown_range)

    def _x_range(self, shown_range: RangeRead, first: datetime | None) -> tuple[float, float]:
        assert self.now is not None
        start = shown_range.window.since or first or self.now
        return x_range(start, self.now)

    def _show_checks(self, shown_range: RangeRead) -> None:
        charts = self._chart_cache.get(self.span)
        if charts is None:
            charts = check_charts(shown_range.points, self.definitions, self.tz)
            self._chart_cache[self.span] = charts
        self.charts = charts
        first = shown_range.points[0].taken_at if shown_range.points else None
        if shown_range.extent.first_check is None:
            empty = NO_CHECKS
        elif not self.charts:
            empty = no_checks_in(self.span)
        else:
            empty = ""
        self.checks_empty.setText(empty)
        self.checks_empty.setVisible(bool(empty))
        self.checks_key.setVisible(bool(self.charts))
        if self.charts:
            self.checks_key.setText(self._key_text())
        shown = {chart.slug for chart in self.charts}
        for slug, unshown in self.chart_widgets.items():
            if slug not in shown:
                unshown.hide()
        span_range = self._x_range(shown_range, first)
        for number, chart in enumerate(self.charts):
            widget = self.chart_widgets.get(chart.slug)
            if widget is None:
                from app.ui.history.charts import CheckChartWidget

                widget = CheckChartWidget()
                self.chart_widgets[chart.slug] = widget
            self.charts_layout.insertWidget(2 + number, widget)
            widget.show_chart(chart, span_range)
            widget.show()

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

    def _show_practice(self, shown_range: RangeRead) -> None:
        assert self.now is not None
        frame = shown_range.window
        ranged = shown_range.adherence
        if frame.first_day is not None:
            ranged = ranged.since(frame.first_day)
        has_sessions = shown_range.extent.first_session is not None
        if not has_sessions:
            empty = NO_SESSIONS
        elif not ranged.sessions:
            empty = no_sessions_in(self.span)
        else:
            empty = ""
        self.practice_empty.setText(empty)
        self.practice_empty.setVisible(bool(empty))
        for widget in (self.stats_box, self.weekly_title, self.heatmap_title, self.heatmap):
            widget.setVisible(has_sessions)
        if not has_sessions:
            if self.weekly_chart is not None:
                self.weekly_chart.hide()
            return
        for value, caption, stat in zip(
            self.stat_values,
            self.stat_captions,
            stats(shown_range.streak, ranged.sessions, ranged.minutes, ranged.holds, self.span),
            strict=True,
        ):
            value.setText(stat.value)
            caption.setText(stat.caption)
            value.setAccessibleName(f"{stat.caption}: {stat.value}")
        first_session = shown_range.extent.first_session
        assert first_session is not None
        first_day = frame.first_day or local_day(first_session, self.tz)
        bars = weekly_sessions(ranged.weeks, first_day, frame.today)
        if self.weekly_chart is None:
            from app.ui.history.charts import WeeklyChartWidget

            self.weekly_chart = WeeklyChartWidget()
            self.weekly_slot.addWidget(self.weekly_chart)
        self.weekly_chart.show()
        self.weekly_title.setText(f"Sessions per week {SPAN_PHRASES[self.span]}")
        start = local_midnight(bars[0].monday, self.tz) if bars else first_session
        self.weekly_chart.show_bars(bars, x_range(start, self.now), self.tz)
        year = shown_range.adherence.since(frame.heat_first)
        self.heatmap.set_days(year.day_minutes, frame.heat_first, frame.today)
