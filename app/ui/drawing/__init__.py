"""Painting with QPainter: exercise figures for the player, thumbnails and the report, and the
one drawing of a check's chart that History and the PDF share.

May import: app.core, app.core.checks, app.core.content, app.core.history, app.core.pictures,
app.core.session, app.ui.common.
"""
