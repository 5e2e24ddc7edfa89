"""Developer tools run with ``python -m app.tools.<name>``; not imported by the app itself."""
