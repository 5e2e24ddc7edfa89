"""The JSON backup (its shape, checks and what an import adds), read in bounded pieces, and when
the daily backup is due.

May import: app.core, app.core.content, app.core.checks, app.core.session, app.core.plan.
"""
