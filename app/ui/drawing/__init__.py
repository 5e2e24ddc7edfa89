"""Painting exercise figures with QPainter, for the player, thumbnails and the report.

May import: app.core, app.core.content, app.core.pictures, app.core.session, app.ui.common.
"""
