"""The JSON backup: what it is, its document, checking an incoming one and what an import
adds; reading it in bounded pieces; and when the daily backup is due.

May import: app.core, app.core.content, app.core.checks, app.core.session, app.core.plan.
"""
