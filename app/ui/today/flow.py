"""The Today page's actions: re-plan and show it (the state itself is worked out in
app/core/plan/today_state.py), the time budget, the pinch answer and changing one exercise.
Kept out of the main window, which owns one TodayFlow and forwards to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.preferences import FROM_SETTINGS
from app.ui.common.messages import delete_on_close

if TYPE_CHECKING:
    from datetime import date

    from app.core.plan.types import ExerciseChoice, Plan
    from app.core.routine import SessionPlan
    from app.ui.shell.main_window import MainWindow
    from app.ui.today.adjust_dialog import AdjustDialog


class TodayFlow:
    """Today's plan and the person's changes to it, for one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.plan: Plan | None = None
        self.budget_minutes: int | None = FROM_SETTINGS  # today's choice
        self.today_choices: dict[str, ExerciseChoice] = {}  # one-off changes for today
        self.today_choices_date: date | None = None  # the day today_choices were made
        self.saved_choices: dict[str, ExerciseChoice] = {}
        self.adjust_dialog: AdjustDialog

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
        self.window.preferences, self.budget_minutes, self.plan = (
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
        from app.core.plan.today import PINCH_ANSWERS_KEY, with_pinch_answer

        with self.window._reporting("save your answer"):
            stored: object = self.window.store.get_setting(PINCH_ANSWERS_KEY, {})
            answers = with_pinch_answer(stored, self.plan.awaiting_answer, self.window._wall())
            self.window.store.set_setting(PINCH_ANSWERS_KEY, answers)
        self.refresh_home()

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
        if always or (forget and target in self.saved_choices):
            with self.window._reporting("save the change"):
                self.window.store.set_exercise_choice(target, None if forget else change)
            self.today_choices.pop(target, None)
        elif forget:
            self.today_choices.pop(target, None)
        else:
            self.today_choices[target] = change
        self.refresh_home()
