"""Reading one big JSON document a piece at a time, with every piece bounded before it is built.

Parsed whole, JSON can cost far more memory than its text: ``[[],[],...]`` is 3 bytes an entry
on disk and about 64 in Python, so a 190 MB backup of it took 16 GB. :class:`JsonStream`
keeps only a window of the text (decoded from UTF-8 as it is read) and parses one value at a
time out of it with the standard library's C parser, never letting a value's text grow past
the limit the caller gives: the objects built for one value are then bounded too, and a value
that is larger is refused as soon as its first ``limit`` characters have been seen.

The caller walks the outer structure itself (:meth:`peek`, :meth:`take`) and asks for the
inner values (:meth:`value`); app/db/transfer/backup_reader.py reads a backup so, one session at a
time.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from typing import Any, BinaryIO

CHUNK_BYTES = 256 * 1024
#: A parse that fails this close to the end of the window may only have run out of text.
_TAIL = 16
_SPACE = re.compile(r"[ \t\n\r]*")


class StreamError(ValueError):
    """The text cannot be read as JSON; ``line`` and ``column`` are 1-based, as json's."""

    def __init__(self, message: str, line: int, column: int, *, cut: bool, unclosed: bool):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.cut = cut  # the text ends too soon: the file may have been cut short
        self.unclosed = unclosed  # a string runs to the end of the file


class NotUtf8Error(ValueError):
    def __init__(self, byte: int) -> None:
        super().__init__(f"not UTF-8 at byte {byte}")
        self.byte = byte


class FileGrewError(ValueError):
    """The file holds more than the ``max_bytes`` it was allowed (it grew while read)."""


class TooLargeError(ValueError):
    """A value runs past the limit it was given; nothing beyond its first part was built."""

    def __init__(self, limit: int, first: str) -> None:
        super().__init__(f"a value over {limit:,} characters")
        self.limit = limit
        self.first = first  # the value's first character: what kind of value it is


class JsonStream:
    """A window onto ``source``'s UTF-8 text (a byte order mark is skipped)."""

    def __init__(
        self,
        source: BinaryIO,
        decoder: json.JSONDecoder,
        *,
        chunk_bytes: int = CHUNK_BYTES,
        max_bytes: int | None = None,
        on_read: Callable[[int], None] | None = None,
    ) -> None:
        self._source = source
        self._json = decoder
        self._chunk = chunk_bytes
        self._max_bytes = max_bytes
        self._on_read = on_read
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")()
        self._text = ""
        self._pos = 0
        self._eof = False
        self.bytes_read = 0
        self._line = 1  # line and column of self._text[0]
        self._column = 1

    # -- the window -------------------------------------------------------------------------

    def _fill(self) -> None:
        """Drop what has been read, and add the next chunk (or note the end)."""
        if self._eof:
            return
        data = self._source.read(self._chunk)
        if self._max_bytes is not None and self.bytes_read + len(data) > self._max_bytes:
            raise FileGrewError(f"over {self._max_bytes:,} bytes")
        pending = len(self._utf8.getstate()[0])
        try:
            new = self._utf8.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise NotUtf8Error(self.bytes_read - pending + error.start) from error
        self.bytes_read += len(data)
        if not data:
            self._eof = True
        if self._pos:
            dropped = self._text[: self._pos]
            lines = dropped.count("\n")
            if lines:
                self._line += lines
                self._column = self._pos - dropped.rfind("\n")
            else:
                self._column += self._pos
            self._text = self._text[self._pos :] + new
            self._pos = 0
        else:
            self._text += new
        if self._on_read is not None and data:
            self._on_read(self.bytes_read)

    def _where(self, offset: int) -> tuple[int, int]:
        lines = self._text.count("\n", 0, offset)
        if lines:
            return self._line + lines, offset - self._text.rfind("\n", 0, offset)
        return self._line, self._column + offset

    def error(self, message: str, offset: int | None = None, *, unclosed: bool = False) -> None:
        """Raise a StreamError at ``offset`` in the window (default: where reading is)."""
        at = self._pos if offset is None else offset
        cut = self._eof and (unclosed or at >= len(self._text.rstrip()))
        line, column = self._where(at)
        raise StreamError(message, line, column, cut=cut, unclosed=unclosed)

    # -- reading ----------------------------------------------------------------------------

    def peek(self) -> str:
        """The next character after any white space, or "" at the end of the text."""
        while True:
            self._pos = _SPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text) or self._eof:
                return self._text[self._pos] if self._pos < len(self._text) else ""
            self._fill()

    def take(self, char: str, expecting: str) -> None:
        """Read ``char`` (after white space) or raise json's own words for what was wanted."""
        if self.peek() != char:
            self.error(expecting)
        self._pos += 1

    def value(self, limit: int) -> Any:
        """The next JSON value, if its text is at most ``limit`` characters (TooLargeError
        otherwise, raised once that many have been seen: nothing more is parsed)."""
        first = self.peek()
        while True:
            text, start = self._text, self._pos
            try:
                value, end = self._json.raw_decode(text, start)
            except json.JSONDecodeError as error:
                unclosed = error.msg.startswith("Unterminated string")
                ran_out = unclosed or error.pos >= len(text) - _TAIL
                if ran_out and not self._eof:
                    self._more(limit, first)
                    continue
                self.error(error.msg, error.pos, unclosed=unclosed)
            if end >= len(text) - _TAIL and not self._eof:  # a number may go on: look further
                self._more(limit, first)
                continue
            if end - start > limit:
                raise TooLargeError(limit, first)
            self._pos = end
            return value

    def _more(self, limit: int, first: str) -> None:
        if len(self._text) - self._pos > limit:
            raise TooLargeError(limit, first)
        self._fill()

    def at_end(self) -> bool:
        return self.peek() == ""
