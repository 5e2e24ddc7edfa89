"""Reminders on the desktop: the notification with its buttons, and Settings → Reminders.

May import: app.core, app.core.reminders, app.ui.common.
"""
