"""Pieces every page shares: colours and type sizes, message boxes, the page's button row, D-Bus
helpers.

May import: app.core, app.core.session.
"""
