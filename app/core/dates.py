"""Dates in the app's own words: English names whatever the system locale says.

Qt sets the process locale when it starts, so strftime's %B would mix languages into
otherwise English sentences.
"""

from __future__ import annotations

from datetime import date, datetime

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


def weekday_date(day: date) -> str:
    """'Saturday 21 November 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day_month_year(day)}"


def clock(moment: datetime) -> str:
    """'09:05'."""
    return f"{moment.hour:02d}:{moment.minute:02d}"
