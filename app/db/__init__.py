"""Storage for Inward: SQLAlchemy models, the Store API and Alembic migrations.

Import the modules themselves (`app.db.store`, `app.db.glance`): this package file stays
empty so that the plain-sqlite3 start-up path never pulls in SQLAlchemy by accident.
"""
