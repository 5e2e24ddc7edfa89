"""What a write changed, so each page can decide for itself whether to redraw (Anki's
OpChanges): the store's write operations return a :class:`Changes`, the window sends it on
one signal, and Today or History look at the kinds they show. Pure Python; no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """A kind of stored data a page may show."""

    SESSIONS = "sessions"  # a session started, ended, reopened or deleted; a set recorded
    CHECKINS = "checkins"  # how a session went (efforts, note)
    CHECKS = "checks"  # a check added, edited, deleted or brought back
    ROUTINE = "routine"  # a saved ("for every session") exercise choice
    SETTINGS = "settings"  # a stored setting: which ones in Changes.settings


@dataclass(frozen=True)
class Changes:
    """The kinds of data one operation changed. ``settings`` names the setting keys it
    wrote; None means any of them (a restored or imported file). ``replaced``: the file
    itself was replaced (a backup restored), so nothing read from it before still holds."""

    kinds: frozenset[Kind] = frozenset()
    settings: frozenset[str] | None = frozenset()
    replaced: bool = False

    @classmethod
    def of(cls, *kinds: Kind) -> Changes:
        """Changes of these kinds (with SETTINGS: any setting)."""
        return cls(frozenset(kinds), None if Kind.SETTINGS in kinds else frozenset())

    @classmethod
    def setting(cls, key: str) -> Changes:
        """The one setting ``key`` was written."""
        return cls(frozenset({Kind.SETTINGS}), frozenset({key}))

    @classmethod
    def everything(cls) -> Changes:
        """The whole file may differ: a backup restored in its place."""
        return cls(frozenset(Kind), None, replaced=True)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        settings = (
            None
            if self.settings is None or other.settings is None
            else self.settings | other.settings
        )
        return Changes(self.kinds | other.kinds, settings, self.replaced or other.replaced)

    def touches(self, kinds: Collection[Kind], settings: Collection[str] = ()) -> bool:
        """Whether a page showing data of ``kinds`` and the setting keys ``settings`` may
        now be out of date."""
        if any(kind in self.kinds for kind in kinds if kind is not Kind.SETTINGS):
            return True
        if Kind.SETTINGS not in self.kinds:
            return False
        return self.settings is None or not self.settings.isdisjoint(settings)


NOTHING = Changes()


class Added(int):
    """The id of a row just added, still an int wherever an id is wanted, with what adding
    it changed (``changes``)."""

    changes: Changes

    def __new__(cls, value: int, changes: Changes) -> Added:
        added = super().__new__(cls, value)
        added.changes = changes
        return added
