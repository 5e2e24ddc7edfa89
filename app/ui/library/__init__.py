"""The Library, the Learn page, My routine and the equipment checklist.

May import: app.core, app.core.content, app.core.library, app.core.plan, app.db, app.ui.common,
app.ui.drawing.
"""
