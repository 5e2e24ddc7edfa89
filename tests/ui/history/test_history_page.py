"""The History page on a real data file: charts, totals, the calendar, the log, empty states."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.core.checks.loader import load_checks
from app.core.checks.types import Method
from app.core.history.empty_states import NO_CHECKS, NO_SESSION_LOG, NO_SESSIONS
from app.core.history.ranges import Span
from app.core.records import Side
from app.core.session.checkin import CheckIn, Effort
from app.db.store import Store
from app.ui.common import theme
from app.ui.drawing.check_chart_painter import DrawnSeries
from app.ui.history.page import HistoryPage
from tests.db.conftest import make_check, make_set, make_trial

NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
PLAN = {"items": [{"slug": "figure-4-seated", "first_side": "left", "dose": {"sets": 1}}]}
NAMES = {"figure-4-seated": "Seated figure 4"}


def session(store: Store, started: datetime, seconds: list[float], pain: bool = False) -> int:
    session_id = store.start_session(PLAN, started)
    for index, length in enumerate(seconds, start=1):
        store.record_set(
            session_id,
            make_set(started, index=index, seconds=length, skipped=length == 0, pain=pain),
        )
    store.finish_session(session_id, started + timedelta(minutes=10))
    return session_id


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Three checks of one position (one with a goniometer) and three sessions."""
    path = tmp_path / "data" / "inward.sqlite3"
    with Store.open(path) as store:
        for days, left, right, method, note in (
            (50, 27.0, 38.0, Method.GONIOMETER, ""),
            (40, 28.0, 39.0, Method.INCLINOMETER, ""),
            (10, 30.0, 40.0, Method.INCLINOMETER, "after a walk"),
        ):
            store.add_check(
                make_check(
                    NOW - timedelta(days=days),
                    note=note,
                    trials=(
                        make_trial(Side.LEFT, 1, left, method=method),
                        make_trial(Side.RIGHT, 1, right, method=method),
                    ),
                )
            )
        session(store, NOW - timedelta(days=5), [60.0])
        yesterday = session(store, NOW - timedelta(days=1), [45.0], pain=True)
        store.save_checkin(CheckIn(yesterday, NOW, Effort.TOO_HARD, {}, "sore knee"))
        session(store, NOW - timedelta(hours=2), [60.0, 60.0, 0.0])
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty" / "inward.sqlite3"
    Store.open(path).close()
    return path


@pytest.fixture
def page(qtbot) -> HistoryPage:
    shown = HistoryPage()
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def load(page: HistoryPage, path: Path) -> None:
    page.load(path, load_checks(), NOW, exercise_names=NAMES, tz=UTC)


def xy(drawn: DrawnSeries) -> tuple[list[float], list[float]]:
    """A drawn series' readings (epoch seconds, degrees), checked against where they were
    drawn: later readings further right, higher values further up."""
    points = drawn.series.points
    assert len(drawn.positions) == len(points)
    xs = [position.x() for position in drawn.positions]
    assert xs == sorted(xs)
    placed = list(zip(points, drawn.positions, strict=True))
    for (a, pa), (b, pb) in itertools.pairwise(placed):
        assert (a.value < b.value) == (pa.y() > pb.y()) or a.value == b.value
    return [p.at.timestamp() for p in points], [p.value for p in points]


def pixel(widget, where: QPointF) -> str:
    """The colour a person sees at a point of the widget."""
    image = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(where.x() * ratio), round(where.y() * ratio)).name()


def test_a_chart_per_check_with_series_split_by_instrument(page: HistoryPage, db_path: Path):
    load(page, db_path)  # 3 months: all three checks
    assert list(page.chart_widgets) == ["prone-ir"]  # no sitting checks: no chart
    chart = page.chart_widgets["prone-ir"]
    assert chart.isVisible()
    assert chart.picture.isVisible() and not chart.picture.pixmap().isNull()  # the position
    # Left, right and left − right, each once with the inclinometer and once with the
    # goniometer: six sets of markers, and a line only where an instrument has two readings.
    markers = chart.markers
    assert len(markers) == 6
    assert [m.label for m in markers] == [
        "Left, phone inclinometer, passive",
        "Left, goniometer, passive",
        "Right, phone inclinometer, passive",
        "Right, goniometer, passive",
        "Left − right, phone inclinometer, passive",
        "Left − right, goniometer, passive",
    ]
    times = [(NOW - timedelta(days=d)).timestamp() for d in (40, 10)]
    assert xy(markers[0]) == (times, [28.0, 30.0])
    assert xy(markers[1]) == ([(NOW - timedelta(days=50)).timestamp()], [27.0])
    assert xy(markers[2])[1] == [39.0, 40.0]
    assert xy(markers[4])[1] == [-11.0, -10.0]
    lines = chart.lines
    assert len(lines) == 3  # one per inclinometer series; a single goniometer reading is a point
    assert xy(lines[0]) == (times, [28.0, 30.0])
    # Left blue circles, right orange triangles: colour and shape both tell the side.
    assert markers[0].symbol == "circle" and markers[2].symbol == "triangle"
    left, right = theme.side_colour("LEFT"), theme.side_colour("RIGHT")
    assert (markers[0].colour, markers[2].colour) == (left, right)
    # ... and on screen: the middle of the latest left and right markers has their colour.
    assert pixel(chart.canvas, markers[0].positions[-1]) == left
    assert pixel(chart.canvas, markers[2].positions[-1]) == right
    assert lines[0].line == Qt.PenStyle.SolidLine and lines[1].line == Qt.PenStyle.DashLine
    # The reference (45°, a single value: a line), and ±5° around each side's latest value.
    drawn = chart.drawn
    assert drawn.reference_line == 45
    noise = [(low, high) for what, low, high in drawn.bands if what.endswith(" noise")]
    assert noise == [(25.0, 35.0), (35.0, 45.0), (-5.0, 5.0)]  # and the difference's zone
    assert len(drawn.bands) == 3
    assert "Latest, Sat 21 Mar 2026: left 30°, right 40°" in chart.caption.text()


def test_hover_shows_date_value_method_and_note(page: HistoryPage, db_path: Path):
    load(page, db_path)
    canvas = page.chart_widgets["prone-ir"].canvas
    latest = canvas.drawn.series[0].positions[-1]
    _, tip = canvas.tip_at(latest + QPointF(2, -2))  # near enough to the marker
    assert (
        tip == "Sat 21 Mar 2026, 12:00\nLeft: 30°\nPhone inclinometer, passive\nNote: after a walk"
    )
    assert canvas.tip_at(latest + QPointF(40, 40)) == (None, "")  # away from every marker


def test_changing_the_range_reads_again(qtbot, page: HistoryPage, db_path: Path):
    load(page, db_path)
    with qtbot.waitSignal(page.span_changed) as changed:
        page.span_buttons[Span.WEEKS_4].click()
    assert changed.args == [Span.WEEKS_4.value]
    assert page.span_buttons[Span.WEEKS_4].isChecked()
    chart = page.chart_widgets["prone-ir"]
    assert [xy(m)[1] for m in chart.markers] == [[30.0], [40.0], [-10.0]]
    assert chart.lines == []  # one reading per series: nothing to join
    assert page.stat_captions[1].text() == ""  # the Practice tab is drawn when shown
    page.tabs.setCurrentWidget(page.practice_tab)
    assert page.stat_captions[1].text() == "Sessions in the last 4 weeks"
    page.set_span(Span.ALL)
    assert len(chart.markers) == 3  # not in view: redrawn when shown
    page.tabs.setCurrentWidget(page.checks_tab)
    assert len(chart.markers) == 6


def test_no_checks_in_the_range_says_so(page: HistoryPage, db_path: Path, tmp_path: Path):
    later = NOW + timedelta(days=40)  # the newest check is now 50 days old
    page.load(db_path, load_checks(), later, tz=UTC)
    page.set_span(Span.WEEKS_4)
    assert page.checks_empty.isVisible()
    assert "No checks in the last 4 weeks" in page.checks_empty.text()
    assert not page.chart_widgets["prone-ir"].isVisible()


def test_practice_totals_streak_and_calendar(page: HistoryPage, db_path: Path):
    load(page, db_path)
    page.tabs.setCurrentIndex(1)
    values = [label.text() for label in page.stat_values]
    assert values == ["2 days", "3", "4 min", "4"]  # today and yesterday; 60+45+60+60 s
    assert page.stat_values[0].accessibleName() == "Current streak: 2 days"
    assert not page.practice_empty.isVisible()
    weekly = page.weekly_chart
    assert weekly is not None and weekly.isVisible()
    assert [bar.sessions for bar in weekly.bars][-2:] == [1, 2]  # ISO weeks 13 and 14
    drawn = {bar.sessions: shape for bar, shape in weekly.drawn_bars[-2:]}
    assert drawn[2].height() == pytest.approx(2 * drawn[1].height())  # two sessions: twice as tall
    assert pixel(weekly, drawn[2].center()) == theme.accent()
    assert weekly.tip_at(drawn[2].center())[1] == "Week of 30 Mar 2026: 2 sessions"
    heatmap = page.heatmap
    assert heatmap.minutes[NOW.date()] == 2.0
    cell = heatmap.cell_rect(NOW.date()).center()
    assert heatmap.tip_at(cell) == "Tue 31 Mar 2026: 2 min of work"
    assert heatmap.accessibleName() == "Calendar of minutes practised per day"
    assert "3 days with a session" in heatmap.accessibleDescription()


def test_session_log_expands_to_sets_and_check_in(qtbot, page: HistoryPage, db_path: Path):
    load(page, db_path)
    model = page.log_model
    assert model.rowCount() == 0  # nothing read until the log is shown
    page.tabs.setCurrentWidget(page.log_tab)
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert model.exhausted
    cells = [model.item(1, column).text() for column in range(model.columnCount())]
    assert cells == [
        "Mon 30 Mar 2026, 12:00",
        "Finished",
        "1 min",
        "1 of 1 done",
        "1 set",
        "Too hard",
        "sore knee",
    ]
    today = model.index(0, 0)
    assert model.hasChildren(today) and model.rowCount(today) == 0  # read on expanding
    page.log_view.expand(today)
    qtbot.waitUntil(lambda: model.rowCount(today) == 3)
    sets = [
        [model.itemFromIndex(today).child(row, column).text() for column in range(3)]
        for row in range(3)
    ]
    assert sets == [
        ["Seated figure 4 · left · set 1", "Done", "60 s of 60 s"],
        ["Seated figure 4 · left · set 2", "Done", "60 s of 60 s"],
        ["Seated figure 4 · left · set 3", "Skipped", "0 s of 0 s"],
    ]


def test_session_log_reads_a_page_at_a_time(qtbot, page: HistoryPage, db_path: Path):
    load(page, db_path)
    model = page.log_model
    model.page_rows = 2
    page.tabs.setCurrentWidget(page.log_tab)
    qtbot.waitUntil(lambda: model.rowCount() >= 2)
    if model.rowCount() == 2:  # the view did not need more to fill itself
        assert model.canFetchMore(page.log_view.rootIndex())
        model.fetchMore(page.log_view.rootIndex())
    assert model.rowCount() == 3
    assert model.exhausted and not model.canFetchMore(page.log_view.rootIndex())


def test_empty_history_tells_a_new_person_what_to_do(page: HistoryPage, empty_db: Path):
    load(page, empty_db)
    assert page.checks_empty.isVisible() and page.checks_empty.text() == NO_CHECKS
    assert page.chart_widgets == {} and page.weekly_chart is None
    page.tabs.setCurrentIndex(1)
    assert page.practice_empty.isVisible() and page.practice_empty.text() == NO_SESSIONS
    assert not page.heatmap.isVisible()
    page.tabs.setCurrentWidget(page.log_tab)
    assert page.log_empty.isVisible() and page.log_empty.text() == NO_SESSION_LOG
    assert not page.log_view.isVisible()


def test_refresh_shows_what_was_added(page: HistoryPage, db_path: Path):
    load(page, db_path)
    with Store.open(db_path) as store:
        store.add_check(make_check(NOW - timedelta(hours=1), slug="seated-ir"))
    page.refresh(NOW)
    assert list(page.chart_widgets) == ["prone-ir", "seated-ir"]
    assert page.chart_widgets["seated-ir"].isVisible()


def test_opening_again_reads_the_file_only_when_told_it_changed(
    monkeypatch, page: HistoryPage, db_path: Path
):
    load(page, db_path)
    reads = []
    original = page._read
    monkeypatch.setattr(page, "_read", lambda reader: reads.append(1) or original(reader))
    load(page, db_path)  # nothing written since: the page is already right
    assert reads == []
    with Store.open(db_path) as store:
        store.add_check(make_check(NOW - timedelta(hours=1), slug="seated-ir"))
    load(page, db_path)
    assert reads == []  # the page does not watch the file: the window's change signal tells it
    page.mark_stale()
    load(page, db_path)
    assert reads  # told: read again, and the new check shows
    assert list(page.chart_widgets) == ["prone-ir", "seated-ir"]
    page.load(db_path, load_checks(), NOW + timedelta(days=1), exercise_names=NAMES, tz=UTC)
    assert (
        page.shown_range is not None
        and page.shown_range.window.today == (NOW + timedelta(days=1)).date()
    )


def test_a_file_that_cannot_be_read_shows_its_message(page: HistoryPage, tmp_path: Path):
    page.load(tmp_path / "missing.sqlite3", load_checks(), NOW)
    assert page.message.isVisible()
    assert "could not find" in page.message.text()


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("report_button", "report_requested"),
        ("export_button", "export_requested"),
        ("import_button", "import_requested"),
        ("home_button", "home_requested"),
    ],
)
def test_buttons_ask_the_window(qtbot, page: HistoryPage, button: str, signal: str):
    with qtbot.waitSignal(getattr(page, signal)):
        getattr(page, button).click()
    assert getattr(page, button).accessibleName()


def test_report_button_says_what_it_makes(page: HistoryPage):
    assert page.report_button.text() == "Report for physiotherapist…"
    assert (page.export_button.text(), page.import_button.text()) == ("Export…", "Import…")


def test_dark_charts_take_the_palette(qtbot, page: HistoryPage, db_path: Path):
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    try:
        theme.force_scheme(instance, True)
        load(page, db_path)
        chart = page.chart_widgets["prone-ir"]
        qtbot.waitUntil(lambda: chart.colours.left == theme.LEFT_COLOUR_DARK)
        assert chart.colours.background == page.palette().window().color().name()
        assert chart.markers[0].colour == theme.LEFT_COLOUR_DARK
        assert pixel(chart.canvas, chart.markers[0].positions[-1]) == theme.LEFT_COLOUR_DARK
    finally:
        theme.force_scheme(instance, None)


def test_charts_need_no_charting_library(db_path: Path):
    """pyqtgraph and numpy cost ~0.3 s to import and 43 MB of the bundle: History draws its
    charts with QPainter, the PDF's drawing, and imports neither."""
    code = f"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.ui.history.page import HistoryPage
page = HistoryPage()
from app.core.checks.loader import load_checks
page.resize(1200, 800)
page.show()
page.load(Path({str(db_path)!r}), load_checks(), datetime(2026, 3, 31, 12, tzinfo=UTC))
page.grab()
page.tabs.setCurrentWidget(page.practice_tab)
page.grab()
assert page.chart_widgets and page.weekly_chart is not None
heavy = sorted(m for m in ("pyqtgraph", "numpy") if m in sys.modules)
print("heavy:", heavy)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stderr
    assert "heavy: []" in result.stdout


def test_read_ahead_makes_longer_ranges_need_no_reading(
    qtbot, page: HistoryPage, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    load(page, db_path)  # 3 months read; the rest is read in the background
    qtbot.waitUntil(lambda: page.read_ahead_done)

    def no_reading(path: Path):
        raise AssertionError("read the file again")

    monkeypatch.setattr("app.ui.history.page.reading", no_reading)
    page.set_span(Span.ALL)
    assert len(page.chart_widgets["prone-ir"].markers) == 6
    page.tabs.setCurrentWidget(page.practice_tab)
    assert page.stat_values[1].text() == "3"


def test_without_read_ahead_a_longer_range_is_read_when_chosen(page: HistoryPage, db_path: Path):
    page.read_ahead = False
    page.load(db_path, load_checks(), NOW + timedelta(days=30), tz=UTC)
    page.set_span(Span.WEEKS_4)  # read from what 3 months already read
    assert page.checks_empty.isVisible()
    page.set_span(Span.YEAR)  # reads further back
    assert len(page.chart_widgets["prone-ir"].markers) == 6


def test_refresh_with_the_log_in_view_lists_the_new_session(
    qtbot, page: HistoryPage, db_path: Path
):
    load(page, db_path)
    page.tabs.setCurrentWidget(page.log_tab)
    model = page.log_model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    with Store.open(db_path) as store:
        session(store, NOW - timedelta(minutes=30), [30.0])
    page.refresh(NOW)
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert model.item(0, 0).text() == "Tue 31 Mar 2026, 11:30"


def test_pointing_at_a_marker_shows_its_details(qtbot, page: HistoryPage, db_path: Path):
    load(page, db_path)
    chart = page.chart_widgets["prone-ir"]
    canvas = chart.canvas
    qtbot.waitUntil(lambda: canvas.width() > 500)  # laid out in the page
    where = canvas.drawn.series[0].positions[-1]
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        where,
        canvas.mapToGlobal(where),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(canvas, move)
    assert canvas.toolTip().splitlines() == [
        "Sat 21 Mar 2026, 12:00",
        "Left: 30°",
        "Phone inclinometer, passive",
        "Note: after a walk",
    ]
    assert canvas.hovered == where  # the marker is ringed


def test_the_arrow_keys_say_each_reading(qtbot, page: HistoryPage, db_path: Path):
    """Without a mouse: focus a chart, and each arrow press says the next reading."""
    load(page, db_path)
    canvas = page.chart_widgets["prone-ir"].canvas
    assert canvas.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert "arrow keys" in canvas.accessibleDescription()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.accessibleDescription().splitlines()[:3] == [
        "Mon 9 Feb 2026, 12:00",
        "Left: 27°",
        "Goniometer, passive",
    ]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.toolTip().splitlines()[1] == "Right: 38°"
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert canvas.toolTip().splitlines()[:2] == ["Sat 21 Mar 2026, 12:00", "Right: 40°"]
    assert canvas.hovered == canvas.drawn.series[2].positions[-1]
