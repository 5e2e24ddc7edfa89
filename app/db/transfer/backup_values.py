"""Values as the backup writes them and the data file stores them: a stored time in the
backup's form (what an export writes and what an import matches on), and a value as JSON text.
"""

from __future__ import annotations

import json
from typing import Any, overload

from app.core.backup.document import utc_text
from app.db.times import from_utc_text


@overload
def backup_time(text: str) -> str: ...
@overload
def backup_time(text: None) -> None: ...
def backup_time(text: str | None) -> str | None:
    """A stored time in the backup's form, so the same instant always gives the same text;
    text no longer readable as a time is kept as it is."""
    if text is None:
        return None
    try:
        return utc_text(from_utc_text(text))
    except (TypeError, ValueError):
        return text


def json_text(value: Any) -> str:
    """``value`` as JSON text, as the backup and the data file's JSON columns hold it;
    TypeError/ValueError for what JSON cannot hold (NaN and Infinity would not load in other
    tools), before anything is written."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)
