"""The exercises and their safety words, loaded and validated from app/content/*.toml.

May import: nothing else in app.
"""
