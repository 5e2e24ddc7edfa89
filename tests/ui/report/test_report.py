"""The PDF report: written from a real store, then read back with pypdf page by page."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.core.checks.loader import load_checks
from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.content.exercises import Content, load_content
from app.core.formatting import describe_dose
from app.core.history.chart_model import Trace
from app.core.history.report import DISCLAIMER, build_report
from app.core.plan.types import Logbook
from app.core.records import SetResult, Side
from app.core.routine import default_plan
from app.core.session.checkin import CheckIn, Effort
from app.db.store import Store
from app.ui.report.dialog import NAME_SETTING, ReportDialog
from app.ui.report.pdf import ReportError, write_report

CHECKS = load_checks()
TODAY = date(2026, 6, 1)
START, END = date(2026, 3, 1), date(2026, 5, 31)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def add_session(store: Store, content: Content, when: datetime, *, pain: bool = False) -> None:
    plan = default_plan(content)
    session_id = store.start_session(plan.to_dict(), when)
    for number, item in enumerate(plan.items[:3]):
        for side in (Side.LEFT, Side.RIGHT):
            store.record_set(
                session_id,
                SetResult(
                    item.exercise.slug,
                    side,
                    1,
                    60.0,
                    60.0,
                    None,
                    None,
                    False,
                    when,
                    when + timedelta(minutes=1),
                    pain=pain and number == 0 and side is Side.LEFT,
                ),
            )
    store.finish_session(session_id, when + timedelta(minutes=10))
    note = "Left hip felt tight" if pain else ""
    store.save_checkin(
        CheckIn(session_id, when + timedelta(minutes=11), Effort.ABOUT_RIGHT, {}, note)
    )


def add_check(store: Store, slug: str, when: datetime, left: float, right: float) -> None:
    def trial(side: Side, degrees: float) -> Trial:
        return Trial(side, 1, degrees, Method.INCLINOMETER, Mode.PASSIVE, MeasuredBy.SELF)

    store.add_check(CheckRecord(slug, when, (trial(Side.LEFT, left), trial(Side.RIGHT, right))))


def fill(store: Store, content: Content, checks_per_week: int = 1) -> None:
    """Sessions three days a week through March-May 2026; prone and seated checks weekly."""
    first = datetime(2026, 3, 2, 8, tzinfo=UTC)
    for day in range(0, 90):
        if day % 7 in (0, 2, 4):
            add_session(store, content, first + timedelta(days=day), pain=day == 14)
    for week in range(13):
        for extra in range(checks_per_week):
            when = first + timedelta(weeks=week, hours=2, minutes=extra)
            add_check(store, "prone-ir", when, 30 + week * 0.5, 40)
            add_check(store, "seated-ir", when, 28 + week, 35)


def read_pages(path: Path) -> list[str]:
    """Each page's text with runs of white space as one space (pypdf puts tabs between
    the words Qt places one by one)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_the_pdf_has_its_pages_and_text(qapp, tmp_path: Path, store: Store, content) -> None:
    fill(store, content)
    data = build_report(
        store.logbook(content), CHECKS, START, END, "Anna Example", UTC, today=TODAY
    )
    path = tmp_path / "report.pdf"

    pages = write_report(path, data)

    texts = read_pages(path)
    # summary (two pages: sessions, each exercise; pinches, programme, checks); lying face
    # down; sitting and the notes
    assert pages == len(texts) == 4
    first = texts[0]
    assert "Inward report for Anna Example" in first
    assert "Period: 1 March 2026 – 31 May 2026" in first
    assert "Generated 1 June 2026" in first
    assert DISCLAIMER in first
    assert "Sessions per week 3.0" in first
    assert "Deep glute release 39 78 of 78 100% 1" in first  # sets done, one pinch
    assert (
        "Date Exercise Side Dose that day Stopped "
        "16 Mar 2026 08:00 Deep glute release Left 60 s hold, each side after 60 s of 60 s"
    ) in texts[1]
    assert (
        "Left: up 6°, from 30° (2 Mar 2026) to 36° (25 May 2026); passive, inclinometer."
        in texts[1]
    )
    assert "Lying face down" in texts[2] and "Sitting" in texts[3]
    assert "range, 30–45° (passive)" in texts[3]
    assert "33.5°" in texts[2]  # the prone left reading of week 8
    assert "Left hip felt tight" in texts[3]  # the notes
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of 4" in text
        assert "Inward report for Anna Example · 1 March 2026 – 31 May 2026" in text
    assert PdfReader(path).metadata.title == "Inward report for Anna Example"
    pictures = [len(page.images) for page in PdfReader(path).pages]
    assert pictures[:2] == [0, 0] and pictures[2] >= 1 and pictures[3] >= 1  # check positions


def test_a_long_history_paginates_with_the_table_header_repeated(
    qapp, tmp_path: Path, store: Store, content
) -> None:
    fill(store, content, checks_per_week=6)  # 78 prone readings: more than a page of rows
    data = build_report(store.logbook(content), CHECKS, START, END, None, UTC, today=TODAY)
    path = tmp_path / "long.pdf"

    pages = write_report(path, data)

    texts = read_pages(path)
    assert pages == len(texts) >= 5
    assert all(f"Page {n} of {pages}" in text for n, text in enumerate(texts, start=1))
    continued = [text for text in texts if "Lying face down: readings (continued)" in text]
    assert continued and all("Date Left Right L–R Method Mode Pain Note" in t for t in continued)
    assert texts[0].startswith("Inward report ")
    assert "Inward report for" not in texts[0]


def test_an_empty_period_gives_one_page_that_says_so(qapp, tmp_path: Path) -> None:
    from app.core.plan.types import Logbook

    data = build_report(Logbook(), CHECKS, START, END, None, UTC, today=TODAY)
    path = tmp_path / "empty.pdf"
    assert write_report(path, data) == 1
    (text,) = read_pages(path)
    assert "Nothing was recorded between 1 March 2026 and 31 May 2026." in text
    assert "No self-checks in this period." in text
    assert "Page 1 of 1" in text


def test_an_unwritable_place_gives_a_clear_error_and_no_file(qapp, tmp_path: Path) -> None:
    from app.core.plan.types import Logbook

    data = build_report(Logbook(), CHECKS, START, END, None, UTC, today=TODAY)
    missing = tmp_path / "no such folder" / "report.pdf"
    with pytest.raises(ReportError) as error:
        write_report(missing, data)
    assert str(error.value) == (
        f"Inward could not save the report as report.pdf in {missing.parent} "
        "(that folder does not exist). Choose another folder."
    )
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    with pytest.raises(ReportError, match="Choose another folder"):
        write_report(a_file / "report.pdf", data)


@pytest.mark.permissions
def test_a_read_only_folder_gives_a_clear_error(qapp, tmp_path: Path) -> None:
    from app.core.plan.types import Logbook

    data = build_report(Logbook(), CHECKS, START, END, None, UTC, today=TODAY)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ReportError, match="Permission denied"):
            write_report(folder / "report.pdf", data)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


# --- the dialog ---------------------------------------------------------------------------


def make_dialog(qtbot, **options) -> ReportDialog:
    dialog = ReportDialog(today=TODAY, tz=UTC, definitions=CHECKS, **options)
    qtbot.addWidget(dialog)
    return dialog


def test_the_dialog_defaults_to_the_last_three_months(qtbot, db_path: Path) -> None:
    dialog = make_dialog(qtbot, db_path=db_path)
    assert (dialog.start, dialog.end) == (date(2026, 3, 1), TODAY)
    assert dialog.name is None
    assert dialog.save_button.isEnabled()


def test_the_dialog_saves_the_report_from_a_database_path(
    qtbot, tmp_path: Path, db_path: Path, content
) -> None:
    with Store.open(db_path) as store:
        fill(store, content)
    dialog = make_dialog(qtbot, db_path=db_path, content=content)
    dialog.name_edit.setText("  Anna Example ")
    dialog.set_range(START, END)

    with qtbot.waitSignal(dialog.saved) as signal:
        pages = dialog.save_to(tmp_path / "for the physio")  # ".pdf" is added

    path = tmp_path / "for the physio.pdf"
    assert signal.args == [path, pages]
    assert pages == 4 == len(read_pages(path))
    assert "Inward report for Anna Example" in read_pages(path)[0]
    assert dialog.message.text() == f"Saved the report (4 pages) as {path}."
    with Store.open(db_path) as store:
        assert store.get_setting(NAME_SETTING, None) == "Anna Example"


def test_the_dialog_offers_the_name_used_last_time(qtbot, store: Store) -> None:
    store.set_setting(NAME_SETTING, "Anna Example")
    assert make_dialog(qtbot, store=store).name == "Anna Example"


def test_the_dialog_asks_for_a_file_name(qtbot, tmp_path: Path, store: Store, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "chosen.pdf"
    asked = []

    def ask(parent, caption, suggested, filters):
        asked.append(Path(suggested).name)
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    dialog = make_dialog(qtbot, store=store)
    dialog.save_button.click()
    assert asked == ["Inward report 2026-03-01 to 2026-06-01.pdf"]
    assert chosen.exists() and dialog.last_saved == chosen


def test_the_dialog_says_when_the_folder_cannot_be_written(
    qtbot, tmp_path: Path, store: Store
) -> None:
    dialog = make_dialog(qtbot, store=store)
    dialog.name_edit.setText("Anna")
    path = tmp_path / "gone" / "report.pdf"

    assert dialog.save_to(path) is None

    assert not path.exists()
    assert dialog.message.isVisibleTo(dialog)
    assert dialog.message.text().startswith("The report was not saved. Inward could not save")
    assert "that folder does not exist" in dialog.message.text()
    assert dialog.name_edit.text() == "Anna"  # what was entered stays to try again


def test_the_dialog_refuses_a_start_after_the_end(qtbot, store: Store) -> None:
    dialog = make_dialog(qtbot, store=store)
    dialog.set_range(date(2026, 5, 2), date(2026, 5, 1))
    assert not dialog.save_button.isEnabled()
    assert dialog.message.text() == "The “From” date is after the “To” date."
    dialog.set_range(date(2026, 5, 1), date(2026, 5, 1))
    assert dialog.save_button.isEnabled()
    assert not dialog.message.isVisibleTo(dialog)


def test_the_dialog_needs_a_store_or_a_path(qtbot, db_path: Path, store: Store) -> None:
    with pytest.raises(ValueError):
        ReportDialog()
    with pytest.raises(ValueError):
        ReportDialog(store, db_path=db_path)


# --- what the physiotherapist needs (issue 14) --------------------------------------------


def add_mixed_check(store: Store, when: datetime) -> None:
    """Left with the inclinometer; right once with it and once with a goniometer."""

    def trial(side: Side, number: int, degrees: float, method: Method) -> Trial:
        return Trial(side, number, degrees, method, Mode.PASSIVE, MeasuredBy.SELF)

    store.add_check(
        CheckRecord(
            "prone-ir",
            when,
            (
                trial(Side.LEFT, 1, 33, Method.INCLINOMETER),
                trial(Side.RIGHT, 1, 41, Method.INCLINOMETER),
                trial(Side.RIGHT, 2, 45, Method.GONIOMETER),
            ),
        )
    )


def test_the_pdf_is_saved_owner_only_like_the_other_exports(qapp, tmp_path: Path) -> None:
    from app.core.plan.types import Logbook

    data = build_report(Logbook(), CHECKS, START, END, None, UTC, today=TODAY)
    path = tmp_path / "report.pdf"
    write_report(path, data)
    assert os.stat(path).st_mode & 0o777 == 0o600  # health data; root or not, the bits say it


def test_a_side_with_mixed_methods_keeps_both_sides_in_the_pdf_chart_with_a_note(
    qapp, tmp_path: Path, store: Store, content
) -> None:
    add_check(store, "prone-ir", datetime(2026, 3, 2, 9, tzinfo=UTC), 30, 40)
    add_mixed_check(store, datetime(2026, 3, 9, 9, tzinfo=UTC))
    add_check(store, "prone-ir", datetime(2026, 3, 16, 9, tzinfo=UTC), 34, 42)
    data = build_report(store.logbook(content), CHECKS, START, END, None, UTC, today=TODAY)
    path = tmp_path / "mixed.pdf"
    write_report(path, data)
    text = " ".join(read_pages(path))
    assert "Left, phone inclinometer, passive" in text
    assert "Right, phone inclinometer, passive" in text
    assert "Right, mixed instruments" in text and "Left, mixed" not in text
    assert (
        "Right: 1 reading mixed instruments or modes within one sitting; drawn as open points"
        in text
    )


def two_checks(db_path: Path, content: Content) -> Logbook:
    """Lying face down twice (the second mixing instruments on the right), sitting once."""
    with Store.open(db_path) as store:
        add_check(store, "prone-ir", datetime(2026, 3, 2, 9, tzinfo=UTC), 30, 40)
        add_mixed_check(store, datetime(2026, 3, 9, 9, tzinfo=UTC))
        add_check(store, "seated-ir", datetime(2026, 3, 10, 9, tzinfo=UTC), 28, 35)
        return store.logbook(content)


def history_page(qtbot, db_path: Path):
    """The History page on the file, shown as in the window, at the report's end."""
    from app.ui.history.page import HistoryPage

    page = HistoryPage()
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.load(db_path, CHECKS, datetime(2026, 5, 31, 12, tzinfo=UTC), tz=UTC)
    return page


def test_the_history_page_and_the_pdf_chart_the_same_model(
    qtbot, tmp_path: Path, db_path: Path, content
) -> None:
    """Both draw app.core.history.chart_model.check_chart's CheckChart: the same series, points,
    ranges and mixed-method notes, whether read by the History page's query or the report's."""
    from app.core.history.chart_model import CheckChart

    history = two_checks(db_path, content)
    page = history_page(qtbot, db_path)
    data = build_report(history, CHECKS, START, END, None, UTC, today=TODAY)

    def drawn(chart: CheckChart) -> tuple:
        series = [
            (s.trace, s.method, s.mode, s.main, s.joined, [(p.at, p.value) for p in s.points])
            for s in chart.series
        ]
        return (chart.slug, series, chart.mixed_notes, chart.y_range, chart.reference_text)

    screen = [drawn(page.chart_widgets[slug].chart) for slug in ("prone-ir", "seated-ir")]
    assert screen == [drawn(section.chart) for section in data.checks]
    caption = page.chart_widgets["prone-ir"].caption.text()
    assert "Right: 1 reading mixed instruments" in caption  # the note is on screen too


def test_the_history_page_and_the_pdf_draw_through_one_painter(
    qtbot, tmp_path: Path, db_path: Path, content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One drawing of a check chart: the screen and the PDF both call
    check_chart_painter.draw_check_chart on the same data, and it draws the same series with
    the same markers and lines (only the colours' scheme, the sizes and the screen's extra
    noise bands and difference plot differ)."""
    from app.ui.drawing import check_chart_painter
    from app.ui.history import charts as history_charts
    from app.ui.report import pdf as report

    calls: dict[str, list] = {"screen": [], "pdf": []}

    def spy(where: str):
        def draw(painter, rect, chart, x_range, look):
            drawn = check_chart_painter.draw_check_chart(painter, rect, chart, x_range, look)
            calls[where].append((chart.slug, drawn))
            return drawn

        return draw

    monkeypatch.setattr(history_charts, "draw_check_chart", spy("screen"))
    monkeypatch.setattr(report, "draw_check_chart", spy("pdf"))
    history = two_checks(db_path, content)
    page = history_page(qtbot, db_path)
    page.grab()
    write_report(tmp_path / "same.pdf", build_report(history, CHECKS, START, END, None, UTC))

    def seen(drawn) -> list[tuple]:
        return [
            (one.label, one.symbol, one.filled, one.line, [p.value for p in one.series.points])
            for one in drawn.series
            if one.series.trace is not Trace.DIFFERENCE
        ]

    (screen_slug, screen), *_ = calls["screen"]
    (pdf_slug, pdf), *_ = calls["pdf"]
    assert screen_slug == pdf_slug == "prone-ir"
    assert seen(screen) == seen(pdf)
    assert ("Right, mixed instruments", "triangle", False, None, [43.0]) in seen(pdf)
    assert [one.symbol for one in screen.series if one.series.trace is Trace.DIFFERENCE] == [
        "diamond"
    ]


def test_the_pdf_has_no_source_file_name(qapp, tmp_path: Path, store: Store, content) -> None:
    when = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for definition in CHECKS:
        add_check(store, definition.slug, when, 30, 35)
    data = build_report(store.logbook(content), CHECKS, START, END, None, UTC, today=TODAY)
    path = tmp_path / "names.pdf"
    write_report(path, data)
    text = " ".join(read_pages(path))
    assert all(definition.name in text for definition in CHECKS)
    assert not re.search(r"[\w-]+\.(txt|md|toml)\b", text), re.findall(r"\S+\.txt", text)


def test_the_pdf_gives_the_prone_target_and_the_published_average(
    qapp, tmp_path: Path, store: Store, content
) -> None:
    """A physiotherapist reads 45° as the guide's goal, 35.2° as what healthy hips average."""
    add_check(store, "prone-ir", datetime(2026, 3, 2, 9, tzinfo=UTC), 30, 35)
    data = build_report(store.logbook(content), CHECKS, START, END, None, UTC, today=TODAY)
    path = tmp_path / "context.pdf"
    write_report(path, data)
    text = " ".join(" ".join(read_pages(path)).split())
    assert "target, 45° (passive)" in text
    assert "Published average, 35.2° (passive): Kouyoumdjian" in text
    assert "The plan steers by the guide's target" in text


def test_pinches_the_programme_and_each_exercise_are_in_the_pdf(
    qapp, tmp_path: Path, store: Store, content
) -> None:
    from app.core.plan.types import Plan

    add_session(store, content, datetime(2026, 3, 16, 8, tzinfo=UTC), pain=True)
    session_plan = default_plan(content)
    data = build_report(
        store.logbook(content),
        CHECKS,
        START,
        END,
        None,
        UTC,
        today=TODAY,
        plan=Plan(session_plan, 1800.0, ()),
        content=content,
    )
    path = tmp_path / "pinch.pdf"
    write_report(path, data)
    text = " ".join(read_pages(path))
    first = session_plan.items[0]
    assert "Date Exercise Side Dose that day Stopped" in text
    assert f"16 Mar 2026 08:00 {first.exercise.name} Left {describe_dose(first.dose)}" in text
    assert "Each exercise: sets done against sets planned" in text
    assert "Current programme" in text and "30 min in all" in text
    for item in session_plan.items:
        assert item.exercise.name in text


def test_the_appendix_comes_when_the_dialog_box_is_ticked(
    qtbot, tmp_path: Path, store: Store, content
) -> None:
    add_mixed_check(store, datetime(2026, 3, 9, 9, tzinfo=UTC))
    dialog = make_dialog(qtbot, store=store, content=content)
    dialog.set_range(START, END)
    dialog.save_to(tmp_path / "without.pdf")
    assert "Appendix: every trial" not in " ".join(read_pages(tmp_path / "without.pdf"))
    dialog.trials_box.click()
    dialog.save_to(tmp_path / "with.pdf")
    pages = read_pages(tmp_path / "with.pdf")
    assert "Appendix: every trial" in pages[-1]
    assert "9 Mar 2026 09:00 Lying face down Right 2 45° Goniometer Passive Self" in pages[-1]
