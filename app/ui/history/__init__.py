"""The History page: charts of each check, adherence, the session log, and the ways out to report,
export and import.

May import: app.core, app.core.checks, app.core.content, app.core.history, app.core.session,
app.db, app.ui.common, app.ui.data, app.ui.drawing, app.ui.report.
"""
