"""Render the screenshots in docs/screenshots/ from the real window with a fake clock.

Run with `make screenshots` (offscreen). Light and dark are forced with theme.force_scheme,
so the images do not depend on the machine's theme.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QTabWidget

from app.core.session.cues import Sound
from app.core.session.player import StepKind
from app.ui.common.theme import force_scheme
from app.ui.shell.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def snap(widget, name: str) -> None:
    """Let pending layout run (a banner just hidden), then save the widget as a PNG."""
    QApplication.processEvents()
    widget.grab().save(str(OUT / name))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.start_wall = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.start_wall + timedelta(seconds=self.now - 1000.0)


class SilentSink:
    def play(self, sound: Sound, delay: float = 0.0) -> None:
        pass

    def say(self, words: str, delay: float = 0.0) -> None:
        pass

    def speech_works(self) -> bool:
        return True


def open_window(folder: Path, clock: Clock) -> MainWindow:
    """The real window on `folder`, at the screenshots' size, loaded."""
    window = MainWindow(folder, clock.monotonic, clock.wall, SilentSink())
    window.resize(1280, 800)
    window.show()
    window.load()
    return window


def advance_to(window: MainWindow, clock: Clock, predicate, limit: float = 4000) -> None:
    """Tick the fake clock until the predicate holds for the player's current step."""
    controller = window.controller
    assert controller is not None
    end = clock.now + limit
    while clock.now < end:
        step = controller.player.current
        if step is not None and predicate(step, controller.view()):
            return
        clock.now += 0.5
        controller.tick()
    raise RuntimeError("state not reached")


def shoot(dark: bool, suffix: str) -> None:
    force_scheme(QApplication.instance(), dark)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = open_window(Path(folder), clock)
        snap(window, f"home-{suffix}.png")  # a new person's plan: about 20 minutes
        window.set_budget(None)  # the full routine, so a hold-per-rep set comes up
        window.start_session()
        snap(window, f"get-ready-{suffix}.png")
        advance_to(window, clock, lambda s, v: s.kind is StepKind.WORK and v.remaining < 41)
        snap(window, f"hold-{suffix}.png")
        advance_to(
            window,
            clock,
            lambda s, v: (
                s.kind is StepKind.WORK
                and s.item.dose.kind.value == "hold_per_rep"
                and v.position.rep == 7
                and v.position.phase.value == "hold"
            ),
            limit=20_000,
        )
        snap(window, f"reps-{suffix}.png")
        window.close()


def shoot_learn(dark: bool, suffix: str) -> None:
    """Issue 14: a get-ready with its caution, the Library, a Learn page, My routine with a
    change to undo, and the equipment checklist without a band."""
    from app.core.plan.types import ExerciseChoice

    force_scheme(QApplication.instance(), dark)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = open_window(Path(folder), clock)
        window.start_session()
        clock.now += 3
        window.controller.tick()
        snap(window, f"get-ready-caution-{suffix}.png")
        window.show_home()
        flow = window.learn_flow
        flow.show_library("hip-click")
        snap(window, f"library-{suffix}.png")
        flow.show_learn("release-deep-glutes")
        clock.now += 4  # the figure part-way into the hold
        flow.learn_page._frame()
        snap(window, f"learn-{suffix}.png")
        window.store.set_exercise_choice("hip-click", ExerciseChoice(dropped=True))
        window.store.set_exercise_choice("swivel-chair", ExerciseChoice(dose={"reps": 16}))
        flow.save_equipment({"thick resistance band"})
        flow.show_routine("hip-click")
        snap(window, f"my-routine-{suffix}.png")
        flow.ask_equipment()
        dialog = flow.equipment_dialog
        assert dialog is not None
        snap(dialog, f"equipment-{suffix}.png")
        dialog.reject()
        window.show_home()
        snap(window, f"today-no-band-{suffix}.png")
        window.close()


TILT_DEGREES = 4  # the "camera" was held a little crooked
KNEE = (450.0, 850.0)
SHIN_DEGREES = 32


def _tilted(point: tuple[float, float]) -> tuple[float, float]:
    """Where a point of the upright scene lands after PIL's rotate(TILT_DEGREES)."""
    import math

    cx, cy = 450, 600
    t = math.radians(TILT_DEGREES)
    dx, dy = point[0] - cx, point[1] - cy
    return (cx + dx * math.cos(t) + dy * math.sin(t), cy - dx * math.sin(t) + dy * math.cos(t))


def _ankle() -> tuple[float, float]:
    import math

    angle = math.radians(SHIN_DEGREES)
    return (KNEE[0] + 520 * math.sin(angle), KNEE[1] - 520 * math.cos(angle))


def draw_leg_photo(path: Path) -> None:
    """A stand-in for a phone photo: a lower leg lying face down, shin turned out 32°,
    taken with the camera tilted; the door frame on the left was truly vertical."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 1200), "#d8cfc4")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 900, 900, 1200], fill="#8b6f55")  # floor
    draw.rectangle([120, -200, 170, 1400], fill="#f3efe8")  # door frame
    ankle = _ankle()
    draw.line([KNEE, ankle], fill="#c99a7a", width=90)
    draw.ellipse([KNEE[0] - 70, KNEE[1] - 70, KNEE[0] + 70, KNEE[1] + 70], fill="#c08f70")
    draw.ellipse([ankle[0] - 50, ankle[1] - 50, ankle[0] + 50, ankle[1] + 50], fill="#b9876a")
    image.rotate(TILT_DEGREES, fillcolor="#d8cfc4").save(path)


def shoot_checks(dark: bool, suffix: str) -> None:
    force_scheme(QApplication.instance(), dark)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = open_window(Path(folder), clock)
        flow = window.checks
        add_check(window, clock, (24, 26, 25), (41, 43, 42), days_ago=21)
        add_check(window, clock, (28, 27, 29), (44, 43, 45), days_ago=7)
        flow.start("prone-ir")
        flow.form.default_method.setCurrentIndex(1)  # phone inclinometer
        for key, text in (
            ("left-1", "31"),
            ("left-2", "33"),
            ("left-3", "32"),
            ("right-1", "44"),
            ("right-2", "46"),
            ("right-3", "135"),
        ):
            flow.form.row(key).degrees.setText(text)
        flow.save()  # 135 is refused: the form shows why and keeps every value
        snap(window, f"check-form-{suffix}.png")
        flow.form.row("right-3").degrees.setText("45")
        flow.save()
        snap(window, f"check-result-{suffix}.png")
        show_active_result(window, clock)
        snap(window, f"check-result-active-{suffix}.png")
        flow.show_list()
        snap(window, f"checks-{suffix}.png")
        photo = Path(folder) / "leg.png"
        draw_leg_photo(photo)
        flow.measure_photo("left-1")
        dialog = flow.photo_dialog
        dialog.resize(900, 760)
        dialog.open_path(photo)
        view = dialog.view
        scale = view.photo().scale

        def place(handle, point: tuple[float, float]) -> None:
            x, y = _tilted(point)
            view.set_handle_position(handle, (x * scale, y * scale))

        knee, ankle = view.handles()[:2]
        place(knee, KNEE)
        place(ankle, _ankle())
        dialog.vertical_box.setChecked(True)
        first, second = view.handles()[2:4]
        place(first, (145, 80))
        place(second, (145, 1100))
        snap(dialog, f"goniometer-{suffix}.png")
        dialog.reject()
        window.close()


def show_active_result(window: MainWindow, clock: Clock) -> None:
    """An active sitting check on the result page: judged against no passive reference."""
    from app.core.checks.result import describe_result
    from app.core.checks.types import (
        CheckRecord,
        MeasuredBy,
        Method,
        Mode,
        Trial,
    )
    from app.core.records import Side

    flow = window.checks
    seated = next(d for d in flow.definitions if d.slug == "seated-ir")
    trials = tuple(
        Trial(side, 1, degrees, Method.INCLINOMETER, Mode.ACTIVE, MeasuredBy.SELF)
        for side, degrees in ((Side.LEFT, 22), (Side.RIGHT, 29))
    )
    text = describe_result(seated, CheckRecord("seated-ir", clock.wall(), trials), [])
    details = [text.how, text.difference, *text.change]
    flow.result_page.show_result(text.heading, list(text.sides), details, list(text.context))


def add_check(
    window: MainWindow,
    clock: Clock,
    left: Sequence[int],
    right: Sequence[int],
    days_ago: int,
    slug: str = "prone-ir",
) -> None:
    """A check (lying face down unless `slug` says otherwise) by phone inclinometer, one
    reading per value given."""
    from app.core.checks.entry import TrialInput, build_record
    from app.core.checks.types import MeasuredBy, Method, Mode
    from app.core.records import Side

    flow = window.checks
    prone = next(d for d in flow.definitions if d.slug == slug)
    rows = [
        TrialInput(side, n, str(value), Method.INCLINOMETER, Mode.PASSIVE, MeasuredBy.SELF)
        for side, values in ((Side.LEFT, left), (Side.RIGHT, right))
        for n, value in enumerate(values, start=1)
    ]
    when = clock.wall() - timedelta(days=days_ago)
    flow.book.add(build_record(prone, rows, when, clock.wall()))


def shoot_today(dark: bool, suffix: str) -> None:
    """Today with a restricted left hip, near the reference, and the check-in after a session."""
    from dataclasses import replace

    force_scheme(QApplication.instance(), dark)
    for name, left, right in (("restricted", 30, 45), ("near", 43, 45)):
        clock = Clock()
        with tempfile.TemporaryDirectory() as folder:
            window = open_window(Path(folder), clock)
            window.save_preferences(replace(window.preferences, disclaimer_seen=True))
            add_check(window, clock, (left,) * 3, (right,) * 3, days_ago=1)
            window.show_home()
            if name == "near":  # an exercise chosen: its picture above "Why this plan"
                home = window.home
                home.routine_view.setCurrentIndex(home.model.item(0, 0).child(1, 0).index())
            snap(window, f"today-{name}-{suffix}.png")
            if name == "near":
                window.set_budget(None)  # the full routine: a long session to check in after
                window.start_session()
                items = window.controller.player.plan.items
                fifth = items[4].exercise.slug
                advance_to(
                    window,
                    clock,
                    lambda s, v, f=fifth: s.item.exercise.slug == f and s.kind is StepKind.WORK,
                )
                for _ in range(40):
                    clock.now += 0.5
                    window.controller.tick()
                window.controller.stop_for_pain()
                for _ in range(6):  # the next few exercises done, the rest skipped for time
                    current = window.controller.player.current.item_index
                    advance_to(window, clock, lambda s, v, c=current: s.item_index > c)
                while not window.controller.player.finished:
                    window.controller.skip_exercise()
                snap(window, f"checkin-{suffix}.png")
            window.close()


def add_session(window: MainWindow, clock: Clock, days_ago: int, pinched: Sequence[str]) -> None:
    """A finished session of today's plan, `days_ago`, every exercise done once except the
    `pinched` ones, stopped for a pinch."""
    from app.core.records import SetResult, Side

    when = clock.wall() - timedelta(days=days_ago)
    plan = window.todays_plan()
    session_id = window.store.start_session(plan.to_dict(), when)
    for item in plan.items:
        pain = item.exercise.slug in pinched
        result = SetResult(
            exercise_slug=item.exercise.slug,
            side=Side.LEFT,
            set_index=1,
            planned_seconds=60,
            done_seconds=10 if pain else 60,
            planned_reps=None,
            done_reps=None,
            skipped=pain,
            started_at=when,
            ended_at=when,
            pain=pain,
        )
        window.store.record_set(session_id, result)
    window.store.finish_session(session_id, when + timedelta(minutes=20))
    window.refresh_home()


def shoot_plan_rules(dark: bool, suffix: str) -> None:
    """Today for issue 13's rules: a pinch that came back, a hip above the reference, a return
    after a break, and positions that disagree about the tighter side."""
    from dataclasses import replace

    force_scheme(QApplication.instance(), dark)
    for name in ("returning-pinch", "above-reference", "after-break", "positions-disagree"):
        clock = Clock()
        with tempfile.TemporaryDirectory() as folder:
            window = open_window(Path(folder), clock)
            window.save_preferences(replace(window.preferences, disclaimer_seen=True))
            if name == "returning-pinch":
                add_check(window, clock, (38, 39, 38), (44, 45, 44), days_ago=6)
                for days_ago in (5, 3, 1):
                    add_session(
                        window, clock, days_ago, () if days_ago == 3 else ("figure-4-seated",)
                    )
            elif name == "above-reference":
                add_check(window, clock, (61, 62, 61), (60, 61, 60), days_ago=8)
                add_check(window, clock, (62, 63, 62), (60, 60, 61), days_ago=1)
            elif name == "after-break":
                add_check(window, clock, (40, 41, 40), (44, 44, 45), days_ago=50)
                add_session(window, clock, 45, ())
            else:
                add_check(window, clock, (38, 38, 39), (46, 46, 47), days_ago=2)
                add_check(window, clock, (40, 41, 40), (30, 31, 30), days_ago=1, slug="seated-ir")
            window.show_home()
            snap(window, f"today-{name}-{suffix}.png")
            window.close()


def shoot_history(dark: bool, suffix: str) -> None:
    """History empty and with a year of demo data (Checks, Practice, Session log), and the
    first page of the physiotherapist's report."""

    from app.tools.demo_history import generate

    force_scheme(QApplication.instance(), dark)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = open_window(Path(folder), clock)
        window.open_history()
        snap(window, f"history-empty-{suffix}.png")
        window.close()
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), 1, seed=3, end=clock.wall().date())
        window = open_window(Path(folder), clock)
        window.open_history()
        page = window.history
        from app.core.history.ranges import Span

        page.set_span(Span.YEAR)
        snap(window, f"history-checks-{suffix}.png")
        tabs = page.findChild(QTabWidget)
        for index, name in ((1, "practice"), (2, "log")):
            tabs.setCurrentIndex(index)
            snap(window, f"history-{name}-{suffix}.png")
        if not dark:
            write_report_page(window, Path(folder), clock.wall().date())
        window.close()


def write_report_page(window: MainWindow, folder: Path, today) -> None:
    """Render the report's pages to PNG with Qt's own PDF renderer: the summary pages, the
    first check (with a right side that mixed two instruments one day), and the appendix."""
    from datetime import timedelta

    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
    from app.core.records import Side
    from app.ui.report.dialog import ReportDialog

    def trial(side: Side, number: int, degrees: float, method: Method) -> Trial:
        return Trial(side, number, degrees, method, Mode.PASSIVE, MeasuredBy.SELF)

    taken = datetime.combine(today - timedelta(days=20), datetime.min.time(), tzinfo=UTC)
    window.store.add_check(
        CheckRecord(
            "prone-ir",
            taken.replace(hour=8),
            (
                trial(Side.LEFT, 1, 36, Method.INCLINOMETER),
                trial(Side.RIGHT, 1, 41, Method.INCLINOMETER),
                trial(Side.RIGHT, 2, 46, Method.GONIOMETER),
            ),
        )
    )
    dialog = ReportDialog(
        window.store,
        content=window.content,
        definitions=window.check_definitions,
        today=today,
        plan=window.plan,
    )
    dialog.set_range(today - timedelta(days=90), today)
    dialog.name_edit.setText("Sam Example")
    dialog.trials_box.setChecked(True)
    dialog.adjustSize()
    snap(dialog, "report-dialog.png")
    pdf = folder / "report.pdf"
    dialog.save_to(pdf)
    document = QPdfDocument()
    document.load(str(pdf))
    appendix = next(
        number
        for number in range(document.pageCount())
        if "Appendix: every trial" in document.getAllText(number).text()
    )
    wanted = {1: "page-1", 2: "page-2", 3: "page-3", appendix + 1: "appendix"}
    for number, name in wanted.items():
        page = document.render(number - 1, document.pagePointSize(number - 1).toSize() * 1.5)
        image = QImage(page.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.drawImage(0, 0, page)
        painter.end()
        image.save(str(OUT / f"report-{name}.png"))
    print(f"report: {document.pageCount()} pages")
    document.close()
    dialog.close()


def shoot_report() -> None:
    """Only the physiotherapist's report (light), from a year of demo data."""
    from app.tools.demo_history import generate

    force_scheme(QApplication.instance(), False)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), 1, seed=3, end=clock.wall().date())
        window = open_window(Path(folder), clock)
        write_report_page(window, Path(folder), clock.wall().date())
        window.close()


def shoot_recovery() -> None:
    """Settings' list of daily backups, and the question a damaged data file gets (light)."""
    from app.data_dir import database_path
    from app.db.daily_backups import make_daily_backup
    from app.tools.demo_history import generate

    force_scheme(QApplication.instance(), False)
    clock = Clock()
    today = clock.wall().astimezone().date()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        generate(data, 1, seed=3, end=clock.wall().date())
        for days_ago in range(7, 0, -1):
            make_daily_backup(database_path(data), today - timedelta(days=days_ago))
        window = open_window(data, clock)
        window.open_restore()
        snap(window.restore_dialog, "restore-backup.png")
        window.restore_dialog.reject()
        window.close()
        path = database_path(data)
        damaged = bytearray(path.read_bytes())
        damaged[:100] = b"\x17" * 100  # a garbled header, as a failing disk leaves it
        path.write_bytes(bytes(damaged))
        window = MainWindow(data, clock.monotonic, clock.wall, SilentSink())
        window.show()
        window.load()
        snap(window.damage_box, "damaged-file.png")
        window.damage_box.reject()  # Quit: nothing is changed
        window.close()


def shoot_writes() -> None:
    """A set waiting while another program holds the file's lock, and a backup dated in the
    future in the restore list (issue 15, light)."""
    import sqlite3
    from contextlib import closing

    from app.data_dir import database_path
    from app.db.daily_backups import make_daily_backup

    force_scheme(QApplication.instance(), False)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        window = open_window(data, clock)
        window.start_session()
        path = database_path(data)
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another program writes
            ended: list[object] = []
            window.runner.controller.set_finished.connect(ended.append)
            advance_to(window, clock, lambda step, view: bool(ended))
            clock.now += 3
            window.controller.tick()
            snap(window, "player-set-not-saved.png")
            other.execute("COMMIT")
        window.close()
        window.close()  # the first close said a set waits; it is saved on this one
        today = clock.wall().astimezone().date()
        for day in (today - timedelta(days=2), today - timedelta(days=1)):
            make_daily_backup(path, day)
        make_daily_backup(path, today.replace(year=today.year + 5))
        window = open_window(data, clock)
        window.open_restore()
        snap(window.restore_dialog, "restore-backup-future.png")
        window.restore_dialog.reject()
        window.close()


def shoot_player_figure() -> None:
    """The player mid-rep: the figure half-way down a hinge, in step with the counter."""
    force_scheme(QApplication.instance(), False)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = open_window(Path(folder), clock)
        window.set_budget(None)  # the full routine, which ends with the hinge
        window.start_session()
        advance_to(
            window,
            clock,
            lambda s, v: (
                s.kind is StepKind.WORK
                and s.item.exercise.slug == "staggered-stance-hinge"
                and v.position.rep == 2
                and v.position.phase_fraction >= 0.3
            ),
            limit=40_000,
        )
        snap(window, "player-figure.png")
        window.close()


PLAYER_SIZE = (1366, 768)  # a common laptop screen, seen from the mat


def shoot_player_looks(dark: bool) -> None:
    """The player's states as seen from the floor: HOLD, PAUSED, REST, Push (contract-relax),
    MUTED, the pinch acknowledgement and spoken cues shown as words, at 1366×768."""
    from app.core.content.exercises import DoseKind
    from app.core.session.player import Phase

    force_scheme(QApplication.instance(), dark)
    suffix = "-dark" if dark else ""
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        window = open_window(Path(folder), clock)
        window.resize(*PLAYER_SIZE)
        page = window.player_page
        # The contract-relax drill (Push / Relax) is in the full routine, not the 20 minutes.
        window.home.budget.setCurrentIndex(window.home.budget.findData(None))
        window.start_session()
        advance_to(window, clock, lambda s, v: s.kind is StepKind.WORK and v.remaining < 41)
        snap(window, f"player-hold-1366{suffix}.png")
        window.controller.toggle_pause()
        snap(window, f"player-paused-1366{suffix}.png")
        window.controller.toggle_pause()
        window.runner.toggle_mute()
        snap(window, f"player-muted-1366{suffix}.png")
        window.runner.toggle_mute()
        window.runner.stop_for_pain()
        snap(window, f"player-pinch-1366{suffix}.png")
        page.pinch_timer.stop()
        page.pinch_timer.timeout.emit()  # four seconds on: the figure is back
        advance_to(window, clock, lambda s, v: s.kind is StepKind.REST and v.remaining < 11)
        snap(window, f"player-rest-1366{suffix}.png")
        advance_to(
            window,
            clock,
            lambda s, v: (
                s.kind is StepKind.WORK
                and s.item.dose.kind is DoseKind.CYCLES
                and v.position.phase is Phase.CONTRACT
                and v.position.rep == 2
            ),
            limit=20_000,
        )
        snap(window, f"player-push-1366{suffix}.png")
        page.show_notice("No voice on this computer: cues appear as words here.")
        page.show_cue_words("Halfway.")
        snap(window, f"player-words-1366{suffix}.png")
        window.close()


def shoot_import() -> None:
    """Importing a 10 MB backup from History: the progress dialog, then the question."""
    import time

    from app.ui.data.import_flow import ImportFlow

    sys.path.insert(0, str(OUT.parent.parent))  # the repository, for tests/big_backups.py
    from tests.big_backups import write_realistic_backup

    force_scheme(QApplication.instance(), False)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        source = write_realistic_backup(Path(folder) / "inward-backup.json", 10)
        window = open_window(Path(folder) / "data", clock)
        window.open_history()
        flow = ImportFlow(window, window.database_path, source, lambda: None)
        flow.start()
        deadline = time.monotonic() + 60
        while flow.progress is not None and flow.progress.value() < 400:
            QApplication.processEvents()
            if time.monotonic() > deadline:
                break
        if flow.progress is not None:
            snap(flow.progress, "import-progress-light.png")
        while flow.box is None and time.monotonic() < deadline:
            QApplication.processEvents()
        if flow.box is not None:
            snap(flow.box, "import-question-light.png")
            flow.box.close()
        window.close()


def notification_card(title: str, body: str, buttons: Sequence[str]):
    """A desktop notification drawn as GNOME and KDE show one: the tray message's look."""
    from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

    from app.ui.common import theme
    from app.ui.shell.tray import inward_icon

    card = QFrame()
    card.setObjectName("card")
    fill = f"background: {theme.window_colour()};"
    card.setStyleSheet(f"#card {{ border: 1px solid #888; border-radius: 14px; {fill} }}")
    icon = QLabel()
    icon.setPixmap(inward_icon().pixmap(56, 56))
    name = QLabel("Inward · now")
    name.setFont(theme.font(15))
    heading = QLabel(title)
    heading.setFont(theme.font(20, bold=True))
    heading.setWordWrap(True)
    text = QLabel(body)
    text.setFont(theme.font(17))
    text.setWordWrap(True)
    words = QVBoxLayout()
    for widget in (name, heading, text):
        words.addWidget(widget)
    top = QHBoxLayout()
    top.addWidget(icon, 0)
    top.addLayout(words, 1)
    row = QHBoxLayout()
    for label in buttons:
        button = QPushButton(label)
        button.setFont(theme.font(17))
        row.addWidget(button)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(18, 16, 18, 16)
    layout.addLayout(top)
    layout.addLayout(row)
    card.setFixedWidth(620)
    card.adjustSize()
    return card


def shoot_reminders(dark: bool, suffix: str) -> None:
    """Settings → Reminders and the notifications it leads to, from real histories: a session
    this week in which the seated figure-4 pinched, a goal of three; a check six days ago
    (no re-check due) or sixteen (due)."""
    from dataclasses import replace

    from app.core.reminders.due import ReminderSettings, words
    from app.remind import today_facts
    from app.ui.reminders.settings import ReminderSettingsDialog

    force_scheme(QApplication.instance(), dark)
    settings = ReminderSettings(enabled=True, days=(0, 2, 4, 5), at="18:30", weekly_goal=3)
    for name, check_days_ago in (("notification", 6), ("recheck", 16)):
        clock = Clock()
        with tempfile.TemporaryDirectory() as folder:
            window = open_window(Path(folder), clock)
            window.save_preferences(replace(window.preferences, disclaimer_seen=True))
            add_check(window, clock, (36, 37, 36), (44, 45, 44), days_ago=check_days_ago)
            add_session(window, clock, 2, ("figure-4-seated",))
            _, facts = today_facts(Path(folder), clock.wall(), UTC)
            if name == "notification":
                installed = [  # where they go for a person called alex
                    "/home/alex/.config/systemd/user/inward-reminders.service",
                    "/home/alex/.config/systemd/user/inward-reminders.timer",
                ]
                dialog = ReminderSettingsDialog(
                    settings, installed, lambda s, f=facts: words(s, f), window
                )
                dialog.show()
                dialog.adjustSize()
                snap(dialog, f"reminders-settings-{suffix}.png")
                dialog.close()
            reminder = words(settings, facts)
            card = notification_card(
                reminder.title, reminder.body, [reminder.action_label, "Open Inward"]
            )
            card.show()
            snap(card, f"reminder-{name}-{suffix}.png")
            card.close()
            window.close()


def shoot_round_two() -> None:
    """Issue 15's words: the resume offer after a crash in the first set, and an imported
    check this Inward cannot edit (light)."""
    from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
    from app.core.records import Side
    from app.data_dir import database_path
    from app.db.store import Store

    force_scheme(QApplication.instance(), False)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        window = open_window(data, clock)
        plan = window.todays_plan()
        window.close()
        trial = Trial(Side.LEFT, 1, 30.0, Method.EYE, Mode.PASSIVE, MeasuredBy.SELF, False, "")
        with Store.open(database_path(data)) as store:
            store.start_session(plan.to_dict(), clock.wall() - timedelta(hours=2))
            store.add_check(
                CheckRecord("hip-scour-2031", clock.wall() - timedelta(days=1), (trial,), "")
            )
        window = open_window(data, clock)
        snap(window, "resume-first-set.png")
        window.open_checks()
        page = window.checks.list_page
        page.table.selectRow(0)
        page.edit_button.click()
        snap(window.checks.warning_box, "check-cannot-be-edited.png")
        window.checks.warning_box.close()
        window.close()


def shoot_window_slim() -> None:
    """Today and the damaged-file question, the screens the smaller window changed."""
    shoot_today(False, "light")
    shoot_recovery()


def both(shoot: Callable[[bool, str], None]) -> None:
    """A screen set in the light scheme, then the dark."""
    shoot(False, "light")
    shoot(True, "dark")


#: A subset by name (`tools/screenshots.py checks`): only the screens one change redrew.
SUBSETS: dict[str, Callable[[], None]] = {
    "plan-rules": lambda: shoot_plan_rules(False, "light"),  # issue 13's Today screenshots
    "import": shoot_import,  # the import's progress and question
    "report": shoot_report,  # the report's pages
    "checks": lambda: both(shoot_checks),  # the check screens (issue 14's result wording)
    "learn": lambda: both(shoot_learn),  # issue 14's learn-before-you-do
    "writes": shoot_writes,  # issue 15's unsaved set and future backup
    "round-two": shoot_round_two,  # issue 15's resume offer and unknown check
    "window-slim": shoot_window_slim,  # issue 16's smaller window
    "history": lambda: both(shoot_history),  # History's charts and the report (issue 16)
    "reminders": lambda: both(shoot_reminders),  # issue 17's
}


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if len(sys.argv) == 2 and sys.argv[1] in SUBSETS:
        SUBSETS[sys.argv[1]]()
        return 0
    both(shoot)
    both(shoot_checks)
    both(shoot_today)
    shoot_plan_rules(False, "light")
    both(shoot_history)
    both(shoot_learn)
    shoot_recovery()
    shoot_import()
    shoot_writes()
    shoot_round_two()
    shoot_player_figure()
    shoot_player_looks(False)
    shoot_player_looks(True)
    both(shoot_reminders)
    app.processEvents()
    print(f"screenshots written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
