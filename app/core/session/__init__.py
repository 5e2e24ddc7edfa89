"""Playing a session: the player state machine, its timed steps, events, cues and sounds, what it
shows and leaves behind.

May import: app.core, app.core.content.
"""
