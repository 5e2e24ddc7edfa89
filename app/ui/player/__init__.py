"""The session on screen: the player page, its timer, the cue workers, the screen kept awake, the
check-in after.

May import: app.core, app.core.content, app.core.library, app.core.session, app.core.plan,
app.db, app.ui.common, app.ui.drawing.
"""
