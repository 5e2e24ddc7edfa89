"""The main window and what holds the pages together: start-up, one instance per folder, tray,
settings, reminders.

May import: app.core, app.core.checks, app.core.content, app.core.reminders, app.core.session,
app.data_dir, app.db, app.remind, app.schedule_install, app.ui.checks, app.ui.common,
app.ui.data, app.ui.history, app.ui.library, app.ui.player, app.ui.reminders, app.ui.today.
"""
