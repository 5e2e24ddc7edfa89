"""Exercise pictures as data: poses, their loader, and which moment of a picture the player is at.

May import: app.core, app.core.content, app.core.session.
"""
