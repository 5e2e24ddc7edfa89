"""Reading a backup file: refused over :data:`MAX_FILE_BYTES` before a byte is read, then
parsed a piece at a time and checked one session or check at a time, so memory stays within a
few times the file's size; a JSON syntax error is named by its line and column.

The checking itself is app/core/backup/validate.py; the pieces come from
app/core/backup/json_stream.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.backup.fields import read_list
from app.core.backup.format import Backup, BackupError, ImportCancelled
from app.core.backup.json_stream import (
    FileGrewError,
    JsonStream,
    NotUtf8Error,
    StreamError,
    TooLargeError,
)
from app.core.backup.validate import LIST_MEMBERS, BackupBuilder, validate_backup
from app.db.transfer.gc_pause import no_collections

#: A backup file larger than this is refused before it is read (10 years is ~40 MB).
MAX_FILE_BYTES = 200 * 1024 * 1024


def _refuse_constant(name: str) -> Any:
    raise BackupError(f"the file holds {name}, which is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise BackupError(f"the file gives the key {key!r} twice in one object")
            seen.add(key)
    return result


#: The most text one entry may take: a session (up to 2,000 sets and its plan, under 1 MB as
#: Inward writes it), a check, the settings, the exercise choices or any other member.
#: Parsing is bounded by it, so no entry can cost more than a few tens of MB in memory.
MAX_ENTRY_CHARS = 2 * 2**20


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)


_STARTS = {"{": "an object", "[": "a list", '"': "text", "t": "true", "f": "false", "n": "null"}


def _too_large(where: str, error: TooLargeError) -> BackupError:
    kind = _STARTS.get(error.first, "a number")
    return BackupError(
        f"is too large: {kind} of over {error.limit:,} characters, far more than Inward ever "
        "writes there, so it was not read",
        where,
    )


def _read_list(
    stream: JsonStream,
    name: str,
    builder: BackupBuilder,
    cancelled: Callable[[], bool] | None,
) -> None:
    """One top-level list, an entry at a time: each is checked and kept as typed records,
    and its parsed JSON let go, before the next is read."""
    limit = LIST_MEMBERS[name]
    add = builder.add_session if name == "sessions" else builder.add_check
    if stream.peek() != "[":
        first = stream.peek()
        try:
            value = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError:
            value = {"{": {}, '"': "..."}.get(first, 0)
        builder.defer(lambda: read_list(value, name, limit))
        return
    stream.take("[", "")
    if stream.peek() == "]":
        stream.take("]", "")
        return
    index = 0
    while True:
        if index >= limit:
            raise BackupError(
                f"holds more than {limit:,} entries; a backup may hold at most {limit:,}", name
            )
        try:
            raw = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError as error:
            raise _too_large(f"{name}[{index}]", error) from None
        builder.defer(lambda: add(raw, index))  # noqa: B023 - called at once
        del raw
        index += 1
        if cancelled is not None and cancelled():
            raise ImportCancelled
        if stream.peek() == "]":
            stream.take("]", "")
            return
        stream.take(",", "Expecting ',' delimiter")


def _read_document(stream: JsonStream, cancelled: Callable[[], bool] | None) -> Backup:
    """The top-level object member by member; the lists go entry by entry (_read_list)."""
    if stream.peek() != "{":
        try:
            whole = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError as error:
            kind = _STARTS.get(error.first, "a number")
            message = f"a backup must be a JSON object {{...}}, this file holds {kind}"
            raise BackupError(message) from None
        if not stream.at_end():
            stream.error("Extra data")
        return validate_backup(whole)
    stream.take("{", "")
    builder = BackupBuilder()
    seen: set[str] = set()
    while stream.peek() != "}" or seen:
        if stream.peek() != '"':
            stream.error("Expecting property name enclosed in double quotes")
        try:
            key = stream.value(MAX_ENTRY_CHARS)
        except TooLargeError:
            raise BackupError("the file holds a name of over 2 MB, so it was not read") from None
        if key in seen:
            raise BackupError(f"the file gives the key {key!r} twice in one object")
        seen.add(key)
        stream.take(":", "Expecting ':' delimiter")
        if key in LIST_MEMBERS:
            _read_list(stream, key, builder, cancelled)
        else:
            try:
                value = stream.value(MAX_ENTRY_CHARS)
            except TooLargeError as error:
                raise _too_large(key, error) from None
            if key == "settings":
                builder.defer(lambda: builder.set_settings(value))  # noqa: B023 - called at once
            elif key == "exercise_choices":
                builder.defer(lambda: builder.set_choices(value))  # noqa: B023 - called at once
            else:
                builder.top[key] = value
                builder.check_format()
        if stream.peek() == "}":
            break
        stream.take(",", "Expecting ',' delimiter")
    stream.take("}", "")
    if not stream.at_end():
        stream.error("Extra data")
    return builder.finish()


def read_backup_file(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Backup:
    """Read, parse and validate a JSON backup; BackupError (one line) for anything wrong.

    The size is checked before a byte is read, so a huge file costs nothing. The file is
    then read a piece at a time (app/core/backup/json_stream.py) and each session or check turned
    into typed records as it comes, so memory stays within a few times the file's size
    whatever it holds. ``progress(bytes_read, size)`` is called as it goes; ``cancelled()``,
    asked after each entry, stops the reading with ImportCancelled.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise BackupError(f"{path} is a folder, not a backup file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BackupError(
                f"the file {path} is {size:,} bytes; Inward reads backups of up to "
                f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 2**20} MB)"
            )
        with path.open("rb") as source, no_collections():
            on_read = None if progress is None else (lambda done: progress(done, size))
            stream = JsonStream(source, _decoder(), max_bytes=MAX_FILE_BYTES, on_read=on_read)
            if stream.at_end():
                raise BackupError(f"the file {path} is empty")
            return _read_document(stream, cancelled)
    except FileNotFoundError as exc:
        raise BackupError(f"there is no file {path}") from exc
    except OSError as exc:
        raise BackupError(f"Inward could not read {path} ({exc.strerror or exc})") from exc
    except FileGrewError as exc:  # grew while we read it
        raise BackupError(f"the file {path} is over {MAX_FILE_BYTES // 2**20} MB") from exc
    except NotUtf8Error as exc:
        raise BackupError(
            f"the file {path} is not UTF-8 text (byte {exc.byte:,}); is it an Inward backup?"
        ) from exc
    except StreamError as exc:
        # Cut short: the parser ran out of text, or out of a string (JSON strings hold no
        # line breaks, so an unclosed one always runs to the end).
        why = (
            "it ends too soon, so it may have been cut short" if exc.cut else "it is not valid JSON"
        )
        where = f"line {exc.line}, column {exc.column}"
        detail = (
            f"a text starting at {where} is never closed"
            if exc.unclosed
            else f"{exc.message} at {where}"
        )
        raise BackupError(f"the file {path} cannot be read: {why} ({detail})") from exc
    except RecursionError as exc:
        raise BackupError(f"the file {path} nests its values too deeply") from exc
    except BackupError:
        raise
    except ValueError as exc:  # e.g. a number of more digits than Python converts
        raise BackupError(f"the file {path} cannot be read: {exc}") from exc
