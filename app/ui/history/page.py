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
the rest (read_ahead.py), so that choosing a longer range does not wait for the file. What
has been read is kept until refresh() (range_read.py). A file that cannot be read shows its
message on the page. The widgets are built in page_widgets.py; this class fills them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.core.checks.types import CheckDefinition
from app.core.history.chart_model import CheckChart, check_charts
from app.core.history.empty_states import NO_SESSION_LOG, checks_message, practice_message
from app.core.history.practice import stats, weekly_sessions
from app.core.history.ranges import (
    DEFAULT_SPAN,
    SPAN_PHRASES,
    Span,
    local_day,
    local_midnight,
    window,
    x_range,
)
from app.core.history.session_log import SessionLogRow
from app.db.errors import DatabaseError
from app.db.history_queries import reading, session_log, session_sets
from app.ui.history.page_widgets import HistoryPageWidgets
from app.ui.history.range_read import RangeCache, RangeRead, read_range
from app.ui.history.read_ahead import ReadAhead, read_everything

if TYPE_CHECKING:
    from app.core.records import SetResult
    from app.ui.history.charts import CheckChartWidget, WeeklyChartWidget

T = TypeVar("T")


class HistoryPage(HistoryPageWidgets):
    """The History page; see the module's docstring for how it is driven."""

    home_requested = Signal()
    report_requested = Signal()  # "Report for physiotherapist…"
    export_requested = Signal()
    import_requested = Signal()
    span_changed = Signal(str)  # a Span value, after the page has redrawn for it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path: Path | None = None
        self.definitions: tuple[CheckDefinition, ...] = ()
        self.now: datetime | None = None
        self.tz: tzinfo | None = None
        self.exercise_names: Mapping[str, str] = {}
        self.span = DEFAULT_SPAN
        self.shown_range: RangeRead | None = None
        self._cached: RangeCache | None = None
        self._chart_cache: dict[Span, tuple[CheckChart, ...]] = {}  # until the next refresh
        self._generation = 0
        self._inputs: tuple[Any, ...] | None = None  # what load() was last given
        self._written_since = False  # something it shows was written since it last read the file
        self.read_ahead = True  # read all of it in the background after opening
        self.read_ahead_done = False
        self.charts: tuple[CheckChart, ...] = ()
        self.chart_widgets: dict[str, CheckChartWidget] = {}
        self.weekly_chart: WeeklyChartWidget | None = None
        self._stale: set[QWidget] = set()  # tabs to draw again when next shown
        self._log_stale = False

        self.report_button.clicked.connect(self.report_requested.emit)
        self.export_button.clicked.connect(self.export_requested.emit)
        self.import_button.clicked.connect(self.import_requested.emit)
        self.home_button.clicked.connect(self.home_requested.emit)
        for span, button in self.span_buttons.items():
            button.clicked.connect(lambda _checked=False, s=span: self.set_span(s))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.log_model.failed.connect(self.show_message)

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
        """The range in view: read from the file only what has not been read since the last
        refresh (range_read.read_range)."""
        assert self.now is not None
        frame = window(self.span, self.now, self.tz)
        self._cached, shown_range = read_range(self._read, frame, self._cached, self.tz)
        return shown_range

    def _start_read_ahead(self) -> None:
        """Read every check and session in a worker thread (read_ahead.py), so that a longer
        range (All: ten years) is then shown without reading the file."""
        cached = self._cached
        if self.db_path is None or cached is None:
            return
        if cached.whole:
            self.read_ahead_done = True  # already read in full
            return
        read_everything(self, self.db_path, self.definitions, self.tz, self._generation)

    def read_ahead_arrived(self, result: ReadAhead) -> None:
        """Keep what the worker read, unless the page was refreshed since it began."""
        if result.generation != self._generation or self._cached is None:
            return  # refreshed meanwhile: this reading is older than the file
        self._cached = self._cached.with_everything(result.points, result.work)
        self._chart_cache.setdefault(Span.ALL, result.charts)
        self.read_ahead_done = True

    def _log_rows(self, limit: int, offset: int) -> list[SessionLogRow]:
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
        empty = checks_message(
            shown_range.extent.first_check is not None, bool(self.charts), self.span
        )
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

    def _show_practice(self, shown_range: RangeRead) -> None:
        assert self.now is not None
        frame = shown_range.window
        ranged = shown_range.adherence
        if frame.first_day is not None:
            ranged = ranged.since(frame.first_day)
        has_sessions = shown_range.extent.first_session is not None
        empty = practice_message(has_sessions, bool(ranged.sessions), self.span)
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
