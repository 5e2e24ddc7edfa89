"""Range-of-motion self-checks: definitions, typed and photo-measured readings, what a reading
means.

May import: app.core, app.core.content.
"""
