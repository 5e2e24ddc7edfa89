"""The next session: where the hips stand, how the last sessions went, the person's choices, dose
and time budget, and the reasons.

May import: app.core, app.core.content, app.core.checks, app.core.session.
"""
