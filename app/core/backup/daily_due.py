"""When the daily backup is due: once for each local day Inward is open, including the days
it stays open through (it used to be made only a few seconds after start)."""

from __future__ import annotations

from datetime import date

#: How often the window looks at the calendar; a backup made up to a minute after midnight.
DAY_CHECK_SECONDS = 60


class DailyBackups:
    """Remembers the last day a backup was started for; a new day makes one due again."""

    def __init__(self) -> None:
        self.last_day: date | None = None

    def due(self, today: date) -> bool:
        """True on a day no backup has been started for (a clock set back counts too)."""
        return today != self.last_day

    def started(self, today: date) -> None:
        self.last_day = today
