"""The report for a physiotherapist as a PDF: QPdfWriter and QPainter, A4 at 300 dpi.

Lays out what app.core.history.report decided to say: a header, the summary (adherence, pinch
or pain), one section per check (a chart, then its readings table, split over pages with
the header row repeated), then the notes. Text is drawn as text, so the PDF can be searched
and read back. The chart tells left from right by marker shape and line style as well as
colour, so it survives a black-and-white printer.

Two passes: the first measures and places every block on its page, the second paints, so
each footer can say "Page 2 of 3".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from app.core.history.chart_model import CheckChart
from app.core.history.ranges import local_midnight
from app.core.history.report import ReportData
from app.core.history.report_adherence import EXERCISE_COLUMNS
from app.core.history.report_checks import READING_COLUMNS, CheckSection
from app.core.history.report_pain import PINCH_COLUMNS
from app.core.history.report_programme import PROGRAMME_COLUMNS
from app.core.history.report_trials import TRIAL_COLUMNS
from app.core.records import Side
from app.db.atomic_files import write_atomically
from app.ui.common.theme import (
    ACCENT_LIGHT,
    LEFT_COLOUR_LIGHT,
    PAIN_COLOUR_LIGHT,
    RIGHT_COLOUR_LIGHT,
)
from app.ui.drawing.check_chart_painter import ChartLook, draw_check_chart, legend_height

DPI = 300
MM = DPI / 25.4  # device pixels per millimetre
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
LEFT = 18 * MM
RIGHT = PAGE_WIDTH - 18 * MM
TOP = 16 * MM
BOTTOM = PAGE_HEIGHT - 22 * MM  # the footer sits below
WIDTH = RIGHT - LEFT
CHART_HEIGHT = 78 * MM
LEGEND_ROW = 5 * MM

INK = QColor("#111827")
GREY = QColor("#4b5563")
RULE = QColor("#9ca3af")
SHADE = QColor("#f3f4f6")
BAND = QColor("#d1d5db")
ACCENT = QColor(ACCENT_LIGHT)
PAIN = QColor(PAIN_COLOUR_LIGHT)
SIDE_COLOURS = {Side.LEFT: QColor(LEFT_COLOUR_LIGHT), Side.RIGHT: QColor(RIGHT_COLOUR_LIGHT)}

# Readings table: column widths in mm; the note takes the rest.
COLUMN_MM = (31.0, 13.0, 13.0, 26.0, 22.0, 15.0, 10.0)
_LEFT_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_WRAP = int(_LEFT_ALIGN | Qt.TextFlag.TextWordWrap)


class ReportError(Exception):
    """The report could not be written; the message is fit for a dialog."""


def _font(points: float, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    # No "ff"/"fi" ligatures: text copied or read back from the PDF keeps plain letters.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


class _Fonts:
    """The report's fonts, made on first use: a QFont wants the QGuiApplication to exist."""

    @cached_property
    def title(self) -> QFont:
        return _font(20, bold=True)

    @cached_property
    def heading(self) -> QFont:
        return _font(13, bold=True)

    @cached_property
    def body(self) -> QFont:
        return _font(9.5)

    @cached_property
    def body_bold(self) -> QFont:
        return _font(9.5, bold=True)

    @cached_property
    def small(self) -> QFont:
        return _font(8.5)

    @cached_property
    def small_bold(self) -> QFont:
        return _font(8.5, bold=True)

    @cached_property
    def italic(self) -> QFont:
        return _font(8.5, italic=True)

    @cached_property
    def table(self) -> QFont:
        return _font(8)

    @cached_property
    def table_bold(self) -> QFont:
        return _font(8, bold=True)


FONTS = _Fonts()
Draw = Callable[[QPainter, float], None]  # paints a block whose top is at the given y


# --- Placing blocks on pages --------------------------------------------------------------


class _Flow:
    """Blocks placed top to bottom on pages; painted later, once the page count is known."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.pages: list[list[tuple[float, Draw]]] = [[]]
        self.y = TOP

    def room(self) -> float:
        return BOTTOM - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def ensure(self, height: float) -> bool:
        """Start a new page unless `height` fits below; True when it did."""
        if height > self.room() and self.y > TOP + 1:
            self.new_page()
            return True
        return False

    def put(self, height: float, draw: Draw) -> None:
        self.ensure(height)
        self.pages[-1].append((self.y, draw))
        self.y += height

    def space(self, height: float) -> None:
        self.y = min(self.y + height, BOTTOM)

    # -- measuring --------------------------------------------------------------------

    def text_height(self, text: str, font: QFont, width: float) -> float:
        self.painter.setFont(font)
        rect = self.painter.boundingRect(QRectF(0, 0, width, 100 * PAGE_HEIGHT), _WRAP, text)
        return rect.height()

    # -- common blocks ----------------------------------------------------------------

    def paragraph_block(
        self,
        text: str,
        font: QFont,
        colour: QColor = INK,
        *,
        indent: float = 0.0,
        after: float = 1.5 * MM,
    ) -> tuple[float, Draw]:
        width = WIDTH - indent
        height = self.text_height(text, font, width)

        def draw(painter: QPainter, y: float) -> None:
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRectF(LEFT + indent, y, width, height + 1), _WRAP, text)

        return height + after, draw

    def paragraph(self, text: str, font: QFont, colour: QColor = INK, **options: float) -> None:
        self.put(*self.paragraph_block(text, font, colour, **options))

    def heading_block(self, text: str) -> tuple[float, Draw]:
        height = self.text_height(text, FONTS.heading, WIDTH)

        def draw(painter: QPainter, y: float) -> None:
            painter.setFont(FONTS.heading)
            painter.setPen(ACCENT)
            painter.drawText(QRectF(LEFT, y, WIDTH, height + 1), _WRAP, text)
            painter.setPen(QPen(ACCENT, 0.3 * MM))
            rule = y + height + 0.8 * MM
            painter.drawLine(QPointF(LEFT, rule), QPointF(RIGHT, rule))

        return height + 3 * MM, draw

    def heading(self, text: str, keep_with: float = 20 * MM) -> None:
        """A section heading, never left alone at the foot of a page."""
        height, draw = self.heading_block(text)
        self.space(3 * MM if self.y > TOP + 1 else 0)
        self.ensure(height + keep_with)
        self.put(height, draw)

    def group(self, blocks: Sequence[tuple[float, Draw]]) -> None:
        """Blocks kept together on one page."""
        self.ensure(sum(height for height, _ in blocks))
        for height, draw in blocks:
            self.put(height, draw)


# --- Tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    title: str
    width: float


CELL_PADDING = 1.2 * MM


def _row_block(
    flow: _Flow,
    columns: Sequence[_Column],
    cells: Sequence[str],
    font: QFont,
    *,
    header: bool = False,
    shaded: bool = False,
    colours: Sequence[QColor | None] = (),
) -> tuple[float, Draw]:
    pad = CELL_PADDING
    heights = [
        flow.text_height(text, font, column.width - 2 * pad) if text else 0.0
        for column, text in zip(columns, cells, strict=True)
    ]
    height = max(max(heights), flow.text_height("X", font, WIDTH)) + 2 * pad

    def draw(painter: QPainter, y: float) -> None:
        if header or shaded:
            painter.fillRect(QRectF(LEFT, y, WIDTH, height), BAND if header else SHADE)
        painter.setFont(font)
        x = LEFT
        for index, (column, text) in enumerate(zip(columns, cells, strict=True)):
            colour = colours[index] if index < len(colours) and colours[index] else INK
            painter.setPen(colour)
            rect = QRectF(x + pad, y + pad, column.width - 2 * pad, height - 2 * pad + 1)
            painter.drawText(rect, _WRAP, text)
            x += column.width
        painter.setPen(QPen(RULE, 0.15 * MM))
        painter.drawLine(QPointF(LEFT, y + height), QPointF(RIGHT, y + height))

    return height, draw


KEEP_ROWS = 3  # a table starts where its header and first rows fit together


class _Table:
    """Rows under a header row, measured; placed with :meth:`place`."""

    def __init__(
        self,
        flow: _Flow,
        columns: Sequence[_Column],
        rows: Sequence[tuple[Sequence[str], Sequence[QColor | None]]],
        continued: str,
        bold: Sequence[bool] = (),
    ) -> None:
        titles = [column.title for column in columns]
        self.flow = flow
        self.continued = continued
        self.header = _row_block(flow, columns, titles, FONTS.table_bold, header=True)
        self.rows = [
            _row_block(
                flow,
                columns,
                cells,
                FONTS.table_bold if index < len(bold) and bold[index] else FONTS.table,
                shaded=index % 2 == 1,
                colours=colours,
            )
            for index, (cells, colours) in enumerate(rows)
        ]

    def lead(self) -> float:
        """The height of the header and the first rows, kept together."""
        return self.header[0] + sum(height for height, _ in self.rows[:KEEP_ROWS])

    def place(self) -> None:
        """A row that does not fit starts a page, under a "continued" line and the header."""
        flow = self.flow
        flow.ensure(self.lead())
        flow.put(*self.header)
        for height, draw in self.rows:
            if flow.ensure(height):
                flow.put(
                    *flow.paragraph_block(self.continued, FONTS.small_bold, GREY, after=1 * MM)
                )
                flow.put(*self.header)
            flow.put(height, draw)


def _table(
    flow: _Flow,
    columns: Sequence[_Column],
    rows: Sequence[tuple[Sequence[str], Sequence[QColor | None]]],
    continued: str,
    bold: Sequence[bool] = (),
) -> None:
    _Table(flow, columns, rows, continued, bold).place()


def _columns(titles: Sequence[str], millimetres: Sequence[float | None]) -> list[_Column]:
    """Columns of the given widths in mm; the one given None takes what is left."""
    rest = WIDTH - sum(width * MM for width in millimetres if width is not None)
    return [
        _Column(title, rest if width is None else width * MM)
        for title, width in zip(titles, millimetres, strict=True)
    ]


def _reading_columns() -> list[_Column]:
    widths = [width * MM for width in COLUMN_MM]
    widths.append(WIDTH - sum(widths))
    return [_Column(title, width) for title, width in zip(READING_COLUMNS, widths, strict=True)]


# --- The chart: drawn by app/ui/drawing/check_chart_painter.py, as on the History page ----


def _look() -> ChartLook:
    """The shared chart drawing on white paper, in millimetres: the degree plot only."""
    return ChartLook(
        unit=MM,
        font=FONTS.small,
        background=QColor("white"),
        ink=INK,
        text=GREY,
        grid=SHADE.darker(112),
        band=BAND,
        left=SIDE_COLOURS[Side.LEFT],
        right=SIDE_COLOURS[Side.RIGHT],
        difference=INK,
    )


def chart_height(painter: QPainter, chart: CheckChart) -> float:
    """The chart's block: CHART_HEIGHT with one legend row, more when the legend wraps."""
    return CHART_HEIGHT - LEGEND_ROW + legend_height(painter, chart, _look(), WIDTH)


def _draw_chart(painter: QPainter, top: float, chart: CheckChart, start: date, end: date) -> None:
    """The History page's chart model and drawing, over the report's period."""
    x_range = (
        local_midnight(start, chart.tz).timestamp(),
        local_midnight(end + timedelta(days=1), chart.tz).timestamp(),
    )
    rect = QRectF(LEFT, top, WIDTH, chart_height(painter, chart))
    draw_check_chart(painter, rect, chart, x_range, _look())


# --- The report ---------------------------------------------------------------------------


def _header(flow: _Flow, data: ReportData) -> None:
    flow.paragraph(data.title, FONTS.title, INK, after=1.5 * MM)
    flow.paragraph(f"Period: {data.period}", FONTS.body, INK, after=0.8 * MM)
    flow.paragraph(data.generated, FONTS.body, GREY, after=2.5 * MM)
    flow.paragraph(data.disclaimer, FONTS.italic, GREY, after=3 * MM)
    if data.empty:
        flow.paragraph(data.empty, FONTS.body_bold, INK, after=2 * MM)


def _key_values(flow: _Flow, rows: Sequence[tuple[str, str]], key_width: float) -> None:
    value_width = WIDTH - key_width
    for key, value in rows:
        key_height = flow.text_height(key, FONTS.body, key_width)
        value_height = flow.text_height(value, FONTS.body_bold, value_width)
        height = max(key_height, value_height)

        def draw(
            painter: QPainter, y: float, key: str = key, value: str = value, height: float = height
        ) -> None:
            painter.setFont(FONTS.body)
            painter.setPen(GREY)
            painter.drawText(QRectF(LEFT, y, key_width, height + 1), _WRAP, key)
            painter.setFont(FONTS.body_bold)
            painter.setPen(INK)
            painter.drawText(QRectF(LEFT + key_width, y, value_width, height + 1), _WRAP, value)

        flow.put(height + 1.2 * MM, draw)


def _summary(flow: _Flow, data: ReportData) -> None:
    flow.heading("Sessions")
    if data.sessions_note:
        flow.paragraph(data.sessions_note, FONTS.body)
    else:
        _key_values(flow, data.adherence.rows, 55 * MM)
    if data.exercises:
        flow.heading("Each exercise: sets done against sets planned")
        flow.paragraph(EXERCISES_NOTE, FONTS.small, GREY)
        columns = _columns(EXERCISE_COLUMNS, (None, 18, 24, 16, 16, 14))
        rows = [(row.cells, (None,) * 5 + (PAIN,)) for row in data.exercises]
        _table(flow, columns, rows, "Each exercise (continued)")
    _pain(flow, data)
    _programme(flow, data)
    flow.heading("Self-checks")
    if data.checks_note:
        flow.paragraph(data.checks_note, FONTS.body)
    for section in data.checks:
        flow.group(
            [
                flow.paragraph_block(section.name, FONTS.body_bold, after=0.6 * MM),
                flow.paragraph_block(
                    f"Latest, {section.latest}", FONTS.body, indent=4 * MM, after=0.6 * MM
                ),
                *(
                    flow.paragraph_block(line, FONTS.body, indent=4 * MM, after=0.6 * MM)
                    for line in section.changes
                ),
            ]
        )
        flow.space(1.5 * MM)
    if data.checks:
        flow.paragraph(data.method_note, FONTS.small, GREY)


EXERCISES_NOTE = (
    "Sets are counted per side. Planned: what the plans of the sessions above held; a set "
    "never reached because a session was stopped early counts as planned and not done."
)


def _pain(flow: _Flow, data: ReportData) -> None:
    flow.heading("Pinch or pain")
    flow.paragraph(data.pain_note, FONTS.body, after=2 * MM)
    if data.pinches:
        columns = _columns(PINCH_COLUMNS, (31, 46, 24, None, 30))
        rows = [(pinch.cells, (None, None, PAIN)) for pinch in data.pinches]
        _table(flow, columns, rows, "Pinch or pain (continued)")
        flow.space(2 * MM)
    if data.pain_flags:
        columns = [
            _Column("Self-check", 70 * MM),
            _Column("Days", WIDTH - 90 * MM),
            _Column("How often", 20 * MM),
        ]
        pain_rows = [((flag.what, flag.when, flag.count), (PAIN,)) for flag in data.pain_flags]
        _table(flow, columns, pain_rows, "Pinch or pain (continued)")


def _programme(flow: _Flow, data: ReportData) -> None:
    flow.heading("Current programme")
    flow.paragraph(data.programme_note, FONTS.body, after=2 * MM)
    if data.programme:
        columns = _columns(PROGRAMME_COLUMNS, (78, None, 20))
        rows = [(row.cells, ()) for row in data.programme]
        bold = [row.heading for row in data.programme]
        _table(flow, columns, rows, "Current programme (continued)", bold)


def _appendix(flow: _Flow, data: ReportData) -> None:
    """Every trial as typed, for a physiotherapist who wants the raw numbers."""
    if not data.trials:
        return
    flow.new_page()
    flow.heading("Appendix: every trial")
    flow.paragraph(APPENDIX_NOTE, FONTS.small, GREY)
    columns = _columns(TRIAL_COLUMNS, (31, 27, 11, 10, 15, 21, 14, 10, 10, None))
    rows = [(row.cells, (None,) * 8 + (PAIN,)) for row in data.trials]
    _table(flow, columns, rows, "Appendix: every trial (continued)")


APPENDIX_NOTE = (
    "Each trial of each side as it was entered, oldest first. By: who read the angle, the "
    "person (Self) or someone helping (Helper)."
)


PICTURE_HEIGHT = 32 * MM  # a check's picture: the position and where the angle is read


def _picture_block(slug: str) -> tuple[float, Draw] | None:
    """The check's picture, the same drawing as in the app: the physiotherapist sees at
    once which position and which angle the numbers are."""
    from app.ui.drawing.illustration import poses

    pose = poses().get(slug)
    if pose is None:
        return None
    from app.ui.drawing.figure_painter import render_image

    side = int(PICTURE_HEIGHT)
    image = render_image(pose, int(side * 1.4), side, dark=False, background=QColor("white"))

    def draw(painter: QPainter, y: float) -> None:
        painter.drawImage(QRectF(LEFT, y, side * 1.4, side), image)

    return PICTURE_HEIGHT + 2 * MM, draw


def _check(flow: _Flow, data: ReportData, section: CheckSection) -> None:
    heading = flow.heading_block(section.name)
    picture = _picture_block(section.slug)
    blocks = [
        heading,
        flow.paragraph_block(section.position, FONTS.body, GREY, after=1 * MM),
        flow.paragraph_block(" ".join(section.context), FONTS.small, GREY, after=2 * MM),
        *([picture] if picture is not None else []),
        (
            chart_height(flow.painter, section.chart) + 2 * MM,
            lambda painter, y: _draw_chart(painter, y, section.chart, data.start, data.end),
        ),
        # A side whose readings mixed instruments is on the chart as open points: say so.
        *(
            flow.paragraph_block(note, FONTS.small_bold, INK, after=1 * MM)
            for note in section.chart.mixed_notes
        ),
    ]
    colours: list[QColor | None] = [None, SIDE_COLOURS[Side.LEFT], SIDE_COLOURS[Side.RIGHT]]
    pain_colours = [*colours, None, None, None, PAIN]
    rows = [(row.cells, pain_colours if row.pain else colours) for row in section.rows]
    table = _Table(flow, _reading_columns(), rows, f"{section.name}: readings (continued)")
    flow.space(4 * MM if flow.y > TOP + 1 else 0)
    flow.ensure(sum(height for height, _ in blocks) + table.lead())  # chart and table together
    flow.group(blocks)
    table.place()


def _notes(flow: _Flow, data: ReportData) -> None:
    if data.notes_note:
        flow.heading("Notes")
        flow.paragraph(data.notes_note, FONTS.body)
        return
    columns = [
        _Column("Date", 24 * MM),
        _Column("About", 45 * MM),
        _Column("Note", WIDTH - 69 * MM),
    ]
    rows = [((note.when, note.about, note.text), ()) for note in data.notes]
    table = _Table(flow, columns, rows, "Notes (continued)")
    flow.heading("Notes", keep_with=table.lead())
    table.place()


def _footer(painter: QPainter, data: ReportData, number: int, total: int) -> None:
    y = PAGE_HEIGHT - 15 * MM
    painter.setPen(QPen(RULE, 0.15 * MM))
    painter.drawLine(QPointF(LEFT, y), QPointF(RIGHT, y))
    painter.setFont(FONTS.small)
    painter.setPen(GREY)
    box = QRectF(LEFT, y + 1.5 * MM, WIDTH, 6 * MM)
    top = Qt.AlignmentFlag.AlignTop
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | top), f"{data.title} · {data.period}")
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | top), f"Page {number} of {total}")


def _render(writer: QPdfWriter, data: ReportData) -> int:
    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError("Inward could not start drawing the report.")
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        flow = _Flow(painter)
        _header(flow, data)
        _summary(flow, data)
        for section in data.checks:
            _check(flow, data, section)
        _notes(flow, data)
        _appendix(flow, data)
        pages = [page for page in flow.pages if page] or [[]]
        for number, page in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            for y, draw in page:
                painter.save()
                draw(painter, y)
                painter.restore()
            _footer(painter, data, number, len(pages))
    finally:
        painter.end()
    return len(pages)


def render_report(data: ReportData) -> tuple[bytes, int]:
    """The PDF's bytes and its page count. Needs a QGuiApplication (for the fonts)."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("writing a report needs a QGuiApplication (or QApplication)")
    content = QByteArray()
    buffer = QBuffer(content)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(data.title)
    writer.setCreator("Inward")
    pages = _render(writer, data)
    del writer  # finishes the file
    buffer.close()
    return bytes(content.data()), pages


def write_report(path: Path, data: ReportData) -> int:
    """Write the report to `path` as a PDF; return the number of pages.

    The file appears whole or not at all. Raises ReportError (a message for the person)
    when the folder is missing or not writable or the disk is full.
    """
    path = Path(path)
    content, pages = render_report(data)
    try:
        # Health data: owner-only (0600) like the other exports, whatever the umask.
        write_atomically(path, content)
    except OSError as exc:
        raise ReportError(_could_not(path, exc)) from exc
    return pages


def _could_not(path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if not path.parent.is_dir():
        reason = "that folder does not exist"
    return (
        f"Inward could not save the report as {path.name} in {path.parent} ({reason}). "
        "Choose another folder."
    )
