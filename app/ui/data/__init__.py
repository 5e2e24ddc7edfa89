"""The person's data file cared for: daily backups, damage and restore, read-only folders, export
and import.

May import: app.core, app.core.backup, app.data_dir, app.db, app.db.transfer, app.ui.common.
"""
