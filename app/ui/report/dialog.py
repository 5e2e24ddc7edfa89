"""The "Report for physiotherapist…" dialog: a date range, an optional name, Save PDF…

It reads the history from a Store (one passed in, or opened from the database path and
closed again), builds the report's text with app.core.history.report and writes the PDF with
app.ui.report.pdf. A failure (an unwritable folder, a damaged database) is said in the dialog,
which stays open with what was entered so another folder can be chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.history.report import build_report, default_range
from app.ui.common import theme

if TYPE_CHECKING:
    from app.core.changes import Changes
    from app.core.checks.types import CheckDefinition
    from app.core.content.exercises import Content
    from app.core.plan.types import Plan
    from app.db.store import Store
NAME_SETTING = "report_name"  # the name last put on a report, offered again next time
MAX_NAME_CHARS = 80


class ReportDialog(QDialog):
    """Choose a period and a name, then save the report as a PDF.

    Give either `store` (kept open) or `db_path` (opened for each save and closed again).
    `today` and `tz` fix the default range, the generated date and the day boundaries
    (None: the computer's clock and zone); `content` and `definitions` default to the
    bundled ones. `plan` is today's plan, printed as the current programme. `publish` hears
    what saving changed (the name remembered; the window's change signal).
    """

    saved = Signal(Path, int)  # the file written and its number of pages

    def __init__(
        self,
        store: Store | None = None,
        *,
        db_path: Path | None = None,
        content: Content | None = None,
        definitions: Sequence[CheckDefinition] | None = None,
        today: date | None = None,
        tz: tzinfo | None = None,
        plan: Plan | None = None,
        parent: QWidget | None = None,
        publish: Callable[[Changes], object] = lambda _changes: None,
    ) -> None:
        super().__init__(parent)
        self._publish = publish
        if (store is None) == (db_path is None):
            raise ValueError("give ReportDialog a store or a db_path, not both or neither")
        self.setWindowTitle("Report for physiotherapist")
        self.setAccessibleName("Report for physiotherapist")
        self._store = store
        self._db_path = db_path
        self._content = content
        self._definitions = definitions
        self._tz = tz
        self._plan = plan
        self._today = today or datetime.now(tz).date()
        self.last_saved: Path | None = None

        start, end = default_range(self._today)
        self.from_edit = self._date_edit(start, "Report from")
        self.to_edit = self._date_edit(end, "Report to")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Name on the report")
        self.name_edit.setPlaceholderText("Printed in the report's title")
        self.name_edit.setMaxLength(MAX_NAME_CHARS)
        self.name_edit.setText(self._remembered_name())

        self.trials_box = QCheckBox("Add an appendix with every trial")
        self.trials_box.setAccessibleName("Add an appendix with every trial")
        self.trials_box.setToolTip("Each reading of each side as you typed it, on extra pages.")

        intro = QLabel(
            "A PDF with your self-checks (tables and charts), how often you did each "
            "exercise, every pinch or pain with its side and dose, your current programme "
            "and your notes, to share with a physiotherapist."
        )
        intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setAccessibleName("Report status")
        self.message.setWordWrap(True)
        self.message.hide()

        self.save_button = QPushButton("Save PDF…")
        self.save_button.setAccessibleName("Save PDF")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("From", self.from_edit)
        form.addRow("To", self.to_edit)
        form.addRow("Name (optional)", self.name_edit)
        form.addRow("", self.trials_box)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.from_edit.dateChanged.connect(self._dates_changed)
        self.to_edit.dateChanged.connect(self._dates_changed)

    # -- the form -----------------------------------------------------------------------

    def _date_edit(self, day: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day))
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(QDate(self._today.year, self._today.month, self._today.day))
        return edit

    @property
    def start(self) -> date:
        return cast(date, self.from_edit.date().toPython())

    @property
    def end(self) -> date:
        return cast(date, self.to_edit.date().toPython())

    @property
    def name(self) -> str | None:
        return self.name_edit.text().strip() or None

    def set_range(self, start: date, end: date) -> None:
        self.from_edit.setDate(QDate(start.year, start.month, start.day))
        self.to_edit.setDate(QDate(end.year, end.month, end.day))

    def _dates_changed(self) -> None:
        wrong = self.start > self.end
        self.save_button.setEnabled(not wrong)
        if wrong:
            self._say("The “From” date is after the “To” date.", error=True)
        else:
            self.message.hide()

    def _say(self, text: str, *, error: bool) -> None:
        colour = theme.pain_colour() if error else theme.accent()
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)
        self.message.show()

    # -- saving -------------------------------------------------------------------------

    def suggested_path(self) -> Path:
        folder = Path.home() / "Documents"
        if not folder.is_dir():
            folder = Path.home()
        return folder / f"Inward report {self.start.isoformat()} to {self.end.isoformat()}.pdf"

    def choose_file(self) -> None:
        """Ask where to save, then save there."""
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the report", str(self.suggested_path()), "PDF files (*.pdf)"
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> int | None:
        """Build the report for the chosen range and write it to `path` (".pdf" added when
        missing). Returns the number of pages, or None after saying what went wrong."""
        from app.db.errors import DatabaseError
        from app.ui.report.pdf import ReportError, write_report

        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            with self._opened_store() as store:
                history = store.logbook(self._load_content(), keep_unreadable=True)
                if (self.name or "") != self._remembered_name(store):
                    with suppress(DatabaseError):  # a read-only folder: the name is not kept
                        self._publish(store.set_setting(NAME_SETTING, self.name or ""))
            data = build_report(
                history,
                self._load_definitions(),
                self.start,
                self.end,
                self.name,
                self._tz,
                today=self._today,
                plan=self._plan,
                content=self._load_content(),
                trials=self.trials_box.isChecked(),
            )
            pages = write_report(path, data)
        except (ReportError, DatabaseError, ValueError) as error:
            self._say(f"The report was not saved. {error}", error=True)
            return None
        self.last_saved = path
        plural = "page" if pages == 1 else "pages"
        self._say(f"Saved the report ({pages} {plural}) as {path}.", error=False)
        self.saved.emit(path, pages)
        return pages

    @contextmanager
    def _opened_store(self) -> Iterator[Store]:
        if self._store is not None:
            yield self._store
            return
        from app.db.store import Store

        assert self._db_path is not None
        with Store.open(self._db_path) as store:
            yield store

    def _remembered_name(self, store: Store | None = None) -> str:
        if store is None:
            store = self._store
        if store is None:
            return ""  # not worth opening the database (and SQLAlchemy) just for this
        from app.db.errors import DatabaseError

        try:
            name = store.get_setting(NAME_SETTING, "")
        except DatabaseError:  # a damaged file is reported when the report is saved
            return ""
        return name if isinstance(name, str) else ""

    def _load_content(self) -> Content:
        if self._content is None:
            from app.core.content.exercises import load_content

            self._content = load_content()
        return self._content

    def _load_definitions(self) -> Sequence[CheckDefinition]:
        if self._definitions is None:
            from app.core.checks.loader import load_checks

            self._definitions = load_checks()
        return self._definitions
