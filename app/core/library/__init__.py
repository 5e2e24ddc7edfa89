"""Learning an exercise before the timer runs, and My routine: every exercise's state and its way
back.

May import: app.core, app.core.content, app.core.plan, app.core.session.
"""
