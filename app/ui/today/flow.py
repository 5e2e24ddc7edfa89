"""The Today page's actions: re-plan and show it (the state itself is worked out in
app/core/plan/today_state.py), the time budget, the pinch answer and changing one exercise.
Kept out of the main window, which owns one TodayFlow and forwards to it.

Today re-plans when the window's change signal says something it shows was written: at
once while it is on screen, else when it is shown again (or on a new day) or its plan is
asked for (Start, the report, a test), never for a change it does not show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.plan.replan import replan_needed
from app.core.preferences import FROM_SETTINGS
from app.ui.common.messages import delete_on_close

if TYPE_CHECKING:
    from datetime import date

    from app.core.changes import Changes
    from app.core.plan.types import ExerciseChoice, Plan
    from app.core.routine import SessionPlan
    from app.ui.shell.main_window import MainWindow
    from app.ui.today.adjust_dialog import AdjustDialog


class TodayFlow:
    """Today's plan and the person's changes to it, for one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._plan: Plan | None = None
        self.budget_minutes: int | None = FROM_SETTINGS  # today's choice
        self.today_choices: dict[str, ExerciseChoice] = {}  # one-off changes for today
        self.today_choices_date: date | None = None  # the day today_choices were made
        self.saved_choices: dict[str, ExerciseChoice] = {}
        self.adjust_dialog: AdjustDialog
        self.stale = False  # something Today shows changed while it was out of sight
        window.changes.changed.connect(self._data_changed)
        window.pages.currentChanged.connect(lambda _index: self._shown())

    @property
    def plan(self) -> Plan | None:
        """Today's plan from what is stored now: worked out again first when something it
        depends on changed while Today was out of sight."""
        if self.stale:
            self.refresh_home()
        return self._plan

    def _showing(self) -> bool:
        return self.window.pages.currentWidget() is self.window.home

    def _data_changed(self, changes: Changes) -> None:
        if not replan_needed(changes):
            return
        if self._showing():
            self.refresh_home()
        else:
            self.stale = True

    def _shown(self) -> None:
        """Back on Today: re-plan only if what it shows changed meanwhile, or the day did."""
        if not self._showing() or self.window.content is None:
            return
        from app.core.plan.today_state import local_day

        if self.stale or self.today_choices_date != local_day(self.window._wall())[1]:
            self.refresh_home()

    def refresh_home(self, strict: bool = False) -> None:
        """Re-plan today from what is stored and show it (app/core/plan/today_state.py).

        A file that cannot be read is said in a message; ``strict`` (start-up) lets a
        damaged file's DatabaseDamagedError through instead, so it can be recovered.
        """
        if self.window.content is None:
            return
        from app.core.checks.loader import load_checks
        from app.core.plan.today_state import local_day, today_state
        from app.db.errors import DatabaseDamagedError, DatabaseError
        from app.db.glance import glance

        self.stale = False  # tried now; a file that cannot be read is said once, not each time

        try:
            facts = glance(self.window.database_path, self.window.content)
        except DatabaseError as error:
            if strict and isinstance(error, DatabaseDamagedError):
                raise
            self.window._warn("Inward could not read your data", str(error))
            return
        assert facts.history is not None and facts.choices is not None
        self.saved_choices = facts.choices
        if self.window.check_definitions is None:
            self.window.check_definitions = load_checks()
        now = self.window._wall()
        if self.today_choices_date != local_day(now)[1]:
            self.today_choices.clear()  # "for today" ends with the day
            self.today_choices_date = local_day(now)[1]
        state = today_state(
            settings=facts.settings,
            history=facts.history,
            saved_choices=facts.choices,
            today_choices=self.today_choices,
            budget_minutes=self.budget_minutes,
            now=now,
            content=self.window.content,
            checks=self.window.check_definitions,
            last_session=facts.last_session,
            latest_checks=facts.latest_checks,
            unfinished=facts.unfinished,
        )
        self.window.preferences, self.budget_minutes, self._plan = (
            state.preferences,
            state.budget_minutes,
            state.plan,
        )
        self.window.home.show_today(state)

    def todays_plan(self) -> SessionPlan:
        """The session Start plays: today's plan as shown on the Today page."""
        if self.plan is None:
            self.refresh_home()
        assert self.plan is not None
        return self.plan.session

    def set_budget(self, minutes: int | None) -> None:
        self.budget_minutes = minutes
        self.refresh_home()

    def answer_pinch(self) -> None:
        """The person says the pinching exercises were assessed or are pain-free now."""
        if self.plan is None or not self.plan.awaiting_answer:
            return
        from app.core.plan.settings_keys import PINCH_ANSWERS_KEY
        from app.core.plan.today import with_pinch_answer

        with self.window._reporting("save your answer"):
            stored: object = self.window.store.get_setting(PINCH_ANSWERS_KEY, {})
            answers = with_pinch_answer(stored, self.plan.awaiting_answer, self.window._wall())
            self.window.changes.publish(self.window.store.set_setting(PINCH_ANSWERS_KEY, answers))

    def adjust(self, slug: str) -> None:
        """Change one exercise of today's plan, for today or for always."""
        if self.plan is None or self.window.content is None:
            return
        from app.core.plan.today import alternatives, origin
        from app.ui.today.adjust_dialog import AdjustDialog

        item = self.plan.item(slug)
        if item is None:
            return
        existing = {**self.saved_choices, **self.today_choices}
        has_choice = origin(slug, existing) in existing
        dialog = AdjustDialog(
            item, alternatives(self.plan, slug, self.window.content), has_choice, self.window
        )
        delete_on_close(dialog)
        dialog.accepted.connect(lambda: self._adjusted(slug, dialog.choice(), dialog.for_always()))
        self.adjust_dialog = dialog
        dialog.open()

    def _adjusted(self, slug: str, choice: ExerciseChoice | None, always: bool) -> None:
        """Keep the change where it belongs; OK with nothing changed changes nothing."""
        from app.core.plan.today import retarget
        from app.ui.today.adjust_dialog import FORGET

        if choice is None:
            return
        existing = {**self.saved_choices, **self.today_choices}
        target, change = retarget(slug, choice, existing)
        forget = choice == FORGET
        saved = always or (forget and target in self.saved_choices)
        if forget or saved:
            self.today_choices.pop(target, None)
        else:
            self.today_choices[target] = change
        changed = None
        if saved:
            with self.window._reporting("save the change"):
                changed = self.window.store.set_exercise_choice(target, None if forget else change)
        if changed:
            self.window.changes.publish(changed)  # Today re-plans from the saved choice
        else:
            self.refresh_home()  # a choice for today only lives here, not in the file
