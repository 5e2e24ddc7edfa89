"""The report for a physiotherapist: its dialog and the PDF it writes.

May import: app.core, app.core.checks, app.core.content, app.core.history, app.core.plan,
app.db, app.ui.common, app.ui.drawing.
"""
