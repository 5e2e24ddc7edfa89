"""The Qt windows and pages: they show what core works out and forward the person's actions; no
rule is decided here.

May import: nothing else in app.
"""
