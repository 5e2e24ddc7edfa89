"""Kept check photos beside a JSON backup: written out with it, brought back on import.

The JSON backup names each reading's photo (``trials[].photo``); the photos themselves go in
a zip beside it, ``<backup>-photos.zip`` (``inward-backup.json`` ->
``inward-backup-photos.zip``), one JPEG per member under its own name, stored as they are
(a JPEG does not compress further). Not inside the JSON as base64: a year of weekly checks
measured on photos is ~300 photos of ~0.3 MB, which as base64 text would take the JSON to
the import's 200 MB limit within a few years and make every import parse it all; the zip is
read one member at a time, each bounded, and only for the photos the backup names.

Import restores the photos the backup's readings name and this computer lacks; a photo of
the same name already here is kept as it is (never replaced). Nothing here touches the
database: the callers restore photos first and remove them again if the import then fails.
Plain Python, no Qt, so the command line can use it.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.backup.format import Backup, BackupError
from app.core.checks.validation import is_photo_name
from app.core.formatting import plural
from app.db.atomic_files import atomic_write, write_atomically
from app.db.private_files import make_private

ARCHIVE_SUFFIX = "-photos.zip"
#: A kept photo is at most 1600 pixels on its longest side (~0.2-0.6 MB); anything far
#: larger in the zip is not one of Inward's, and is not read.
MAX_PHOTO_BYTES = 20 * 1024 * 1024
JPEG_START = b"\xff\xd8\xff"


def archive_path(backup_path: Path) -> Path:
    """Where the photos of the backup at ``backup_path`` go: beside it, named after it."""
    backup_path = Path(backup_path)
    return backup_path.with_name(backup_path.stem + ARCHIVE_SUFFIX)


def _bare(name: object) -> bool:
    return isinstance(name, str) and is_photo_name(name)


def named_photos(checks: Iterable[Mapping[str, Any]]) -> list[str]:
    """The photo names an exported document's checks give, each once, in order."""
    names: dict[str, None] = {}
    for check in checks:
        for trial in check.get("trials", ()):
            name = trial.get("photo")
            if _bare(name):
                names[name] = None
    return list(names)


def _regular_size(path: Path) -> int | None:
    """The size of a regular file at ``path``; None for anything else (missing, a folder, a
    named pipe that would block a read)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


@dataclass(frozen=True)
class PhotoExport:
    archive: Path | None  # None: no photo to write
    written: int = 0
    missing: tuple[str, ...] = ()  # named by a reading, not on this computer

    def line(self) -> str:
        """What to add to the export's message ("" when the backup names no photo)."""
        parts = []
        if self.archive is not None:
            parts.append(
                f"{plural(self.written, 'kept photo')} went to {self.archive} beside it; keep "
                "the two files together"
            )
        if self.missing:
            parts.append(
                f"{plural(len(self.missing), 'photo')} the checks name "
                f"{'is' if len(self.missing) == 1 else 'are'} no longer in the photos folder"
            )
        return ("; ".join(parts) + ".") if parts else ""


def export_photos(
    checks: Iterable[Mapping[str, Any]], photos_dir: Path, backup_path: Path
) -> PhotoExport:
    """Write the kept photos the exported ``checks`` name into the zip beside
    ``backup_path`` (owner-only, replaced only once complete). No zip when there is none."""
    present, missing = [], []
    for name in named_photos(checks):
        size = _regular_size(Path(photos_dir) / name)
        if size is None or size > MAX_PHOTO_BYTES:
            missing.append(name)
        else:
            present.append(name)
    if not present:
        return PhotoExport(None, 0, tuple(missing))
    target = archive_path(backup_path)
    with atomic_write(target) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:
        for name in present:
            archive.write(Path(photos_dir) / name, arcname=name)
    return PhotoExport(target, len(present), tuple(missing))


@dataclass(frozen=True)
class PhotoImport:
    """The photos an import would bring: read from ``archive``, none written yet."""

    archive: Path
    to_add: tuple[str, ...] = ()
    present: int = 0  # already in the photos folder, kept as they are
    missing: tuple[str, ...] = ()  # named by a reading, not in the zip (or no zip)

    def line(self) -> str:
        """One sentence for the import's summary ("" when the backup names no photo)."""
        parts = []
        if self.to_add:
            parts.append(f"{plural(len(self.to_add), 'photo')} to bring from {self.archive}")
        if self.present:
            parts.append(f"{plural(self.present, 'photo')} already here")
        if self.missing:
            name = self.archive.name
            why = f"not in {name}" if self.archive.is_file() else f"no {name} beside the backup"
            parts.append(
                f"{plural(len(self.missing), 'photo')} missing ({why}): those readings come "
                "in without their photo"
            )
        return ("Photos: " + "; ".join(parts) + ".") if parts else ""


def _damaged(archive: Path, why: str) -> BackupError:
    return BackupError(
        f"the photos file {archive} beside the backup {why}. Move it elsewhere to import "
        "the backup without its photos"
    )


def plan_photos(backup: Backup, backup_path: Path, photos_dir: Path) -> PhotoImport:
    """Which named photos the zip beside ``backup_path`` can bring; reads only its index.

    BackupError when the zip is there but damaged or not Inward's (nothing is imported)."""
    archive = archive_path(backup_path)
    wanted: dict[str, None] = {}
    for check in backup.checks:
        for trial in check.record.trials:
            if trial.photo is not None and is_photo_name(trial.photo):
                wanted[trial.photo] = None
    if not wanted:
        return PhotoImport(archive)
    here = [name for name in wanted if _regular_size(Path(photos_dir) / name) is not None]
    needed = [name for name in wanted if name not in set(here)]
    sizes: dict[str, int] = {}
    if needed and _regular_size(archive) is not None:
        try:
            with zipfile.ZipFile(archive) as zipped:
                sizes = {info.filename: info.file_size for info in zipped.infolist()}
        except (OSError, zipfile.BadZipFile, ValueError) as error:
            raise _damaged(archive, f"cannot be read ({error})") from error
    to_add = [name for name in needed if name in sizes]
    for name in to_add:
        if sizes[name] > MAX_PHOTO_BYTES:
            raise _damaged(archive, f"holds {name} of {sizes[name]:,} bytes, too large")
    missing = [name for name in needed if name not in sizes]
    return PhotoImport(archive, tuple(to_add), len(here), tuple(missing))


def restore_photos(plan: PhotoImport, photos_dir: Path) -> list[Path]:
    """Write the planned photos into ``photos_dir`` (made owner-only), each under a
    temporary name first; returns the files added. On any failure the ones already added
    are removed again and BackupError (a bad member) or OSError (the disk) is raised."""
    if not plan.to_add:
        return []
    photos_dir = Path(photos_dir)
    added: list[Path] = []
    try:
        if not photos_dir.is_dir():
            photos_dir.mkdir(parents=True, exist_ok=True)
            make_private(photos_dir)
        with zipfile.ZipFile(plan.archive) as zipped:
            for name in plan.to_add:
                target = photos_dir / name
                if os.path.lexists(target):
                    continue  # appeared meanwhile: the one here stays
                with zipped.open(name) as member:
                    data = member.read(MAX_PHOTO_BYTES + 1)
                if len(data) > MAX_PHOTO_BYTES or not data.startswith(JPEG_START):
                    raise _damaged(plan.archive, f"holds {name}, which is not a kept photo")
                _write_new(target, data)
                added.append(target)
    except zipfile.BadZipFile as error:
        remove_photos(added)
        raise _damaged(plan.archive, f"cannot be read ({error})") from error
    except BaseException:
        remove_photos(added)
        raise
    return added


def _write_new(target: Path, data: bytes) -> None:
    write_atomically(target, data)  # owner-only, as the photos the app keeps


def remove_photos(paths: Iterable[Path]) -> None:
    """Take back photos an import added (the import itself then failed)."""
    for path in paths:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            continue
