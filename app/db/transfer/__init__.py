"""Data out and in: the backup file and the CSV tables written from the data file, a backup
file read in bounded pieces, and an import that adds only what the data file lacks.

The modules are imported by name when the person exports or imports, never at start-up.
"""
