"""The report's current programme: what Inward would give for the next session, with doses."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.exercises import Content
from app.core.formatting import format_minutes
from app.core.plan.types import Plan


@dataclass(frozen=True)
class ProgrammeRow:
    """One line of the current programme: a stage heading (dose empty) or an exercise."""

    what: str
    dose: str
    minutes: str
    heading: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.what, self.dose, self.minutes)


PROGRAMME_COLUMNS = ("Exercise", "Dose", "Time")


def programme_rows(
    plan: Plan | None, content: Content | None
) -> tuple[tuple[ProgrammeRow, ...], str]:
    if plan is None or content is None:
        return (), "The current programme was not available when this report was made."
    from app.core.plan.view import plan_rows

    rows = tuple(
        ProgrammeRow(row.text, row.dose, row.minutes, heading=row.slug is None)
        for row in plan_rows(plan, content)
    )
    if not rows:
        return (), "The programme is empty: every exercise is left out."
    note = (
        f"What Inward would give for the next session, {format_minutes(plan.seconds)} in all "
        "with the rests. Doses are per set; the plan adapts them to the self-checks and to "
        "how the sessions went."
    )
    return rows, note
