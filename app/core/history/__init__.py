"""What History and the physiotherapist's report say: chart series, ranges, adherence, the report's
text.

May import: app.core, app.core.content, app.core.checks, app.core.session, app.core.plan.
"""
