"""Whether a reminder is due and its words, and the files that ask the OS to run `inward remind`.

May import: app.core, app.core.content, app.core.plan.
"""
