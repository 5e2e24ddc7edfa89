"""Storage for Inward: SQLAlchemy models, the Store API and Alembic migrations.

Imported lazily by the UI (it pulls in SQLAlchemy); never imports PySide6 or app.ui.
"""

from app.db.errors import DatabaseError, DatabaseTooNewError
from app.db.store import Store

__all__ = ["DatabaseError", "DatabaseTooNewError", "Store"]
