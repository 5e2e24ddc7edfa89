"""Photos for the goniometer: load one upright and display-sized, keep one if asked.

Pillow is imported inside the functions, the first time a photo is opened or kept: it is
never on the start-up path. Every failure becomes a :class:`PhotoError` whose message is
meant to be shown to the person as it is.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QImage

from app.db.atomic_files import atomic_write
from app.db.private_files import make_private

MAX_MEGAPIXELS = 80  # decoded whole (PNG, WebP, ...): 80 MP takes under 0.3 GB of RAM
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
# A JPEG decodes at 1/2, 1/4 or 1/8 scale (Pillow's draft mode, used by thumbnail()): a
# 108 MP phone photo costs what a 7 MP one does, a 200 MP one what a 3 MP one does.
MAX_JPEG_MEGAPIXELS = 210
MAX_JPEG_PIXELS = MAX_JPEG_MEGAPIXELS * 1_000_000
SCALED_FORMATS = ("JPEG", "MPO")
# 16-bit greyscale (scans, some TIFF and PNG files): shown as 8-bit by keeping the high byte.
SIXTEEN_BIT_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N")
MAX_FILE_MB = 60  # checked before decoding anything
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
DISPLAY_SIDE = 2048  # longest side of the photo as shown
KEPT_SIDE = 1600  # longest side of a photo kept in the data folder
KEPT_QUALITY = 88

# The formats a phone or a camera hands over. Restricting Pillow to these keeps its rarer,
# less-tested decoders away from files dropped on the window. ("JPEG" also opens the MPO
# files some phones save: Pillow's JPEG reader hands those over itself.)
FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF")

_ORIENTATION_TAG = 0x0112
_QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_PIXELS_IN_MESSAGE = re.compile(r"\((\d+) pixels\)")


class PhotoError(Exception):
    """A photo could not be used; ``str(error)`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LoadedPhoto:
    """A photo ready to show: upright, RGB, longest side at most the display limit.

    ``original_size`` is the upright photo's full size in pixels and ``scale`` is the
    displayed size over it (1.0 when the photo was small enough already).
    """

    image: QImage
    original_size: tuple[int, int]
    scale: float
    path: Path | None = None

    @property
    def size(self) -> tuple[int, int]:
        return self.image.width(), self.image.height()


def _too_large(pixels: int | None, limit: int = MAX_MEGAPIXELS) -> PhotoError:
    # Rounded up: 80.4 megapixels must not read as "80 megapixels; up to 80 allowed".
    amount = f"{math.ceil(pixels / 1_000_000)} megapixels" if pixels else "too many pixels"
    return PhotoError(
        f"This image is too large ({amount}; up to {limit} allowed). "
        "Take a smaller photo or shrink this one first."
    )


def _not_an_image(reason: str) -> PhotoError:
    return PhotoError(
        f"This file is not an image Inward can read ({reason}). "
        "Use a JPEG or PNG photo, as a phone or camera saves it."
    )


def _damaged(error: BaseException) -> PhotoError:
    text = str(error).lower()
    if "truncated" in text or isinstance(error, EOFError):
        reason = "the file ends too early"
    else:
        reason = "its picture data does not decode"
    return PhotoError(
        f"This image seems damaged and cannot be shown ({reason}). "
        "Try copying it from the phone or camera again."
    )


def _limit_for(head: bytes) -> int:
    """The megapixel limit for a file starting with ``head``: higher for a JPEG."""
    return MAX_JPEG_MEGAPIXELS if head.startswith(b"\xff\xd8\xff") else MAX_MEGAPIXELS


def _looks_like_heic(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"hevc"}


def _open_file(path: Path):
    from app.db.regular_files import NotAFile, open_regular

    try:
        handle = open_regular(path)  # a named pipe would keep open() waiting for ever
    except NotAFile as error:
        raise PhotoError(f"“{path.name}” is {error.kind}, not a photo.") from None
    except FileNotFoundError:
        raise PhotoError(f"Inward cannot find the file “{path.name}”. It may have moved.") from None
    except IsADirectoryError:
        raise PhotoError(f"“{path.name}” is a folder, not a photo.") from None
    except PermissionError:
        raise PhotoError(
            f"Inward is not allowed to read “{path.name}”. Check the file's permissions."
        ) from None
    except OSError as error:
        raise PhotoError(
            f"Inward could not read “{path.name}” ({error.strerror or error})."
        ) from None
    return handle


def load_photo(path: Path, max_side: int = DISPLAY_SIDE) -> LoadedPhoto:
    """Open a photo upright (EXIF orientation applied), downscaled to ``max_side``, as RGB.

    Raises PhotoError for a missing or unreadable file, one larger than MAX_FILE_MB, one
    that is not an image in a supported format, a damaged image, and an image of more
    than MAX_MEGAPIXELS (a decompression bomb needs only a few bytes on disk).
    """
    from PIL import Image, UnidentifiedImageError

    # Pillow warns above this many pixels and refuses twice as many; the warning is turned
    # into an error below, so this is the limit for a JPEG, and _prepare holds the other
    # formats, which have no reduced decoding, to MAX_PIXELS.
    Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS

    path = Path(path)
    with _open_file(path) as handle:
        try:
            size_bytes = os.fstat(handle.fileno()).st_size
            head = handle.read(16)
            handle.seek(0)
        except OSError as error:
            raise PhotoError(
                f"Inward could not read “{path.name}” ({error.strerror or error})."
            ) from None
        if size_bytes == 0:
            raise _not_an_image("the file is empty")
        if size_bytes > MAX_FILE_BYTES:
            raise PhotoError(
                f"This file is too large for a photo ({size_bytes / 1024 / 1024:.0f} MB; "
                f"up to {MAX_FILE_MB} MB allowed)."
            )
        if _looks_like_heic(head):
            raise _not_an_image(
                "it is a HEIC photo; on the phone, share or export it as JPEG instead"
            )
        with warnings.catch_warnings():
            # Pillow's other warnings (odd EXIF data and the like) are no reason to refuse
            # a photo that shows; the bomb warning is.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(handle, formats=FORMATS) as opened:
                    return _prepare(opened, path, max_side)
            except PhotoError:
                raise
            except UnidentifiedImageError:
                raise _not_an_image("its contents are not a photo format Inward knows") from None
            except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
                found = _PIXELS_IN_MESSAGE.search(str(error))
                pixels = int(found.group(1)) if found else None
                raise _too_large(pixels, _limit_for(head)) from None
            except MemoryError:
                raise _too_large(None) from None
            except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as error:
                raise _damaged(error) from error


def _prepare(opened, path: Path, max_side: int) -> LoadedPhoto:
    from PIL import Image, ImageOps

    width, height = opened.size
    if opened.format in SCALED_FORMATS:
        if width * height > MAX_JPEG_PIXELS:  # also when someone lifted Pillow's own limit
            raise _too_large(width * height, MAX_JPEG_MEGAPIXELS)
    elif width * height > MAX_PIXELS:
        raise _too_large(width * height)
    orientation = opened.getexif().get(_ORIENTATION_TAG, 1)
    upright = (height, width) if orientation in _QUARTER_TURNS else (width, height)
    # The bound is square, so it holds before and after the rotation: shrinking first lets
    # JPEG decode at a fraction of the size (draft mode) and rotates fewer pixels.
    opened.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    image = ImageOps.exif_transpose(opened)
    if image.mode in SIXTEEN_BIT_MODES:  # convert("RGB") would clip every grey above 255
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    data = image.tobytes("raw", "RGB")
    qimage = QImage(
        data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888
    ).copy()  # own the pixels: `data` is freed when this function returns
    return LoadedPhoto(qimage, upright, image.width / upright[0], path)


def save_kept_photo(image: QImage, folder: Path, stem: str, max_side: int = KEPT_SIDE) -> str:
    """Write ``image`` as a JPEG, longest side at most ``max_side``, into ``folder``.

    Returns the file name (``stem.jpg``, or ``stem-2.jpg`` and so on when that is taken:
    a kept photo is never overwritten). The JPEG is encoded from the pixels alone, so the
    phone's EXIF data (location, device) is not kept. Raises PhotoError when the folder
    cannot be written, ValueError for a stem that is not a plain file name.
    """
    from PIL import Image

    if not stem or stem in {".", ".."} or any(sep in stem for sep in ("/", "\\", "\0")):
        raise ValueError(f"Not a plain file name for a kept photo: {stem!r}")
    if image.isNull():
        raise ValueError("There is no photo to keep.")
    from PySide6.QtCore import Qt

    if max(image.width(), image.height()) > max_side:
        image = image.scaled(
            max_side,
            max_side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    pixels = Image.frombytes(
        "RGB", (width, height), bytes(rgb.constBits()), "raw", "RGB", rgb.bytesPerLine(), 1
    )
    folder = Path(folder)
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            make_private(folder)  # photos of the person's legs: theirs alone to see
        name = f"{stem}.jpg"
        number = 1
        while (folder / name).exists():
            number += 1
            name = f"{stem}-{number}.jpg"
        with atomic_write(folder / name) as handle:  # never a half-written photo
            pixels.save(handle, "JPEG", quality=KEPT_QUALITY, optimize=True)
    except OSError as error:
        raise PhotoError(
            f"Inward could not keep the photo in {folder} ({error.strerror or error})."
        ) from None
    return name
