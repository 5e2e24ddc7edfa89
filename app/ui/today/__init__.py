"""The Today page (home): the latest checks, today's plan and why, and changing one exercise.

May import: app.core, app.core.content, app.core.checks, app.core.plan, app.db, app.ui.common,
app.ui.drawing.
"""
