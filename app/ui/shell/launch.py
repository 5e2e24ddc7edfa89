"""Start the Qt application: show the window first, then load content and data.

The window paints before anything heavy loads; `--self-test` walks exactly that path,
then opens the full store too, prints one line and exits.

One Inward per data folder (app/ui/shell/single_instance.py): a second launch on the same
folder brings the open window forward (and with `--start-session` asks it to start
today's session), prints one line and exits 0. The lock is taken before the window is
built (QtCore only); the socket that hears later launches is opened after the first
paint, so QtNetwork stays off the start-up path. A launch that cannot go ahead says why in
a message box as well as on stderr (it may have been started from a menu, with no console
to read). `--self-test` stays out of this: it is a check of this installation that opens
and exits, and CI and the benchmarks run it on their own folders, so it neither waits for
nor disturbs a running Inward.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow

SELF_TEST_TIMEOUT_MS = 30_000
CUE_WARM_UP_DELAY_MS = 1000  # after the first paint: sound and voice start while Today shows
REMINDERS_DELAY_MS = 2000  # the tray icon and the watch for due reminders, after start-up


def _headless() -> bool:
    """A Linux machine without a display: the self-test can still run offscreen."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def bring_forward(window: MainWindow) -> None:
    """Un-minimise the window, put it on top and give it the keyboard."""
    from PySide6.QtCore import Qt  # the Qt namespace is slow to load: keep it off start-up

    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def idle(window: MainWindow) -> bool:
    """On the Today page with nothing open on top: starting a session interrupts nothing."""
    return (
        window.content is not None
        and window.pages.currentWidget() is window.home
        and QApplication.activeModalWidget() is None
    )


def answer_second_launch(window: MainWindow, message: str) -> None:
    """A later launch on this data folder asked for this window: come forward, and start
    today's session or open the self-check if asked and nothing else is under way (a check
    half typed, a session playing or a dialog stays as it is; the window coming forward
    shows it)."""
    from app.ui.shell.single_instance import CHECK, START_SESSION

    bring_forward(window)
    if message == START_SESSION and idle(window):
        window.start_todays_session()
    elif message == CHECK and idle(window):
        window.open_checks()


def tell(title: str, text: str) -> None:
    """A message box for a launch that stops before its window opens."""
    QMessageBox(QMessageBox.Icon.Warning, title, text).exec()


def tell_refused(text: str) -> None:
    """Say why this launch stops, on stderr and in a box: started from a menu or the
    windowed Windows bundle, there is no console to read the line."""
    print(f"inward: {text}", file=sys.stderr, flush=True)
    tell("Inward is already open", text)


def _qt_arguments() -> list[str]:
    """The command line as Qt can take it: an argument that is not UTF-8 (surrogate escapes
    in Python) crashed QApplication, so such bytes become U+FFFD. Qt reads none of them:
    Inward's own parser has already refused anything it does not know."""
    return [os.fsencode(a).decode("utf-8", "replace") for a in sys.argv]


def ask_open_anyway(text: str) -> bool:
    """Another computer's lock on the data folder: open anyway (True), or quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Inward may be open on another computer", text)
    open_button = box.addButton("Open anyway", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)  # the safe answer for an Enter pressed in a hurry
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is open_button


def launch(
    data_dir: Path, self_test: bool = False, start_session: bool = False, check: bool = False
) -> int:
    from app.data_dir import unusable_name

    if self_test and _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = unusable_name(data_dir)
    if problem is not None and self_test:
        print(f"inward self-test failed: {problem}", file=sys.stderr, flush=True)
        return 1
    app = cast(QApplication, QApplication.instance() or QApplication(_qt_arguments()))
    if problem is not None:
        print(f"inward: {problem}", file=sys.stderr, flush=True)
        tell("Inward cannot use this data folder", problem)
        return 2
    app.setApplicationName("Inward")
    app.setOrganizationName("Inward")
    app.setDesktopFileName("inward")
    instance = None
    if not self_test:
        from app.ui.shell.single_instance import CHECK, RAISE, START_SESSION, AlreadyRunning, claim

        messages = [RAISE]
        messages += [START_SESSION] if start_session else [CHECK] if check else []
        try:
            instance = claim(data_dir, messages, open_anyway=ask_open_anyway)
        except AlreadyRunning as error:
            if error.asked:  # the person read it in the question and chose to quit
                print(f"inward: {error}", file=sys.stderr, flush=True)
            else:
                tell_refused(str(error))
            return 1
        if instance.handed_over:
            asked = (
                " and asked it to start today's session"
                if start_session
                else " and asked it to open the self-check"
                if check
                else ""
            )
            print(
                f"Inward is already open with the data folder {data_dir}; brought its window "
                f"forward{asked}.",
                flush=True,
            )
            return 0
    from app.ui.common.theme import confirm_system_scheme, follow_system_scheme
    from app.ui.shell.main_window import MainWindow

    follow_system_scheme(app)
    window = MainWindow(data_dir)
    outcome: dict[str, int] = {}
    # What to open once loaded: also when a later launch asks before then.
    from app.ui.shell.single_instance import CHECK, START_SESSION

    asked_to_start = {"pending": START_SESSION if start_session else CHECK if check else ""}

    def answer(message: str) -> None:
        if window.content is None:  # still loading: come forward, start once loaded
            bring_forward(window)
            if message in (START_SESSION, CHECK):
                asked_to_start["pending"] = message
            return
        answer_second_launch(window, message)

    def hear_later_launches() -> None:
        """Open the socket now the window has painted; a later launch that came sooner has
        been trying to connect meanwhile and is answered once loading is done."""
        if instance is not None:
            instance.listen().message_received.connect(answer)

    def finish(code: int, message: str) -> None:
        outcome["code"] = code
        print(message, file=sys.stdout if code == 0 else sys.stderr, flush=True)
        window.close()
        app.exit(code)

    def after_first_paint() -> None:
        hear_later_launches()
        try:
            window.load(recover_damage=not self_test)  # the self-test asks nobody: it fails
            if self_test:
                store = window.store  # the full store too, so the self-test covers it
        except Exception as error:
            if self_test:
                finish(1, f"inward self-test failed: {error}")
                return
            QMessageBox.critical(window, "Inward cannot start", str(error))
            window.close()
            app.exit(2)
            return
        # Ask Qt for the scheme only now: its enum namespace takes ~18 ms to load.
        QTimer.singleShot(0, lambda: confirm_system_scheme(app))
        from importlib.resources import files  # loaded with the content by now

        from PySide6.QtGui import QIcon

        icon = str(files("app.content") / "icons" / "inward.png")  # tools/make_icon.py
        QTimer.singleShot(0, lambda: app.setWindowIcon(QIcon(icon)))
        if self_test:
            content = window.content
            assert content is not None
            finish(
                0,
                f"inward self-test ok: window painted, {len(content.exercises)} exercises, "
                f"database at {store.path}",
            )
        else:
            # Start sound and voice while the person reads Today: the engine takes ~1.5 s.
            QTimer.singleShot(CUE_WARM_UP_DELAY_MS, window.warm_cues)
            QTimer.singleShot(REMINDERS_DELAY_MS, window.reminders.start)  # tray, due reminders
            if asked_to_start["pending"] == START_SESSION:
                window.start_todays_session()
            elif asked_to_start["pending"] == CHECK:
                window.open_checks()

    window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    if self_test:
        QTimer.singleShot(
            SELF_TEST_TIMEOUT_MS,
            lambda: finish(1, "inward self-test failed: the window never painted"),
        )
    window.show()
    code = app.exec()
    if instance is not None:
        instance.release()
    return outcome.get("code", code)
