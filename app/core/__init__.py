"""The logic of Inward in pure Python (no Qt, no database); the shared modules here are the
vocabulary every core package uses: dates, wording, settings, session records, the session plan.

May import: app.core.content.
"""
