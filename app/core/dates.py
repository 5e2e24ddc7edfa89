"""Dates in the app's own words: English names whatever the system locale says.

Qt sets the process locale when it starts, so strftime's %B would mix languages into
otherwise English sentences. Every date and time the person reads (Today, History, the
report, backups, reminders, the plan's reasons) is worded here, in one place.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_month(day: date) -> str:
    """'3 May'."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def short_day_month(day: date) -> str:
    """'3 May', '21 Nov': short enough for a one-line summary."""
    return f"{day.day} {short_month(day)}"


def short_month(day: date) -> str:
    """'Mar'."""
    return MONTHS[day.month - 1][:3]


def short_weekday_date(day: date) -> str:
    """'Tue 3 Mar 2026': History's log and lists."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {short_month(day)} {day.year}"


def day_month_year(day: date) -> str:
    """'3 May 2026'."""
    return f"{day_month(day)} {day.year}"


def day_month_in_year(day: date, year: int) -> str:
    """'3 May' within ``year``, '3 May 2025' outside it."""
    return day_month(day) if day.year == year else day_month_year(day)


def short_date(day: date) -> str:
    """'3 Mar 2026': the report's dates, History's weeks."""
    return f"{short_day_month(day)} {day.year}"


def short_date_time(moment: datetime) -> str:
    """'3 Mar 2026 09:14' (as given: convert to local time first)."""
    return f"{short_date(moment.date())} {clock(moment)}"


def numeric_date_time(moment: datetime) -> str:
    """'2026-03-03 09:14': a table column that sorts as text (as given: local time first)."""
    return f"{moment:%Y-%m-%d} {clock(moment)}"


def local_when(moment: datetime, tz: tzinfo | None = None) -> str:
    """'Tue 3 Mar 2026, 09:14' in the person's local time (``tz`` None: this computer's)."""
    local = moment.astimezone(tz)
    return f"{short_weekday_date(local)}, {clock(local)}"


def weekday_date(day: date) -> str:
    """'Saturday 21 November 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day_month_year(day)}"


def clock(moment: datetime) -> str:
    """'09:05'."""
    return f"{moment.hour:02d}:{moment.minute:02d}"
