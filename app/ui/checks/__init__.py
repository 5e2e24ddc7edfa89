"""Self-checks on screen: the list, the form, the result, and measuring a reading from a photo.

May import: app.core, app.core.checks, app.core.content, app.core.session, app.data_dir, app.db,
app.ui.common, app.ui.drawing.
"""
